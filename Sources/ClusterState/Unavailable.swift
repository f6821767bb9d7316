/// Why a source could not list a kind: the data is not there, so a check that needs it is
/// inconclusive (never pass, never fail).
public struct Unavailable: Error, Sendable, Hashable, CustomStringConvertible {
    /// The three ways data can be missing.
    public enum Reason: String, Sendable, Hashable {
        /// The recording does not hold this kind or namespace.
        case notCaptured = "not-captured"
        /// The API server refused (RBAC), live or when the recording was made.
        case forbidden
        /// The cluster could not be reached.
        case unreachable
    }

    public var reason: Reason
    public var kind: ResourceKind
    /// The namespace asked for; `nil` for all namespaces or cluster-scoped kinds.
    public var namespace: String?
    /// Extra words from the source (`cluster-info dump never holds ConfigMaps`).
    public var detail: String

    public init(_ reason: Reason, kind: ResourceKind, namespace: String?, detail: String = "") {
        self.reason = reason
        self.kind = kind
        self.namespace = namespace
        self.detail = detail
    }

    /// `ConfigMap in tkg-system-public not captured (cluster-info dump never holds ConfigMaps)`.
    public var description: String {
        var s = kind.description
        if let namespace { s += " in \(namespace)" }
        switch reason {
        case .notCaptured: s += " not captured"
        case .forbidden: s += " forbidden"
        case .unreachable: s += " unreachable"
        }
        if !detail.isEmpty { s += " (\(detail))" }
        return s
    }
}
