import ClusterState

/// `anti-affinity`: no two selected objects share a topology value — nodes by a label (hostname, zone,
/// the ESXi host label `node.cluster.x-k8s.io/esxi-host`), CAPV `VSphereVM`s by `status.host`, or a
/// workload's pods by node — with `maxPerBucket` and `minBuckets`. vSphere cluster modules are a soft
/// rule (DRS co-locates when hosts are fewer than VMs), so then the outcome is warn, not fail.
public struct AntiAffinityCheck: Check {
    public static let id = "anti-affinity"
    public static let summary = "selected nodes, VSphereVMs or a workload's pods do not share a host, zone or node"

    /// What is spread.
    public enum Subject: Sendable, Hashable {
        case nodes(NodeRole)
        /// CAPV VSphereVMs of the cluster, on its management cluster.
        case vms(NodeRole)
        case pods(namespace: String?, owner: WorkloadRef)
    }

    public var subject: Subject
    public var rule: SpreadRule

    public init(_ subject: Subject, spreadBy key: TopologyKey, maxPerBucket: Int = 1, minBuckets: Int? = nil, soft: Bool? = nil) {
        self.subject = subject
        self.rule = SpreadRule(key: key, maxPerBucket: maxPerBucket, minBuckets: minBuckets, soft: soft)
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        var subject: Subject?
        if var n = try f.nested("nodes") {
            subject = .nodes(try n.oneOf("role", NodeRole.allCases.map(\.rawValue)).flatMap(NodeRole.init(rawValue:)) ?? .all)
            try n.finish()
        }
        if var v = try f.nested("vms") {
            subject = .vms(try v.oneOf("role", NodeRole.allCases.map(\.rawValue)).flatMap(NodeRole.init(rawValue:)) ?? .all)
            try v.finish()
        }
        if var p = try f.nested("pods") {
            let namespace = try p.string("namespace")
            var owner: WorkloadRef?
            for (key, kind) in [("deployment", WorkloadRef.Kind.deployment), ("daemonset", .daemonSet), ("statefulset", .statefulSet)] {
                if let name = try p.string(key) { owner = WorkloadRef(kind, name, namespace: namespace) }
            }
            try p.finish()
            guard let owner else { throw f.invalid("pods", "pods needs deployment, daemonset or statefulset", hint: "write pods: { namespace: kube-system, deployment: coredns }") }
            subject = .pods(namespace: namespace, owner: owner)
        }
        guard let subject else { throw f.missing("nodes, vms or pods", hint: "write nodes: { role: control-plane }") }
        guard let spreadBy = try f.string("spreadBy") else {
            throw f.missing("spreadBy", hint: "write spreadBy: \(TopologyKey.esxiHostLabel), hostname, zone, node (pods) or host (vms)")
        }
        let key: TopologyKey
        switch (subject, spreadBy) {
        case (.pods, "node"): key = .node
        case (.vms, "host"): key = .field(["status", "host"])
        case (_, "hostname"): key = .label("kubernetes.io/hostname")
        case (_, "zone"): key = .label("topology.kubernetes.io/zone")
        case (_, "esxi-host"): key = .label(TopologyKey.esxiHostLabel)
        default: key = .label(spreadBy)
        }
        self.init(subject, spreadBy: key, maxPerBucket: try f.int("maxPerBucket") ?? 1, minBuckets: try f.int("minBuckets"), soft: try f.bool("soft"))
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        switch subject {
        case .nodes(let role):
            return [Assertion(role.noun, select: ObjectSelector(.node, labels: role.labels), .spread(rule))]
        case .vms(let role):
            var labels: [LabelRequirement] = [.equals("cluster.x-k8s.io/cluster-name", facts.clusterName)]
            if role == .controlPlane { labels.append(.exists("cluster.x-k8s.io/control-plane")) }
            if role == .worker { labels.append(.noneExists(["cluster.x-k8s.io/control-plane"])) }
            return [Assertion("\(role == .all ? "" : role.rawValue + " ")VSphereVMs of \(facts.clusterName)", on: .management,
                              select: ObjectSelector(.vsphereVM, labels: labels), .spread(rule))]
        case .pods(let namespace, let owner):
            return [Assertion("pods of \(owner.name)", select: ObjectSelector(.pod, namespace: namespace.map { .named($0) }, owner: owner),
                              .spread(rule))]
        }
    }

    private static func hostNode(_ name: String, host: String, cp: Bool = true) -> String {
        ExampleObjects.node(name, controlPlane: cp, labels: [TopologyKey.esxiHostLabel: host])
    }

    public static let examples: [CheckExample] = [
        CheckExample("control planes on three hosts", spec: "{ nodes: { role: control-plane }, spreadBy: esxi-host }",
                     objects: ExampleObjects.docs(hostNode("cp-1", host: "esx-1"), hostNode("cp-2", host: "esx-2"), hostNode("cp-3", host: "esx-3")),
                     expect: .pass),
        CheckExample("two control planes share a host while another host is free", spec: "{ nodes: { role: control-plane }, spreadBy: esxi-host }",
                     objects: ExampleObjects.docs(hostNode("cp-1", host: "esx-1"), hostNode("cp-2", host: "esx-1"), hostNode("cp-3", host: "esx-2"),
                                                  hostNode("md-1", host: "esx-3", cp: false)),
                     expect: .fail),
        CheckExample("fewer hosts than control planes: the soft rule warns", spec: "{ nodes: { role: control-plane }, spreadBy: esxi-host }",
                     objects: ExampleObjects.docs(hostNode("cp-1", host: "esx-1"), hostNode("cp-2", host: "esx-1"), hostNode("cp-3", host: "esx-2")),
                     expect: .warn),
        CheckExample("coredns pods on one node", spec: "{ pods: { namespace: kube-system, deployment: coredns }, spreadBy: node }",
                     objects: ExampleObjects.docs(
                        ExampleObjects.pod("coredns-5d4f8c7b9-abcde", owner: ("ReplicaSet", "coredns-5d4f8c7b9"), node: "md-1"),
                        ExampleObjects.pod("coredns-5d4f8c7b9-fghij", owner: ("ReplicaSet", "coredns-5d4f8c7b9"), node: "md-1")),
                     expect: .fail),
    ]
}
