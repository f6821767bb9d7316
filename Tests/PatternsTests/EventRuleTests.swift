import Testing
import LogModel
import Matching
@testable import Patterns

/// The one generic verifier of every event rule sample in the embedded set: each sample matches its
/// rule and yields exactly the fields it lists (loading checks this too; the test makes sure the
/// check cannot silently stop running).
struct EventRuleTests {
    static let embedded: PatternSet = {
        do { return try PatternSet.embedded() } catch { fatalError("embedded patterns do not load: \(error)") }
    }()

    @Test func embeddedSetIsLarge() {
        let set = Self.embedded
        #expect(set.events.count > 200)
        #expect(set.events.reduce(0) { $0 + $1.samples.count } > 200)
        #expect(set.grok.samples.count > 20)
        #expect(Set(set.events.map(\.id)).count == set.events.count)
    }

    @Test func everySampleYieldsItsFields() throws {
        let scratch = MatchScratch()
        var checked = 0
        var problems: [String] = []
        for rule in Self.embedded.events {
            #expect(!rule.samples.isEmpty, "\(rule.id) at \(rule.location) has no samples")
            for sample in rule.samples {
                checked += 1
                guard let fields = try rule.fields(matching: sample.text, scratch: scratch) else {
                    problems.append("\(sample.location): \(rule.id) does not match \"\(sample.text)\"")
                    continue
                }
                var observed: [String: String] = [:]
                for f in fields { observed[f.name] = f.value.text }
                if observed != sample.fields {
                    problems.append("\(sample.location): \(rule.id) yields \(observed.sorted { $0.key < $1.key }), sample lists \(sample.fields.sorted { $0.key < $1.key })")
                }
                // Typed fields come out typed.
                for f in fields {
                    guard let spec = rule.fields.first(where: { $0.name == f.name }) else { continue }
                    switch (spec.type, f.value) {
                    case (.int, .int), (.float, .float), (.duration, .duration), (.string, .string): break
                    default: problems.append("\(sample.location): \(rule.id).\(f.name) is \(f.value), declared \(spec.type)")
                    }
                }
            }
        }
        #expect(checked > 200)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func everySampleContainsItsRulesPrefilterLiterals() {
        var problems: [String] = []
        for rule in Self.embedded.events where !rule.literals.isEmpty {
            for sample in rule.samples {
                let folded = sample.text.lowercased()
                if !rule.literals.contains(where: { $0.allSatisfy { folded.contains($0.lowercased()) } }) {
                    problems.append("\(sample.location): \(rule.id) literals \(rule.literals)")
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test func caseInsensitiveByDefault() throws {
        let rule = try #require(Self.embedded.event("validating-configuration"))
        #expect(rule.caseless)
        #expect(try rule.fields(matching: "VALIDATING CONFIGURATION...", scratch: MatchScratch()) != nil)
    }
}
