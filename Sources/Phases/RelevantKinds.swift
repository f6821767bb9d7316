/// The event kinds that matter to some phase rule: the analyzer builds no event for the others.
struct RelevantKinds: Sendable {
    private let exact: Set<String>
    private let failures: [EventSet]

    init(rules: PhaseRuleSet) {
        var exact = rules.harnessStep.union(rules.harnessCommand).union(rules.shellCommand)
        for op in rules.operations { exact.formUnion(op.vocabulary) }
        self.exact = exact
        failures = rules.operations.map(\.failure)
    }

    func contains(_ kind: String) -> Bool {
        exact.contains(kind) || kind.hasPrefix("error-") || kind.hasPrefix("warning-") || failures.contains { $0.contains(kind) }
    }
}
