import LogModel
import Matching
import Patterns

/// Finds the event rule that matches a message body: a body seen recently gets the remembered answer
/// (`MatchCache`); otherwise the literal prefilter picks candidate rules, then PCRE2 runs only those,
/// in rule order; the first that matches wins.
public final class EventMatcher: Sendable {
    public let rules: [EventRule]
    /// The rules' ids (event kinds), by rule index.
    public let kinds: [String]
    private let matchers: [PCRE2Matcher]
    /// The rules' field extractors, by rule index.
    public let extractors: [FieldExtractor]
    public let prefilter: LiteralPrefilter

    /// Builds the matcher; `sample` (the head of the input) guides the choice of rare literal windows.
    public init(rules: [EventRule], sample: UnsafeRawBufferPointer? = nil) {
        self.rules = rules
        kinds = rules.map(\.id)
        matchers = rules.map(\.matcher)
        extractors = rules.map(\.extractor)
        prefilter = LiteralPrefilter(literals: rules.map(\.literals), sample: sample)
    }

    /// Per-thread matching state; after a hit it holds the capture ranges.
    public final class Scratch {
        public let match = MatchScratch()
        /// The answers for recently seen bodies.
        public let cache = MatchCache()
        var candidates: CandidateSet
        public init(ruleCount: Int) { candidates = CandidateSet(ruleCount: ruleCount) }
    }

    /// The index of the first rule (in rule order) whose regex matches `body`, or nil; the captures
    /// stay in `scratch.match`. Limit errors are returned in `limitError` so the caller can count and
    /// report them and go on (such a line's answer is not remembered). `scratch.cache.lastKey` names
    /// the body afterwards (0 when it is not remembered).
    @inline(__always)
    public func match(_ body: UnsafeRawBufferPointer, scratch: Scratch, limitError: inout MatchError?) -> Int? {
        let hash = MatchCache.hash(body)
        switch scratch.cache.lookup(body, hash: hash, scratch: scratch.match) {
        case .rule(let r): return r
        case .noRule: return nil
        case .unknown: return matchAndRemember(body, hash: hash, scratch: scratch, limitError: &limitError)
        }
    }

    /// Runs the prefilter and PCRE2 on a body the cache does not know (`hash` is
    /// `MatchCache.hash(body)`), and remembers the answer unless a regex limit was hit.
    @inline(__always)
    public func matchAndRemember(_ body: UnsafeRawBufferPointer, hash: UInt64, scratch: Scratch, limitError: inout MatchError?) -> Int? {
        let found = matchAll(body, scratch: scratch, limitError: &limitError)
        if limitError == nil { scratch.cache.store(body, hash: hash, rule: found, scratch: scratch.match) }
        return found
    }

    /// Runs the prefilter and PCRE2 (no cache).
    @inline(__always)
    func matchAll(_ body: UnsafeRawBufferPointer, scratch: Scratch, limitError: inout MatchError?) -> Int? {
        prefilter.candidates(in: body, into: &scratch.candidates)
        if scratch.candidates.rules.isEmpty { return nil }
        scratch.candidates.sort()
        for r in scratch.candidates.rules {
            do {
                if try matchers[Int(r)].matches(body, scratch: scratch.match) { return Int(r) }
            } catch {
                limitError = error
            }
        }
        return nil
    }
}
