import ClusterState
import LogModel

/// `warning-events`: Warning events in system namespaces, summarised by reason and object. Found
/// events are a warning by default (`severity: fail` makes them a failure), above `max` (default 0).
public struct WarningEventsCheck: Check {
    public static let id = "warning-events"
    public static let summary = "Warning events in system namespaces, summarised (a warning by default)"

    public var max: Int
    public var namespace: String?
    /// Event reasons to leave out (`BackOff`, `FailedScheduling`).
    public var ignoreReasons: [String]

    public init(max: Int = 0, namespace: String? = nil, ignoreReasons: [String] = []) {
        self.max = max
        self.namespace = namespace
        self.ignoreReasons = ignoreReasons
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        self.init(max: try f.int("max") ?? 0, namespace: try f.string("namespace"), ignoreReasons: try f.strings("ignoreReasons") ?? [])
    }

    private var selector: ObjectSelector {
        ObjectSelector(.event, namespace: namespace.map { .named($0) } ?? .system, having: ["type": "Warning"])
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        let condition: Condition = ignoreReasons.isEmpty ? .exists
            : .allOf(ignoreReasons.sorted().map { .not(.matches(["reason": .string($0)])) })
        return [Assertion("Warning events", select: selector, .count(.atMost(max)), condition, severity: .warn)]
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        let assertions = expand(context.facts)
        let result = await context.evaluate(assertions[0])
        guard result.evaluation.outcome == .warn || result.evaluation.outcome == .fail else { return Evaluation(combining: [result]) }
        // Summarise: reason, involved object, total count.
        var groups: [String: Int] = [:]
        for event in result.selected where assertions[0].condition.verdict(event).holds {
            let reason = event["reason"]?.string ?? "?"
            let object = "\(event["involvedObject", "kind"]?.string ?? "?") \(event.namespace)/\(event["involvedObject", "name"]?.string ?? "?")"
            groups["\(reason) on \(object)", default: 0] += event["count"]?.int ?? 1
        }
        let lines = groups.keys.sorted { (groups[$0]!, $1) > (groups[$1]!, $0) }.map { "\(groups[$0]!)× \($0)" }
        return Evaluation(result.evaluation.outcome, "\(result.evaluation.observed ?? "?") Warning events (expected \(Comparison.atMost(max)))",
                          observed: result.evaluation.observed, expected: result.evaluation.expected, details: Array(lines.prefix(20)))
    }

    static func event(_ reason: String, type: String = "Warning", namespace: String = "kube-system") -> String {
        """
        apiVersion: v1
        kind: Event
        metadata: { name: x.\(reason.lowercased()), namespace: \(namespace) }
        type: \(type)
        reason: \(reason)
        count: 3
        involvedObject: { kind: Pod, name: antrea-agent-x7k2p, namespace: \(namespace) }
        message: Back-off restarting failed container
        """
    }

    public static let examples: [CheckExample] = [
        CheckExample("only Normal events", spec: "{}", objects: event("Pulled", type: "Normal"), expect: .pass),
        CheckExample("a BackOff warning", spec: "{}", objects: event("BackOff"), expect: .warn),
        CheckExample("ignored reason", spec: "{ ignoreReasons: [BackOff] }", objects: event("BackOff"), expect: .pass),
    ]
}
