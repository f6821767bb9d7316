import ClusterState
import LogModel

extension CheckContext {
    /// Evaluates one assertion: list, select, quantify.
    public func evaluate(_ assertion: Assertion) async -> AssertionResult {
        let label = assertion.label
        func result(_ outcome: CheckOutcome, _ message: String, observed: String? = nil, expected: String? = nil,
                    details: [String] = [], objects: [String] = [], selected: [KubeObject] = []) -> AssertionResult {
            var outcome = outcome
            if outcome == .fail, assertion.severity == .warn { outcome = .warn }
            return AssertionResult(assertion: assertion,
                                   evaluation: Evaluation(outcome, message, observed: observed, expected: expected, details: details, objects: objects),
                                   selected: selected)
        }
        guard let source = source(for: assertion.target) else {
            let why = assertion.target == .management
                ? "\(label): needs the management cluster of \(facts.name); add managedBy to its clusters entry"
                : "\(label): no cluster source"
            return result(.inconclusive, why)
        }
        let list: ObjectList
        switch await source.list(assertion.selector.kind, namespace: assertion.selector.listNamespace) {
        case .failure(let unavailable):
            let whose = assertion.target == .management && facts.managedBy != nil ? " on \(facts.managedBy!)" : ""
            return result(.inconclusive, "\(label): \(unavailable)\(whose)")
        case .success(let l):
            list = l
        }
        let selected = list.objects.filter { assertion.selector.selects($0) }
        let partialNote = list.coveredNamespaces.map { "recorded only in \($0.joined(separator: ", "))" }
        let condition = assertion.condition
        let conditionText = condition == .exists ? "" : " \(condition)"

        switch assertion.quantifier {
        case .all, .none:
            let wantHolds = assertion.quantifier == .all
            if wantHolds, selected.isEmpty {
                if let partialNote { return result(.inconclusive, "\(label): none found; \(partialNote)") }
                return result(.fail, "\(label): none found", observed: "0 objects", expected: "at least one, all\(conditionText)")
            }
            var offenders: [(KubeObject, ObjectVerdict)] = []
            for object in selected {
                let v = condition.verdict(object)
                if v.holds != wantHolds { offenders.append((object, v)) }
            }
            if offenders.isEmpty {
                if let partialNote {
                    return result(.inconclusive, "\(label): \(selected.count) ok, but \(partialNote)", selected: selected)
                }
                let message = wantHolds
                    ? "\(label): all \(selected.count)\(condition == .exists ? " present" : " ok")"
                    : "\(label): none" + (selected.isEmpty ? " found" : " of \(selected.count) \(condition == .exists ? "present" : "matched")")
                return result(.pass, message, selected: selected)
            }
            let details = offenders.flatMap { (o, v) in ["\(o.reference): \(v.observed)"] + v.diff.dropFirst().map { "  \($0)" } }
            let observed = offenders.prefix(3).map { "\($0.0.name): \($0.1.observed)" }.joined(separator: "; ")
                + (offenders.count > 3 ? "; and \(offenders.count - 3) more" : "")
            let expected = wantHolds ? "all\(conditionText)" : (condition == .exists ? "none present" : "none\(conditionText)")
            let summary = wantHolds ? "\(offenders.count) of \(selected.count) not ok" : "\(offenders.count) found"
            return result(.fail, "\(label): \(summary)", observed: observed, expected: expected,
                          details: details, objects: offenders.map(\.0.reference).sorted(), selected: selected)

        case .any:
            let holding = selected.filter { condition.verdict($0).holds }
            if !holding.isEmpty { return result(.pass, "\(label): \(holding.count) of \(selected.count) ok", selected: selected) }
            if let partialNote { return result(.inconclusive, "\(label): none found; \(partialNote)") }
            let observed = selected.isEmpty ? "none found"
                : selected.prefix(3).map { "\($0.name): \(condition.verdict($0).observed)" }.joined(separator: "; ")
            return result(.fail, "\(label): none\(conditionText.isEmpty ? " found" : " ok")", observed: observed,
                          expected: "at least one\(conditionText)", objects: selected.map(\.reference).sorted(), selected: selected)

        case .count(let comparison):
            let holding = selected.filter { condition.verdict($0).holds }
            let noun = conditionText.isEmpty ? "" : conditionText
            if comparison.holds(holding.count), partialNote == nil {
                return result(.pass, "\(label): \(holding.count)\(noun) (expected \(comparison))", selected: selected)
            }
            if let partialNote { return result(.inconclusive, "\(label): \(holding.count)\(noun) counted, but \(partialNote)") }
            let others = selected.filter { !condition.verdict($0).holds }
            let details = others.map { "\($0.reference): \(condition.verdict($0).observed)" }
            return result(.fail, "\(label): \(holding.count)\(noun), expected \(comparison)", observed: "\(holding.count)",
                          expected: comparison.description, details: details,
                          objects: holding.map(\.reference).sorted(), selected: selected)

        case .spread(let rule):
            return spread(assertion, rule: rule, all: list.objects, selected: selected.filter { condition.verdict($0).holds },
                          partialNote: partialNote, result: result)
        }
    }

    private func spread(_ assertion: Assertion, rule: SpreadRule, all: [KubeObject], selected: [KubeObject], partialNote: String?,
                        result: (CheckOutcome, String, String?, String?, [String], [String], [KubeObject]) -> AssertionResult) -> AssertionResult {
        let label = assertion.label
        func value(_ o: KubeObject) -> String? {
            switch rule.key {
            case .label(let l): return o.labels[l]
            case .field(let path): return o.value[path: path]?.text
            case .node: return o["spec", "nodeName"]?.string
            }
        }
        if selected.isEmpty {
            return result(.fail, "\(label): none found", "0 objects", "objects spread \(rule.key)", [], [], [])
        }
        let unplaced = selected.filter { value($0) == nil }
        if !unplaced.isEmpty {
            return result(.inconclusive, "\(label): \(unplaced.count) without \(rule.key): \(unplaced.map(\.name).sorted().joined(separator: ", "))",
                          nil, nil, [], unplaced.map(\.reference).sorted(), selected)
        }
        var buckets: [String: [String]] = [:]
        for o in selected { buckets[value(o)!, default: []].append(o.name) }
        let crowded = buckets.filter { $0.value.count > rule.maxPerBucket }.sorted { $0.key < $1.key }
        let tooFew = rule.minBuckets.map { buckets.count < $0 } ?? false
        let layout = buckets.keys.sorted().map { "\($0): \(buckets[$0]!.sorted().joined(separator: ", "))" }
        if crowded.isEmpty, !tooFew {
            return result(.pass, "\(label): \(selected.count) on \(buckets.count) distinct \(rule.key) values", nil, nil, [], [], selected)
        }
        var problems: [String] = crowded.map { "\($0.value.count) share \($0.key) (\($0.value.sorted().joined(separator: ", ")))" }
        if tooFew { problems.append("only \(buckets.count) distinct values, expected at least \(rule.minBuckets!)") }
        let objects = crowded.flatMap { $0.value }.sorted()
        let expected = "at most \(rule.maxPerBucket) per \(rule.key)" + (rule.minBuckets.map { ", at least \($0) values" } ?? "")
        if rule.soft {
            let available = Set(all.compactMap(value)).count
            if available * rule.maxPerBucket < selected.count {
                var r = result(.warn, "\(label): \(problems.joined(separator: "; ")); only \(available) hosts for \(selected.count) members, so the soft rule cannot separate them",
                               problems.joined(separator: "; "), expected, layout, objects, selected)
                if r.evaluation.outcome == .fail { r.evaluation.outcome = .warn }
                return r
            }
        }
        return result(.fail, "\(label): \(problems.joined(separator: "; "))", problems.joined(separator: "; "), expected, layout, objects, selected)
    }
}
