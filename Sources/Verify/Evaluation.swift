import LogModel

/// What a check found on one cluster, before the verifier adds the check id, cluster and spec.
public struct Evaluation: Sendable, Hashable {
    public var outcome: CheckOutcome
    public var message: String
    public var observed: String?
    public var expected: String?
    public var details: [String]
    public var objects: [String]

    public init(_ outcome: CheckOutcome, _ message: String, observed: String? = nil, expected: String? = nil,
                details: [String] = [], objects: [String] = []) {
        self.outcome = outcome
        self.message = message
        self.observed = observed
        self.expected = expected
        self.details = details
        self.objects = objects
    }

    /// Folds assertion results: the worst outcome wins; the message lists the assertions that did
    /// not pass (or all of them when everything passed).
    public init(combining assertions: [AssertionResult]) {
        let results = assertions.map(\.evaluation)
        guard let single = results.first else {
            self.init(.skipped, "nothing to check")
            return
        }
        if results.count == 1 {
            self = single
            return
        }
        let worst = results.map(\.outcome).max()!
        let shown = worst == .pass ? results : results.filter { $0.outcome != .pass }
        let first = shown.first { $0.outcome == worst } ?? shown[0]
        var details: [String] = []
        var objects: [String] = []
        if shown.count > 1 || worst == .pass {
            for r in shown {
                details.append("\(r.outcome.rawValue): \(r.message)")
                details += r.details.map { "  " + $0 }
            }
        } else {
            details = first.details
        }
        for r in shown { objects += r.objects }
        let message = worst == .pass ? shown.map(\.message).joined(separator: "; ")
            : first.message + (shown.count > 1 ? " (and \(shown.count - 1) more)" : "")
        self.init(worst, message, observed: first.observed, expected: first.expected, details: worst == .pass ? [] : details, objects: objects)
    }
}
