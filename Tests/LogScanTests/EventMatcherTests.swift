import Testing
import LogModel
import Matching
import Patterns
@testable import LogScan

/// Rule order: a sample must be recognised as its own rule when the matcher runs all rules, in
/// order, through the prefilter — otherwise an earlier rule hides it in every real log.
struct EventMatcherTests {
    @Test func everySampleIsWonByItsOwnRule() {
        let rules = LogScannerTests.embedded.events
        let matcher = EventMatcher(rules: rules)
        let scratch = EventMatcher.Scratch(ruleCount: rules.count)
        var shadowed: [String] = []
        var checked = 0
        for (index, rule) in rules.enumerated() {
            for sample in rule.samples {
                checked += 1
                var limit: MatchError?
                let won = Array(sample.text.utf8).withUnsafeBytes { matcher.match($0, scratch: scratch, limitError: &limit) }
                #expect(limit == nil, "\(sample.location): \(limit.map { "\($0)" } ?? "")")
                if won != index {
                    let winner = won.map { "\(rules[$0].id) (\(rules[$0].location))" } ?? "no rule"
                    shadowed.append("\(sample.location): sample of \(rule.id) is taken by \(winner): \"\(sample.text)\"")
                }
            }
        }
        #expect(checked > 200)
        #expect(shadowed.isEmpty, "\(shadowed.count) samples won by another rule:\n\(shadowed.joined(separator: "\n"))")
    }

    @Test func prefilterSkipsLinesWithoutLiterals() {
        let rules = LogScannerTests.embedded.events
        let matcher = EventMatcher(rules: rules)
        let scratch = EventMatcher.Scratch(ruleCount: rules.count)
        var limit: MatchError?
        let none = Array("zzzz qqqq".utf8).withUnsafeBytes { matcher.match($0, scratch: scratch, limitError: &limit) }
        #expect(none == nil)
        let hit = Array("Validating configuration...".utf8).withUnsafeBytes { matcher.match($0, scratch: scratch, limitError: &limit) }
        #expect(hit.map { rules[$0].id } == "validating-configuration")
    }
}
