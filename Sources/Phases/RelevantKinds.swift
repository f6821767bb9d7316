/// The event kinds that matter to some phase rule: the analyzer builds no event for the others.
struct RelevantKinds: Sendable {
    private let exact: Set<String>
    private let failures: [EventSet]
    /// The polls of some loop rule.
    private let polls: Set<String>

    init(rules: PhaseRuleSet) {
        var exact = rules.harnessStep.union(rules.harnessCommand).union(rules.shellCommand)
        for op in rules.operations { exact.formUnion(op.vocabulary) }
        self.exact = exact
        failures = rules.operations.map(\.failure)
        polls = Set(rules.operations.flatMap { $0.loops.flatMap(\.polls) })
    }

    /// Whether a body of this kind is remembered the first time it is seen: a poll repeats its
    /// text (`EventTemplates`); most other bodies are seen once.
    func remembersOnFirstSight(_ kind: String) -> Bool {
        polls.contains(kind)
    }

    func contains(_ kind: String) -> Bool {
        exact.contains(kind) || kind.hasPrefix("error-") || kind.hasPrefix("warning-") || failures.contains { $0.contains(kind) }
    }
}
