import ClusterState
import LogModel

/// `capi-ready`: the cluster's Cluster, KubeadmControlPlane, MachineDeployments and Machines are
/// Ready, shown as a tree like `clusterctl describe cluster`. They are read on the `managedBy`
/// cluster (a management cluster reads its own).
public struct CAPIReadyCheck: Check {
    public static let id = "capi-ready"
    public static let summary = "Cluster, KubeadmControlPlane, MachineDeployments and Machines Ready (tree like clusterctl describe)"

    public init() {}

    public init(spec f: inout SpecFields) throws(VerifyError) { self.init() }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        let owned: [LabelRequirement] = [.equals("cluster.x-k8s.io/cluster-name", facts.clusterName)]
        return [
            Assertion("Cluster \(facts.clusterName)", on: .management, select: ObjectSelector(.cluster, name: facts.clusterName),
                      .all, .conditionTrue("Ready")),
            Assertion("KubeadmControlPlane", on: .management, select: ObjectSelector(.kubeadmControlPlane, labels: owned),
                      .all, .conditionTrue("Ready")),
            Assertion("MachineDeployments", on: .management, select: ObjectSelector(.machineDeployment, labels: owned),
                      .none, .not(.conditionTrue("Ready"))),
            Assertion("Machines", on: .management, select: ObjectSelector(.machine, labels: owned),
                      .none, .not(.conditionTrue("Ready"))),
        ]
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        var results: [AssertionResult] = []
        for a in expand(context.facts) { results.append(await context.evaluate(a)) }
        var evaluation = Evaluation(combining: results)
        if evaluation.outcome == .pass {
            evaluation.message = "Cluster \(context.facts.clusterName): \(results.map(\.selected.count).dropFirst().reduce(0, +)) objects Ready"
        }
        if results.contains(where: { $0.evaluation.outcome == .inconclusive }) { return evaluation }
        evaluation.details = tree(results.map(\.selected))
        return evaluation
    }

    private func ready(_ o: KubeObject) -> String {
        guard let c = o.condition("Ready") else { return "Ready=?" }
        let why = c.status == "True" ? "" : " " + [c.severity, c.reason].filter { !$0.isEmpty }.joined(separator: " ")
        return "Ready=\(c.status)\(why)"
    }

    /// `clusterctl describe`-like lines.
    private func tree(_ groups: [[KubeObject]]) -> [String] {
        let clusters = groups[0], kcps = groups[1], mds = groups[2], machines = groups[3].sorted { $0.name < $1.name }
        var lines: [String] = []
        for c in clusters { lines.append("Cluster/\(c.name)  \(ready(c))") }
        let cpMachines = machines.filter { $0.labels["cluster.x-k8s.io/control-plane"] != nil }
        let workers = machines.filter { $0.labels["cluster.x-k8s.io/control-plane"] == nil }
        for kcp in kcps.sorted(by: { $0.name < $1.name }) {
            lines.append("├─ControlPlane - KubeadmControlPlane/\(kcp.name)  \(ready(kcp))")
            for (i, m) in cpMachines.enumerated() {
                lines.append("│ \(i == cpMachines.count - 1 ? "└" : "├")─Machine/\(m.name)  \(ready(m))")
            }
        }
        lines.append("└─Workers")
        let sortedMDs = mds.sorted { $0.name < $1.name }
        for (j, md) in sortedMDs.enumerated() {
            let lastMD = j == sortedMDs.count - 1
            lines.append("  \(lastMD ? "└" : "├")─MachineDeployment/\(md.name)  \(ready(md))")
            let mine = workers.filter { $0.labels["cluster.x-k8s.io/deployment-name"] == md.name }
            for (i, m) in mine.enumerated() {
                lines.append("  \(lastMD ? " " : "│") \(i == mine.count - 1 ? "└" : "├")─Machine/\(m.name)  \(ready(m))")
            }
        }
        return lines
    }

    static func capi(_ kind: String, _ apiVersion: String, _ name: String, ready: Bool = true, labels: String = "") -> String {
        """
        apiVersion: \(apiVersion)
        kind: \(kind)
        metadata: { name: \(name), namespace: default, labels: { cluster.x-k8s.io/cluster-name: example\(labels) } }
        status:
          conditions: [ { type: Ready, status: "\(ready ? "True" : "False")"\(ready ? "" : ", reason: WaitingForInfrastructure, severity: Info") } ]
        """
    }

    static func objects(machineReady: Bool) -> String {
        ExampleObjects.docs(
            capi("Cluster", "cluster.x-k8s.io/v1beta1", "example"),
            capi("KubeadmControlPlane", "controlplane.cluster.x-k8s.io/v1beta1", "example-cp"),
            capi("MachineDeployment", "cluster.x-k8s.io/v1beta1", "example-md-0"),
            capi("Machine", "cluster.x-k8s.io/v1beta1", "example-cp-abcde", labels: ", cluster.x-k8s.io/control-plane: \"\""),
            capi("Machine", "cluster.x-k8s.io/v1beta1", "example-md-0-7d9f8-xk2lp", ready: machineReady,
                 labels: ", cluster.x-k8s.io/deployment-name: example-md-0"))
    }

    public static let examples: [CheckExample] = [
        CheckExample("all Ready on the management cluster", spec: "{}", management: objects(machineReady: true), expect: .pass),
        CheckExample("a worker Machine not Ready", spec: "{}", management: objects(machineReady: false), expect: .fail),
        CheckExample("a management cluster reads itself", spec: "{}", objects: objects(machineReady: true), expect: .pass),
    ]
}
