import ClusterState

/// The workload that owns a pod — `Deployment kube-system/coredns`, `DaemonSet antrea-agent`, a static
/// pod `kube-apiserver` — found from owner references with hash suffixes ignored, so `coredns-5d4f8c7b9-x2x7q`
/// is matched as `coredns` (falls back to the pod name when a recording lacks owner references).
public struct WorkloadRef: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How pods of a workload are made.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Comparable {
        case deployment = "Deployment", daemonSet = "DaemonSet", statefulSet = "StatefulSet"
        case staticPod = "StaticPod", job = "Job", pod = "Pod"

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    /// `nil` matches any kind.
    public var kind: Kind?
    public var name: String
    /// `nil` matches any namespace.
    public var namespace: String?

    public init(_ kind: Kind?, _ name: String, namespace: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }

    /// `kube-system/coredns` (with the kind in parentheses when known).
    public var description: String {
        (namespace.map { "\($0)/" } ?? "") + name
    }

    /// Whether `other` (a pod's actual workload) is this one; a `nil` kind or namespace here matches any.
    public func matches(_ other: WorkloadRef) -> Bool {
        name == other.name && (kind == nil || kind == other.kind || other.kind == nil)
            && (namespace == nil || namespace == other.namespace)
    }

    public static func < (a: WorkloadRef, b: WorkloadRef) -> Bool {
        (a.namespace ?? "", a.name, a.kind?.rawValue ?? "") < (b.namespace ?? "", b.name, b.kind?.rawValue ?? "")
    }

    /// The workload owning `pod`.
    public static func owning(_ pod: KubeObject) -> WorkloadRef {
        let ns = pod.namespace
        if let owner = pod.owners.first {
            switch owner.kind {
            case "ReplicaSet": return WorkloadRef(.deployment, stripHash(owner.name), namespace: ns)
            case "DaemonSet": return WorkloadRef(.daemonSet, owner.name, namespace: ns)
            case "StatefulSet": return WorkloadRef(.statefulSet, owner.name, namespace: ns)
            case "Job": return WorkloadRef(.job, stripHash(owner.name), namespace: ns)
            case "Node":
                let node = pod["spec", "nodeName"]?.string ?? owner.name
                let suffix = "-" + node
                let name = pod.name.hasSuffix(suffix) ? String(pod.name.dropLast(suffix.count)) : pod.name
                return WorkloadRef(.staticPod, name, namespace: ns)
            default: return WorkloadRef(nil, owner.name, namespace: ns)
            }
        }
        // No owner references: guess from the name's hash suffixes.
        let parts = pod.name.split(separator: "-").map(String.init)
        if let node = pod["spec", "nodeName"]?.string, pod.name.hasSuffix("-" + node) {
            return WorkloadRef(.staticPod, String(pod.name.dropLast(node.count + 1)), namespace: ns)
        }
        if parts.count >= 3, isHash(parts[parts.count - 1], 5...5), isHash(parts[parts.count - 2], 6...10) {
            return WorkloadRef(.deployment, parts.dropLast(2).joined(separator: "-"), namespace: ns)
        }
        if parts.count >= 2, isHash(parts[parts.count - 1], 5...5) {
            return WorkloadRef(.daemonSet, parts.dropLast().joined(separator: "-"), namespace: ns)
        }
        if parts.count >= 2, Int(parts[parts.count - 1]) != nil {
            return WorkloadRef(.statefulSet, parts.dropLast().joined(separator: "-"), namespace: ns)
        }
        return WorkloadRef(.pod, pod.name, namespace: ns)
    }

    /// `coredns-5d4f8c7b9` → `coredns`.
    static func stripHash(_ name: String) -> String {
        guard let dash = name.lastIndex(of: "-") else { return name }
        let tail = name[name.index(after: dash)...]
        return isHash(String(tail), 5...10) ? String(name[..<dash]) : name
    }

    private static func isHash(_ s: String, _ lengths: ClosedRange<Int>) -> Bool {
        lengths.contains(s.count) && s.allSatisfy { ($0.isASCII && $0.isLowercase) || ($0.isASCII && $0.isNumber) }
            && s.contains { $0.isNumber || !"aeiou".contains($0) }
    }
}
