import LogModel
import Patterns

/// What a slow or stuck loop usually means, from `patterns/diagnosis/*.yaml`, keyed by loop id and state.
public struct DiagnosisRules: Sendable {
    public struct Rule: Sendable {
        public var loop: String
        public var state: String
        public var summary: String
        public var causes: [String]
        public var checks: [String]
    }

    public var rules: [Rule]

    public static func load(_ patterns: PatternSet) throws(PatternErrors) -> DiagnosisRules {
        var rules: [Rule] = []
        var errors: [PatternError] = []
        for (path, text) in patterns.documents.sorted(by: { $0.key < $1.key }) where path.hasPrefix("diagnosis/") {
            let root: YAMLValue
            do { root = try YAMLValue.parse(text, path: path) } catch { errors.append(error); continue }
            for item in root["diagnoses"]?.items ?? [] {
                guard let loop = item["loop"]?.string, let summary = item["summary"]?.string else {
                    errors.append(PatternError(.badRule, "a diagnosis needs `loop` and `summary`", at: item.location.source))
                    continue
                }
                rules.append(Rule(loop: loop, state: item["state"]?.string ?? "*", summary: summary,
                                  causes: (item["causes"]?.items ?? []).compactMap(\.string),
                                  checks: (item["checks"]?.items ?? []).compactMap(\.string)))
            }
        }
        if !errors.isEmpty { throw PatternErrors(errors) }
        return DiagnosisRules(rules: rules)
    }

    /// The diagnosis of a loop run, quoting its evidence lines, or nil when no rule covers it.
    public func diagnose(loop: String, state: String, evidence: [String]) -> Diagnosis? {
        guard let rule = rules.first(where: { $0.loop == loop && ($0.state == "*" || state.hasPrefix($0.state)) }) else { return nil }
        return Diagnosis(summary: rule.summary, causes: rule.causes, checks: rule.checks, evidence: evidence)
    }
}
