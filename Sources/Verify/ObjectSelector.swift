import ClusterState

/// Which objects a check looks at: a kind, optionally a namespace (or the system namespaces), a
/// name, label requirements, an owning workload and a partial-object filter.
public struct ObjectSelector: Sendable, Hashable, CustomStringConvertible {
    public var kind: ResourceKind
    public var namespace: NamespaceMatch?
    /// An exact name, or a prefix ending in `*`.
    public var name: String?
    public var labels: [LabelRequirement]
    /// For pods: the workload that owns them.
    public var owner: WorkloadRef?
    /// Only objects that contain this partial object (e.g. `{type: Warning}` for events).
    public var having: JSONValue?

    public init(_ kind: ResourceKind, namespace: NamespaceMatch? = nil, name: String? = nil,
                labels: [LabelRequirement] = [], owner: WorkloadRef? = nil, having: JSONValue? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.labels = labels
        self.owner = owner
        self.having = having
    }

    /// The namespace to ask the source for (`nil`: all).
    var listNamespace: String? {
        if case .named(let ns) = namespace { return ns }
        return nil
    }

    /// Whether `object` is selected.
    public func selects(_ object: KubeObject) -> Bool {
        switch namespace {
        case .named(let ns)?: if object.namespace != ns { return false }
        case .system?: if !NamespaceMatch.isSystem(object.namespace) { return false }
        case nil: break
        }
        if let name {
            if name.hasSuffix("*") {
                if !object.name.hasPrefix(name.dropLast()) { return false }
            } else if object.name != name {
                return false
            }
        }
        if !labels.isEmpty {
            let actual = object.labels
            for requirement in labels where !requirement.holds(actual) { return false }
        }
        if let owner, !owner.matches(WorkloadRef.owning(object)) { return false }
        if let having, !PartialMatch.differences(expected: having, actual: object.value).isEmpty { return false }
        return true
    }

    /// `Pod in kube-system owned by coredns with label k=v`.
    public var description: String {
        var s = kind.description
        switch namespace {
        case .named(let ns)?: s += " in \(ns)"
        case .system?: s += " in system namespaces"
        case nil: break
        }
        if let name { s += " named \(name)" }
        if let owner { s += " owned by \(owner.kind.map { "\($0.rawValue) " } ?? "")\(owner.name)" }
        if !labels.isEmpty { s += " with " + labels.map(\.description).joined(separator: ", ") }
        if let having { s += " having \(having.compactJSON)" }
        return s
    }
}

/// A namespace restriction: one namespace, or the system namespaces (kube-system, `*-system`,
/// `vmware-system-*`, `tkg-system-public`, `cert-manager`, `secretgen-controller`, `pinniped-*`, `tanzu-*`).
public enum NamespaceMatch: Sendable, Hashable {
    case named(String)
    case system

    /// Whether `namespace` counts as a system namespace.
    public static func isSystem(_ namespace: String) -> Bool {
        namespace == "kube-system" || namespace.hasSuffix("-system") || namespace.hasPrefix("vmware-system-")
            || namespace.hasPrefix("tkg-system") || namespace == "cert-manager" || namespace == "secretgen-controller"
            || namespace.hasPrefix("pinniped-") || namespace.hasPrefix("tanzu-")
    }
}

/// A requirement on labels.
public enum LabelRequirement: Sendable, Hashable, CustomStringConvertible {
    case equals(String, String)
    case exists(String)
    /// At least one of these labels exists.
    case anyExists([String])
    /// None of these labels exists.
    case noneExists([String])

    func holds(_ labels: [String: String]) -> Bool {
        switch self {
        case .equals(let k, let v): return labels[k] == v
        case .exists(let k): return labels[k] != nil
        case .anyExists(let keys): return keys.contains { labels[$0] != nil }
        case .noneExists(let keys): return !keys.contains { labels[$0] != nil }
        }
    }

    public var description: String {
        switch self {
        case .equals(let k, let v): return "label \(k)=\(v)"
        case .exists(let k): return "label \(k)"
        case .anyExists(let keys): return "label " + keys.joined(separator: " or ")
        case .noneExists(let keys): return "no label " + keys.joined(separator: " or ")
        }
    }
}

/// A node's role, as its labels say.
public enum NodeRole: String, Sendable, Hashable, CaseIterable {
    case controlPlane = "control-plane"
    case worker
    case all

    /// The labels that mark a control-plane node (`master` on older releases).
    public static let controlPlaneLabels = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master"]

    /// The label requirement selecting nodes of this role.
    public var labels: [LabelRequirement] {
        switch self {
        case .controlPlane: return [.anyExists(Self.controlPlaneLabels)]
        case .worker: return [.noneExists(Self.controlPlaneLabels)]
        case .all: return []
        }
    }

    /// `control-plane nodes`, `worker nodes`, `nodes`.
    public var noun: String {
        switch self {
        case .controlPlane: return "control-plane nodes"
        case .worker: return "worker nodes"
        case .all: return "nodes"
        }
    }
}
