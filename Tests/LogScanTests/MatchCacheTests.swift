import Foundation
import Testing
import LogModel
import Matching
import Patterns
@testable import LogScan

/// The match cache must never change an answer: a remembered body gets the rule and the capture
/// ranges PCRE2 would give it, and keys are equal exactly when bodies are.
struct MatchCacheTests {
    static let rules = LogScannerTests.embedded.events

    /// The rule and every group range of a match through `match` (cached) on `scratch`.
    static func answer(_ body: [UInt8], _ matcher: EventMatcher, _ scratch: EventMatcher.Scratch) -> (Int?, [Range<Int>?], UInt64) {
        var limit: MatchError?
        let rule = body.withUnsafeBytes { matcher.match($0, scratch: scratch, limitError: &limit) }
        let groups = rule == nil ? [] : (0..<scratch.match.groupCount).map { scratch.match.range(ofGroup: $0) }
        return (rule, groups, scratch.cache.lastKey)
    }

    /// The same without the cache, on a scratch of its own.
    static func uncached(_ body: [UInt8], _ matcher: EventMatcher) -> (Int?, [Range<Int>?]) {
        let scratch = EventMatcher.Scratch(ruleCount: rules.count)
        var limit: MatchError?
        let rule = body.withUnsafeBytes { matcher.matchAll($0, scratch: scratch, limitError: &limit) }
        let groups = rule == nil ? [] : (0..<scratch.match.groupCount).map { scratch.match.range(ofGroup: $0) }
        return (rule, groups)
    }

    /// Every rule sample, plus bodies no rule matches.
    static var bodies: [[UInt8]] {
        rules.flatMap { $0.samples.map { Array($0.text.utf8) } }
            + ["zzzz qqqq", "", "cluster state is unchanged", "I am not a Tanzu line at all"].map { Array($0.utf8) }
    }

    @Test func aRepeatedBodyGetsTheSameRuleAndCaptures() {
        let matcher = EventMatcher(rules: Self.rules)
        let scratch = EventMatcher.Scratch(ruleCount: Self.rules.count)
        var checked = 0
        for body in Self.bodies {
            let expected = Self.uncached(body, matcher)
            let first = Self.answer(body, matcher, scratch)
            let again = Self.answer(body, matcher, scratch)
            #expect(first.0 == expected.0 && first.1 == expected.1, "first look at \(String(decoding: body, as: UTF8.self))")
            #expect(again.0 == expected.0 && again.1 == expected.1, "remembered answer for \(String(decoding: body, as: UTF8.self))")
            if !body.isEmpty && body.count <= MatchCache.maxBodyBytes {
                #expect(again.2 != 0 && again.2 == first.2, "a remembered body keeps its key")
                checked += 1
            }
        }
        #expect(checked > 200)
        #expect(scratch.cache.hits >= checked)
    }

    @Test func answersStayRightWhenBodiesEvictEachOther() {
        let matcher = EventMatcher(rules: Self.rules)
        let scratch = EventMatcher.Scratch(ruleCount: Self.rules.count)
        // More distinct bodies than slots, twice over: every slot is overwritten, many collide.
        let bodies = (0..<(MatchCache.slotCount * 2)).map { i in
            Array((i % 3 == 0 ? "cluster state is unchanged \(i)"
                : i % 3 == 1 ? "cluster control plane is still being initialized: ScalingUp\(i), retrying"
                : "controller-runtime noise line \(i)").utf8)
        }
        var keys: [UInt64: [UInt8]] = [:]
        for pass in 0..<2 {
            for body in bodies {
                let expected = Self.uncached(body, matcher)
                let got = Self.answer(body, matcher, scratch)
                #expect(got.0 == expected.0 && got.1 == expected.1, "pass \(pass): \(String(decoding: body, as: UTF8.self))")
                #expect(got.2 != 0)
                if let seen = keys[got.2] { #expect(seen == body, "a key names exactly one body") }
                keys[got.2] = body
            }
        }
    }

    @Test func longBodiesAreNotRemembered() {
        let matcher = EventMatcher(rules: Self.rules)
        let scratch = EventMatcher.Scratch(ruleCount: Self.rules.count)
        let long = Array(("cluster control plane is still being initialized: " + String(repeating: "x", count: 300)).utf8)
        let first = Self.answer(long, matcher, scratch)
        let again = Self.answer(long, matcher, scratch)
        #expect(first.0 == Self.uncached(long, matcher).0)
        #expect(again.0 == first.0 && again.1 == first.1)
        #expect(first.2 == 0 && again.2 == 0)
        #expect(scratch.cache.hits == 0)
    }

    @Test func theHashSeesEveryByte() {
        // Bodies that differ in one byte anywhere (head, middle, the overlapping tail) hash apart.
        let base = Array("cluster control plane is still being initialized: ScalingUp, retrying".utf8)
        var hashes = Set<UInt64>()
        for i in base.indices {
            var changed = base
            changed[i] ^= 0x01
            hashes.insert(changed.withUnsafeBytes { MatchCache.hash($0) })
        }
        hashes.insert(base.withUnsafeBytes { MatchCache.hash($0) })
        #expect(hashes.count == base.count + 1)
        let short = (1...7).map { n in Array(base.prefix(n)).withUnsafeBytes { MatchCache.hash($0) } }
        #expect(Set(short).count == 7)
    }
}

/// The scan reports how many bodies it answered from the cache (shown by `events --summary`).
struct MatchCacheStatsTests {
    @Test func repeatedPollsAreCountedAsRemembered() throws {
        let poll = "I0110 22:10:00.000000 clusterclient.go:548] cluster control plane is still being initialized: ScalingUp, retrying\n"
        let other = "I0110 22:10:01.000000 clusterclient.go:530] cluster state is unchanged 1\n"
        let (events, stats) = try LogScannerTests.scan(String(repeating: poll, count: 10) + other)
        #expect(events.count == 11)
        #expect(stats.cacheLookups == 11)
        #expect(stats.cacheHits == 9)
        #expect(Set(events.prefix(10).map(\.text)).count == 1)
    }
}
