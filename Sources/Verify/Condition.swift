import ClusterState

/// What must be true of one selected object.
public indirect enum Condition: Sendable, Hashable, CustomStringConvertible {
    /// Always true: use with `count` to count objects.
    case exists
    /// `status.conditions[type].status == "True"`.
    case conditionTrue(String)
    /// The object contains this partial object.
    case matches(JSONValue)
    /// A field holds a non-empty value.
    case nonEmpty([String])
    /// A pod is not crash-looping or failing to pull, has at most this many restarts and is Ready
    /// (or has Succeeded).
    case podHealthy(maxRestarts: Int)
    /// A PackageInstall reconciled: `ReconcileSucceeded`, or `Reconciling` after an earlier success
    /// (kapp-controller re-reconciles on every sync and clears `usefulErrorMessage` meanwhile).
    case packageReconciled
    /// A node's `status.nodeInfo.kubeletVersion` is this version (`v1.24.9` also matches `v1.24.9+vmware.1`).
    case kubeletVersion(String)
    /// A ConfigMap's `data[key]` (or base64 `binaryData[key]`) is non-empty YAML with these top-level keys.
    case yamlData(key: String, requiredKeys: [String])
    /// A pod's owning workload is one of these.
    case ownedBy([WorkloadRef])
    case not(Condition)
    case allOf([Condition])

    public var description: String {
        switch self {
        case .exists: return "exists"
        case .conditionTrue(let type): return "\(type)=True"
        case .matches(let partial): return "matches \(partial.compactJSON)"
        case .nonEmpty(let path): return "\(path.joined(separator: ".")) is set"
        case .podHealthy(let max): return "healthy (no CrashLoopBackOff or image pull errors, restarts <= \(max), Ready or Succeeded)"
        case .packageReconciled: return "ReconcileSucceeded (or Reconciling after an earlier success)"
        case .kubeletVersion(let v): return "kubelet \(v)"
        case .yamlData(let key, let required):
            return "\(key) is non-empty YAML" + (required.isEmpty ? "" : " with keys \(required.joined(separator: ", "))")
        case .ownedBy(let refs): return "owned by one of \(refs.map(\.description).joined(separator: ", "))"
        case .not(let c): return "not (\(c))"
        case .allOf(let cs): return cs.map(\.description).joined(separator: " and ")
        }
    }
}

/// The verdict of a condition on one object: whether it holds, and what was seen.
public struct ObjectVerdict: Sendable, Hashable {
    public var holds: Bool
    /// A short account of what the object shows (`Ready=False (KubeletNotReady)`).
    public var observed: String
    /// Diff lines for partial matches.
    public var diff: [String]

    public init(_ holds: Bool, _ observed: String, diff: [String] = []) {
        self.holds = holds
        self.observed = observed
        self.diff = diff
    }
}
