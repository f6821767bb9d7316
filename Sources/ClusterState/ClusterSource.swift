/// Where verify reads a cluster's objects from: a live API server (through kubectl, issue 6) or a
/// recording on disk (`SnapshotSource`).
///
/// A source answers one question — list the objects of a kind, in one namespace or all — and says
/// plainly when it cannot: not captured, forbidden and unreachable are distinct `Unavailable` results
/// so that checks become inconclusive instead of passing on empty lists.
public protocol ClusterSource: Sendable {
    /// What this source is and when it was captured.
    var info: SourceInfo { get }

    /// Lists objects of `kind` in `namespace` (`nil`: all namespaces, or a cluster-scoped kind).
    func list(_ kind: ResourceKind, namespace: String?) async -> Result<ObjectList, Unavailable>
}

/// The objects a source listed, and whether the list is complete.
public struct ObjectList: Sendable {
    public var objects: [KubeObject]
    /// For an all-namespaces list from a recording that covers only some namespaces: those
    /// namespaces, sorted. `nil` when the list is complete.
    public var coveredNamespaces: [String]?

    public init(_ objects: [KubeObject], coveredNamespaces: [String]? = nil) {
        self.objects = objects
        self.coveredNamespaces = coveredNamespaces
    }

    /// Whether the list covers every namespace asked for.
    public var isComplete: Bool { coveredNamespaces == nil }
}

/// Facts about a source for reports: its form, the capture time, context and server version when known.
public struct SourceInfo: Sendable, Hashable {
    /// How the source reads: `snapshot`, `cluster-info dump`, `diagnostics bundle`, `kubectl`, `memory`.
    public var format: String
    /// Where it reads from (a folder, a file, a kubeconfig context).
    public var location: String
    /// Whether the source is a live cluster (time modes poll) or a recording (evaluated once).
    public var isLive: Bool
    public var capturedAt: String?
    public var context: String?
    public var serverVersion: String?

    public init(format: String, location: String, isLive: Bool = false, capturedAt: String? = nil,
                context: String? = nil, serverVersion: String? = nil) {
        self.format = format
        self.location = location
        self.isLive = isLive
        self.capturedAt = capturedAt
        self.context = context
        self.serverVersion = serverVersion
    }
}
