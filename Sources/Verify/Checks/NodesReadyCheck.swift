import ClusterState

/// `nodes-ready`: every node (of a role) has `Ready=True`.
public struct NodesReadyCheck: Check {
    public static let id = "nodes-ready"
    public static let summary = "every node (of a role) is Ready"

    public var role: NodeRole

    public init(role: NodeRole = .all) { self.role = role }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        self.init(role: try f.oneOf("role", NodeRole.allCases.map(\.rawValue)).flatMap(NodeRole.init(rawValue:)) ?? .all)
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        [Assertion(role.noun, select: ObjectSelector(.node, labels: role.labels), .all, .conditionTrue("Ready"))]
    }

    public static let examples: [CheckExample] = [
        CheckExample("all Ready", spec: "{}", objects: ExampleObjects.docs(ExampleObjects.node("cp-1", controlPlane: true), ExampleObjects.node("md-1")),
                     expect: .pass),
        CheckExample("a NotReady worker", spec: "{ role: worker }",
                     objects: ExampleObjects.docs(ExampleObjects.node("md-1"), ExampleObjects.node("md-2", ready: false)), expect: .fail),
        CheckExample("only workers asked, a NotReady control plane is not looked at", spec: "{ role: worker }",
                     objects: ExampleObjects.docs(ExampleObjects.node("cp-1", controlPlane: true, ready: false), ExampleObjects.node("md-1")),
                     expect: .pass),
    ]
}
