import ClusterState
import LogModel

/// The core of every cluster check: selector × quantifier × condition, read on the cluster itself or
/// on its management cluster, failing with a severity. Named checks expand into assertions (`--explain`
/// prints them), and evaluating a named check is by default evaluating its assertions.
public struct Assertion: Sendable, Hashable, CustomStringConvertible {
    /// Where the objects live.
    public enum Target: String, Sendable, Hashable {
        /// The cluster the check is on.
        case cluster
        /// Its `managedBy` cluster (CAPI objects, ClusterBootstrap, `{cluster}-kapp-controller`);
        /// the cluster itself when it has none (a management cluster manages itself).
        case management
    }

    /// A short name for messages (`control-plane nodes`).
    public var label: String
    public var target: Target
    public var selector: ObjectSelector
    public var quantifier: Quantifier
    public var condition: Condition
    public var severity: Severity

    public init(_ label: String, on target: Target = .cluster, select selector: ObjectSelector,
                _ quantifier: Quantifier, _ condition: Condition = .exists, severity: Severity = .fail) {
        self.label = label
        self.target = target
        self.selector = selector
        self.quantifier = quantifier
        self.condition = condition
        self.severity = severity
    }

    /// `[management] Node with label node-role.kubernetes.io/control-plane: count == 3 where Ready=True`.
    public var description: String {
        var s = target == .management ? "[management cluster] " : ""
        s += "\(selector): \(quantifier)"
        if condition != .exists { s += " where \(condition)" }
        if severity == .warn { s += " (warn)" }
        return s
    }
}

/// What one assertion found.
public struct AssertionResult: Sendable {
    public var assertion: Assertion
    public var evaluation: Evaluation
    /// The selected objects (for checks that present them, like the `capi-ready` tree).
    public var selected: [KubeObject]
}

