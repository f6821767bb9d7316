import LogModel
import Matching
import Patterns

/// Finds the event rule that matches a message body: the literal prefilter picks candidate rules, then
/// PCRE2 runs only those, in rule order; the first that matches wins.
public final class EventMatcher: Sendable {
    public let rules: [EventRule]
    public let prefilter: LiteralPrefilter

    /// Builds the matcher; `sample` (the head of the input) guides the choice of rare literal windows.
    public init(rules: [EventRule], sample: UnsafeRawBufferPointer? = nil) {
        self.rules = rules
        prefilter = LiteralPrefilter(literals: rules.map(\.literals), sample: sample)
    }

    /// Per-thread matching state; after a hit it holds the capture ranges.
    public final class Scratch {
        public let match = MatchScratch()
        var candidates: CandidateSet
        public init(ruleCount: Int) { candidates = CandidateSet(ruleCount: ruleCount) }
    }

    /// The index of the first rule (in rule order) whose regex matches `body`, or nil; the captures
    /// stay in `scratch.match`. Limit errors are returned in `limitError` so the caller can count and
    /// report them and go on.
    @inline(__always)
    public func match(_ body: UnsafeRawBufferPointer, scratch: Scratch, limitError: inout MatchError?) -> Int? {
        prefilter.candidates(in: body, into: &scratch.candidates)
        if scratch.candidates.rules.isEmpty { return nil }
        scratch.candidates.sort()
        for r in scratch.candidates.rules {
            do {
                if try rules[Int(r)].matcher.matches(body, scratch: scratch.match) { return Int(r) }
            } catch {
                limitError = error
            }
        }
        return nil
    }
}
