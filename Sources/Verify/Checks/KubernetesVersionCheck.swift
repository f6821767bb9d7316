import ClusterState
import LogModel

/// `kubernetes-version`: every node's kubelet runs the expected version — written (`equals`), or the
/// version of the TKR the Cluster object names (label `run.tanzu.vmware.com/tkr`, read on the
/// management cluster; `v1.26.5---vmware.2-tkg.1` means `v1.26.5+vmware.2`).
public struct KubernetesVersionCheck: Check {
    public static let id = "kubernetes-version"
    public static let summary = "nodes' kubelet version equals a written version or the cluster's TKR"

    public var equals: String?
    public var fromTKR: Bool

    public init(equals: String) {
        self.equals = equals
        self.fromTKR = false
    }

    public init(fromTKR: Bool) {
        self.equals = nil
        self.fromTKR = fromTKR
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        let equals = try f.string("equals")
        let fromTKR = try f.bool("fromTKR") ?? false
        guard (equals != nil) != fromTKR else {
            throw equals == nil ? f.missing("equals or fromTKR", hint: "write equals: v1.26.5+vmware.2 or fromTKR: true")
                : f.invalid("fromTKR", "give either equals or fromTKR, not both")
        }
        self.equals = equals
        self.fromTKR = fromTKR
    }

    /// `v1.26.5---vmware.2-tkg.1` → `v1.26.5+vmware.2`.
    static func version(ofTKR name: String) -> String {
        let plus = name.replacingOccurrences(of: "---", with: "+")
        if let range = plus.range(of: "-tkg.") { return String(plus[..<range.lowerBound]) }
        return plus
    }

    private func nodes(_ version: String) -> Assertion {
        Assertion("kubelet versions", select: ObjectSelector(.node), .all, .kubeletVersion(version))
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        [nodes(equals ?? "<version of the TKR named by Cluster \(facts.clusterName)>")]
    }

    public func explain(_ facts: ClusterFacts) -> [String] {
        var lines: [String] = []
        if fromTKR {
            lines.append("[management cluster] Cluster.cluster.x-k8s.io named \(facts.clusterName): label run.tanzu.vmware.com/tkr gives the version")
        }
        return lines + expand(facts).map(\.description)
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        if let equals { return await context.evaluate([nodes(equals)]) }
        guard let source = context.source(for: .management) else {
            return Evaluation(.inconclusive, "needs the management cluster of \(context.facts.name) to read its TKR; add managedBy")
        }
        switch await source.list(.cluster, namespace: nil) {
        case .failure(let u): return Evaluation(.inconclusive, "cannot read the TKR: \(u)")
        case .success(let list):
            guard let cluster = list.objects.first(where: { $0.name == context.facts.clusterName }) else {
                return Evaluation(.inconclusive, "no Cluster \(context.facts.clusterName) recorded to read its TKR from")
            }
            guard let tkr = cluster.labels["run.tanzu.vmware.com/tkr"] else {
                return Evaluation(.inconclusive, "Cluster \(context.facts.clusterName) has no run.tanzu.vmware.com/tkr label")
            }
            var e = await context.evaluate([nodes(Self.version(ofTKR: tkr))])
            e.message += " (TKR \(tkr))"
            return e
        }
    }

    public static let examples: [CheckExample] = [
        CheckExample("kubelets on the version", spec: "{ equals: v1.26.5+vmware.2 }",
                     objects: ExampleObjects.docs(ExampleObjects.node("cp-1", controlPlane: true), ExampleObjects.node("md-1")), expect: .pass),
        CheckExample("a worker left on the old version", spec: "{ equals: v1.26.5+vmware.2 }",
                     objects: ExampleObjects.docs(ExampleObjects.node("cp-1", controlPlane: true), ExampleObjects.node("md-1", kubelet: "v1.25.7+vmware.2")),
                     expect: .fail),
        CheckExample("version from the TKR", spec: "{ fromTKR: true }",
                     objects: ExampleObjects.node("cp-1", controlPlane: true),
                     management: """
                     apiVersion: cluster.x-k8s.io/v1beta1
                     kind: Cluster
                     metadata: { name: example, namespace: default, labels: { run.tanzu.vmware.com/tkr: v1.26.5---vmware.2-tkg.1 } }
                     """, expect: .pass),
    ]
}
