/// Every check of the library, sorted by id. Adding a check is one line here (kept sorted; a test checks).
public enum CheckRegistry {
    public static let all: [any Check.Type] = [
        AntiAffinityCheck.self,
        CAPIReadyCheck.self,
        KubernetesVersionCheck.self,
        ManagementHygieneCheck.self,
        NodeCountCheck.self,
        NodesReadyCheck.self,
        PackagesReconciledCheck.self,
        PhaseDurationCheck.self,
        PodsCheck.self,
        PodsHealthyCheck.self,
        ProxyConfigCheck.self,
        ReferenceDesignCheck.self,
        ResourceCheck.self,
        TKGBomCheck.self,
        VersionSkewCheck.self,
        WarningEventsCheck.self,
    ]

    /// The check type with this id.
    public static func named(_ id: String) -> (any Check.Type)? { all.first { $0.id == id } }

    /// Every id, sorted.
    public static var ids: [String] { all.map { $0.id } }
}
