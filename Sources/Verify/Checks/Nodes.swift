/// The fluent start of node checks in the Swift API: `Nodes(role: .controlPlane).count(.equals(3))`.
public struct Nodes: Sendable, Hashable {
    public var role: NodeRole
    public var readyOnly: Bool

    public init(role: NodeRole = .all) {
        self.role = role
        self.readyOnly = false
    }

    /// Count only Ready nodes.
    public func ready() -> Nodes {
        var copy = self
        copy.readyOnly = true
        return copy
    }

    /// `node-count`: the number of selected nodes.
    public func count(_ comparison: Comparison) -> NodeCountCheck {
        NodeCountCheck(role: role, count: comparison, readyOnly: readyOnly)
    }

    /// `nodes-ready`: every selected node is Ready.
    public func allReady() -> NodesReadyCheck { NodesReadyCheck(role: role) }
}
