import ClusterState
import Foundation
import Yams

extension Condition {
    /// Evaluates the condition on one object.
    public func verdict(_ object: KubeObject) -> ObjectVerdict {
        switch self {
        case .exists:
            return ObjectVerdict(true, "exists")
        case .conditionTrue(let type):
            guard let c = object.condition(type) else { return ObjectVerdict(false, "no \(type) condition") }
            return ObjectVerdict(c.status == "True", c.summary)
        case .matches(let partial):
            let diff = PartialMatch.differences(expected: partial, actual: object.value)
            return ObjectVerdict(diff.isEmpty, diff.isEmpty ? "matches" : diff.joined(separator: "; "), diff: diff)
        case .nonEmpty(let path):
            let value = object.value[path: path]
            let set = value != nil && value != .null && value != .string("")
            return ObjectVerdict(set, set ? "\(path.joined(separator: ".")) set" : "\(path.joined(separator: ".")) empty")
        case .podHealthy(let maxRestarts):
            return Self.podVerdict(object, maxRestarts: maxRestarts)
        case .packageReconciled:
            return Self.packageVerdict(object)
        case .kubeletVersion(let expected):
            let actual = object["status", "nodeInfo", "kubeletVersion"]?.string ?? "unknown"
            return ObjectVerdict(actual == expected || actual.hasPrefix(expected + "+"), "kubelet \(actual)")
        case .yamlData(let key, let required):
            return Self.yamlVerdict(object, key: key, required: required)
        case .ownedBy(let refs):
            let owner = WorkloadRef.owning(object)
            let ok = refs.contains { $0.matches(owner) }
            return ObjectVerdict(ok, "owned by \(owner.kind.map { "\($0.rawValue) " } ?? "")\(owner)")
        case .not(let inner):
            let v = inner.verdict(object)
            return ObjectVerdict(!v.holds, v.observed, diff: v.diff)
        case .allOf(let conditions):
            var observed: [String] = []
            var diff: [String] = []
            for c in conditions {
                let v = c.verdict(object)
                if !v.holds {
                    observed.append(v.observed)
                    diff += v.diff
                }
            }
            return ObjectVerdict(observed.isEmpty, observed.isEmpty ? "ok" : observed.joined(separator: "; "), diff: diff)
        }
    }

    private static let badWaitingReasons: Set<String> = [
        "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "CreateContainerError", "InvalidImageName",
    ]

    static func podVerdict(_ pod: KubeObject, maxRestarts: Int) -> ObjectVerdict {
        let phase = pod["status", "phase"]?.string ?? "Unknown"
        if phase == "Succeeded" { return ObjectVerdict(true, "Succeeded") }
        var problems: [String] = []
        var restarts = 0
        let statuses = (pod["status", "containerStatuses"]?.array ?? []) + (pod["status", "initContainerStatuses"]?.array ?? [])
        for status in statuses {
            restarts += status["restartCount"]?.int ?? 0
            if let reason = status[path: ["state", "waiting", "reason"]]?.string, badWaitingReasons.contains(reason) {
                problems.append("\(reason) (container \(status["name"]?.string ?? "?"))")
            }
        }
        if restarts > maxRestarts { problems.append("\(restarts) restarts > \(maxRestarts)") }
        let ready = pod.condition("Ready")
        if phase != "Running" {
            problems.append("phase \(phase)")
        } else if ready?.status != "True" {
            problems.append(ready.map { $0.summary } ?? "no Ready condition")
        }
        if problems.isEmpty { return ObjectVerdict(true, "Running, Ready, \(restarts) restarts") }
        return ObjectVerdict(false, problems.joined(separator: ", "))
    }

    static func packageVerdict(_ pi: KubeObject) -> ObjectVerdict {
        let conditions = pi.conditions
        let version = pi["status", "version"]?.string ?? ""
        if conditions.contains(where: { $0.type == "ReconcileSucceeded" && $0.status == "True" }) {
            return ObjectVerdict(true, "ReconcileSucceeded" + (version.isEmpty ? "" : " \(version)"))
        }
        if conditions.contains(where: { $0.type == "ReconcileFailed" && $0.status == "True" }) {
            let useful = pi["status", "usefulErrorMessage"]?.string ?? pi["status", "friendlyDescription"]?.string ?? ""
            let firstLines = useful.split(separator: "\n").prefix(3).joined(separator: " | ")
            return ObjectVerdict(false, "ReconcileFailed" + (firstLines.isEmpty ? "" : ": \(firstLines)"))
        }
        if conditions.contains(where: { $0.type == "Reconciling" && $0.status == "True" }) {
            // kapp-controller sets status.version only once a reconcile of that version succeeded.
            if !version.isEmpty { return ObjectVerdict(true, "Reconciling after an earlier success (\(version))") }
            return ObjectVerdict(false, "Reconciling, no earlier success recorded")
        }
        if conditions.contains(where: { $0.type == "DeleteFailed" && $0.status == "True" }) {
            return ObjectVerdict(false, "DeleteFailed: \(pi["status", "usefulErrorMessage"]?.string ?? "")")
        }
        return ObjectVerdict(false, conditions.isEmpty ? "no status conditions" : conditions.map(\.summary).joined(separator: ", "))
    }

    static func yamlVerdict(_ object: KubeObject, key: String, required: [String]) -> ObjectVerdict {
        var text = object["data", key]?.string
        if text == nil, let encoded = object["binaryData", key]?.string {
            text = Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) }
            if text == nil { return ObjectVerdict(false, "binaryData.\(key) is not base64") }
        }
        guard let text else { return ObjectVerdict(false, "no \(key) key") }
        if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return ObjectVerdict(false, "\(key) is empty") }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            return ObjectVerdict(false, "\(key) does not parse as YAML")
        }
        guard let mapping = node?.mapping else { return ObjectVerdict(false, "\(key) is not a YAML mapping") }
        let keys = Set(mapping.keys.compactMap(\.string))
        let missing = required.filter { !keys.contains($0) }
        if !missing.isEmpty { return ObjectVerdict(false, "\(key) lacks \(missing.joined(separator: ", "))") }
        return ObjectVerdict(true, "\(key) parses (\(text.utf8.count) bytes)")
    }
}
