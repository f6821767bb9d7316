import ClusterState

/// `node-count`: how many nodes of a role the cluster has, optionally counting only Ready ones
/// (TKG's e2e `WaitForNodes` counts all nodes; `ready: true` is stricter).
public struct NodeCountCheck: Check {
    public static let id = "node-count"
    public static let summary = "number of nodes by role (control-plane, worker, all), optionally only Ready ones"

    public var role: NodeRole
    public var count: Comparison
    public var readyOnly: Bool

    public init(role: NodeRole = .all, count: Comparison, readyOnly: Bool = false) {
        self.role = role
        self.count = count
        self.readyOnly = readyOnly
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        let role = try f.oneOf("role", NodeRole.allCases.map(\.rawValue)).flatMap(NodeRole.init(rawValue:)) ?? .all
        let comparison = try Self.comparison(&f)
        self.init(role: role, count: comparison, readyOnly: try f.bool("ready") ?? false)
    }

    static func comparison(_ f: inout SpecFields) throws(VerifyError) -> Comparison {
        let equals = try f.int("equals"), atLeast = try f.int("atLeast"), atMost = try f.int("atMost")
        let given = [equals.map(Comparison.equals), atLeast.map(Comparison.atLeast), atMost.map(Comparison.atMost)].compactMap { $0 }
        guard given.count == 1 else {
            throw given.isEmpty ? f.missing("equals, atLeast or atMost", hint: "write equals: 3")
                : f.invalid("atLeast", "give one of equals, atLeast, atMost", hint: "write equals: 3")
        }
        return given[0]
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        [Assertion(role.noun + (readyOnly ? " (Ready)" : ""), select: ObjectSelector(.node, labels: role.labels),
                   .count(count), readyOnly ? .conditionTrue("Ready") : .exists)]
    }

    public static let examples: [CheckExample] = [
        CheckExample("three control-plane nodes", spec: "{ role: control-plane, equals: 3 }",
                     objects: ExampleObjects.docs(ExampleObjects.node("cp-1", controlPlane: true), ExampleObjects.node("cp-2", controlPlane: true),
                                                  ExampleObjects.node("cp-3", controlPlane: true), ExampleObjects.node("md-1")), expect: .pass),
        CheckExample("one control-plane node short", spec: "{ role: control-plane, equals: 3 }",
                     objects: ExampleObjects.docs(ExampleObjects.node("cp-1", controlPlane: true), ExampleObjects.node("cp-2", controlPlane: true)),
                     expect: .fail),
        CheckExample("a NotReady worker does not count when ready is asked", spec: "{ role: worker, atLeast: 2, ready: true }",
                     objects: ExampleObjects.docs(ExampleObjects.node("md-1"), ExampleObjects.node("md-2", ready: false)), expect: .fail),
        CheckExample("nodes not captured", spec: "{ equals: 1 }", notCaptured: [.node], expect: .inconclusive),
    ]
}
