/// The objects of a recording held in memory, what the recording covers and what failed when it was
/// made. `SnapshotSource` and `InMemorySource` answer `list` from one of these.
///
/// Secret objects are never stored: `add` drops them, so nothing downstream can print one.
public struct RecordedCluster: Sendable {
    /// Which namespaces of a kind a recording holds.
    public enum Coverage: Sendable, Hashable {
        case allNamespaces
        case namespaces(Set<String>)
    }

    /// A kind the recorder tried to capture and could not.
    public struct Failure: Sendable, Hashable {
        public var kind: ResourceKind
        /// `nil`: every namespace.
        public var namespace: String?
        public var reason: Unavailable.Reason
        public var message: String

        public init(kind: ResourceKind, namespace: String?, reason: Unavailable.Reason, message: String) {
            self.kind = kind
            self.namespace = namespace
            self.reason = reason
            self.message = message
        }
    }

    private var byKind: [ResourceKind: [String: [KubeObject]]] = [:]
    public private(set) var coverage: [ResourceKind: Coverage] = [:]
    public var failures: [Failure] = []
    /// Why a kind that is not covered is missing, for messages (`cluster-info dump never holds ConfigMaps`).
    public var missingReason: String = ""

    public init() {}

    /// Adds an object (Secrets are dropped unread).
    public mutating func add(_ object: KubeObject) {
        guard object.kind != .secret else { return }
        byKind[object.kind, default: [:]][object.namespace, default: []].append(object)
    }

    /// Records that `kind` was captured in `namespace` (`nil`: all namespaces, or cluster-scoped).
    public mutating func cover(_ kind: ResourceKind, namespace: String?) {
        guard let namespace, KnownResource.isNamespaced(kind) else {
            coverage[kind] = .allNamespaces
            return
        }
        switch coverage[kind] {
        case .allNamespaces: return
        case .namespaces(var set):
            set.insert(namespace)
            coverage[kind] = .namespaces(set)
        case nil:
            coverage[kind] = .namespaces([namespace])
        }
    }

    /// Every kind with at least one object.
    public var kinds: [ResourceKind] { byKind.keys.sorted() }

    /// Number of objects held.
    public var count: Int { byKind.values.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.count } } }

    /// Answers a list the way a source must: objects, or why they are not there.
    public func list(_ kind: ResourceKind, namespace: String?) -> Result<ObjectList, Unavailable> {
        let namespaced = KnownResource.isNamespaced(kind)
        let asked = namespaced ? namespace : nil
        if let failure = failures.first(where: { $0.kind == kind && ($0.namespace == nil || $0.namespace == asked) }) {
            return .failure(Unavailable(failure.reason, kind: kind, namespace: asked, detail: failure.message))
        }
        if kind == .secret {
            return .failure(Unavailable(.forbidden, kind: kind, namespace: asked, detail: "tkgqa never reads Secrets"))
        }
        guard let covered = coverage[kind] else {
            return .failure(Unavailable(.notCaptured, kind: kind, namespace: asked, detail: missingReason))
        }
        let stored = byKind[kind] ?? [:]
        if let asked {
            if case .namespaces(let set) = covered, !set.contains(asked) {
                return .failure(Unavailable(.notCaptured, kind: kind, namespace: asked,
                                            detail: "recorded only in \(set.sorted().joined(separator: ", "))"))
            }
            return .success(ObjectList(stored[asked] ?? []))
        }
        let all = stored.keys.sorted().flatMap { stored[$0]! }
        if case .namespaces(let set) = covered {
            return .success(ObjectList(all, coveredNamespaces: set.sorted()))
        }
        return .success(ObjectList(all))
    }
}
