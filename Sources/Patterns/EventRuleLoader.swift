import LogModel
import Matching

/// Reads `events:` lists from event rule files and checks each rule's samples.
///
/// ```yaml
/// events:
///   - id: cluster-initializing
///     doc: the control plane of a new cluster is still coming up
///     match: "cluster control plane is still being initialized: %{REASON:reason}"
///     samples:
///       - text: "cluster control plane is still being initialized: ScalingUp"
///         fields: { reason: ScalingUp }
/// ```
/// `case: sensitive` turns off the default case-insensitive matching (the catalog asks for it,
/// since TKG lower-cased its messages between versions).
enum EventRuleLoader {
    static let allowedKeys: Set<String> = ["id", "doc", "match", "case", "samples"]

    static func load(path: String, text: String, grok: GrokLibrary, errors: inout [PatternError]) -> [EventRule] {
        let root: YAMLValue
        do {
            root = try YAMLValue.parse(text, path: path)
        } catch {
            errors.append(error)
            return []
        }
        guard let list = root["events"]?.items else {
            errors.append(PatternError(.badRule, "expected a top-level `events:` list", at: root.location.source))
            return []
        }
        let scratch = MatchScratch()
        var rules: [EventRule] = []
        for item in list {
            guard let entries = item.entries else {
                errors.append(PatternError(.badRule, "an event is a mapping with id, match and samples, not \(item.kindName)", at: item.location.source))
                continue
            }
            for entry in entries where !allowedKeys.contains(entry.key) {
                errors.append(PatternError(.badRule, "unknown key \"\(entry.key)\" in an event", at: entry.keyLocation.source,
                                           hint: "allowed keys: \(allowedKeys.sorted().joined(separator: ", "))"))
            }
            guard let id = item["id"]?.string, isKebab(id) else {
                errors.append(PatternError(.badRule, "event needs an `id` in kebab-case", at: item.location.source, hint: "e.g. id: cluster-initializing"))
                continue
            }
            let here = item.location.source
            guard let match = item["match"]?.string, !match.isEmpty else {
                errors.append(PatternError(.badRule, "event \"\(id)\" needs a `match` grok expression", at: here))
                continue
            }
            let caseless: Bool
            switch item["case"]?.string {
            case nil, "insensitive": caseless = true
            case "sensitive": caseless = false
            case let other?:
                errors.append(PatternError(.badRule, "event \"\(id)\": unknown case \"\(other)\"", at: here, hint: "use sensitive or insensitive"))
                continue
            }
            var expression: GrokExpression
            let matcher: PCRE2Matcher
            do {
                expression = try grok.expand(match, at: item["match"]!.location.source)
                matcher = try expression.matcher(caseless: caseless)
                // Plain named groups `(?<name>...)` in the expression are string fields too.
                for (name, _) in matcher.captureNames where !expression.fields.contains(where: { $0.name == name }) {
                    expression.fields.append(.init(name: name, type: .string))
                }
            } catch {
                errors.append(error)
                continue
            }
            var samples: [EventRule.Sample] = []
            for sample in item["samples"]?.items ?? [] {
                guard let text = sample["text"]?.string ?? sample.string else {
                    errors.append(PatternError(.badSample, "event \"\(id)\": a sample needs `text`", at: sample.location.source))
                    continue
                }
                var fields: [String: String] = [:]
                for f in sample["fields"]?.entries ?? [] { fields[f.key] = f.value.string ?? "" }
                samples.append(EventRule.Sample(text: text, fields: fields, location: sample.location.source))
            }
            if samples.isEmpty {
                errors.append(PatternError(.badSample, "event \"\(id)\" has no samples", at: here, hint: "add `samples:` with at least one real-shaped message"))
            }
            let rule = EventRule(id: id, doc: item["doc"]?.string, expression: expression, caseless: caseless, matcher: matcher,
                                 samples: samples, literals: RequiredLiterals.extract(from: match), location: here)
            check(rule, scratch: scratch, errors: &errors)
            rules.append(rule)
        }
        return rules
    }

    /// Every sample must match and yield exactly the fields it lists.
    static func check(_ rule: EventRule, scratch: MatchScratch, errors: inout [PatternError]) {
        for sample in rule.samples {
            let got: [Event.Field]?
            do {
                got = try rule.fields(matching: sample.text, scratch: scratch)
            } catch {
                errors.append(PatternError(.badSample, "event \"\(rule.id)\": sample hit a limit: \(error)", at: sample.location))
                continue
            }
            guard let got else {
                errors.append(PatternError(.badSample, "event \"\(rule.id)\" does not match its sample \"\(sample.text)\"", at: sample.location,
                                           hint: "regex /\(rule.expression.regex)/"))
                continue
            }
            var observed: [String: String] = [:]
            for f in got { observed[f.name] = f.value.text }
            for (name, want) in sample.fields.sorted(by: { $0.key < $1.key }) where observed[name] != want {
                errors.append(PatternError(.badSample, "event \"\(rule.id)\": sample field \(name) is \(observed[name].map { "\"\($0)\"" } ?? "missing"), expected \"\(want)\"",
                                           at: sample.location))
            }
            for name in observed.keys.sorted() where sample.fields[name] == nil {
                errors.append(PatternError(.badSample, "event \"\(rule.id)\": sample yields field \(name)=\"\(observed[name]!)\" that the sample does not list",
                                           at: sample.location, hint: "list every field the sample yields"))
            }
            // Literals must be present in every sample, or the prefilter would hide real matches.
            let folded = sample.text.lowercased()
            if !rule.literals.isEmpty,
               !rule.literals.contains(where: { branch in branch.allSatisfy { folded.contains($0.lowercased()) } }) {
                errors.append(PatternError(.badSample, "event \"\(rule.id)\": the prefilter literals \(rule.literals) are not all in the sample", at: sample.location,
                                           hint: "this is a bug in literal extraction; simplify the expression"))
            }
        }
    }

    static func isKebab(_ s: String) -> Bool {
        guard let f = s.first, f.isLetter, f.isLowercase else { return false }
        return s.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }
}
