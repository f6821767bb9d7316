import Testing
@testable import Matching

@Suite struct PCRE2MatcherTests {
    func match(_ pattern: String, _ text: String, options: PCRE2Matcher.Options = []) throws -> (PCRE2Matcher, Match?) {
        let m = try PCRE2Matcher(pattern, options: options)
        var bytes = Array(text.utf8)
        let result = try bytes.withUnsafeMutableBytes { try m.firstMatch(in: UnsafeRawBufferPointer($0), scratch: MatchScratch()) }
        return (m, result)
    }

    @Test func namedCapturesReportTheirGroups() throws {
        let (m, r) = try match("waiting for package: '(?<pkg>[^']+)'", "W waiting for package: 'wl-antrea' now")
        #expect(m.captureNames.map(\.name) == ["pkg"])
        let range = try #require(r?.groups[1])
        #expect(range == 24..<33)
    }

    @Test func noMatchIsNil() throws {
        let (_, r) = try match("ScalingUp", "WaitingForKubeadmInit")
        #expect(r == nil)
    }

    @Test func caselessMatchesOldAndNewWording() throws {
        #expect(try match("^creating workload cluster", "Creating workload cluster 'a'...", options: .caseless).1 != nil)
        #expect(try match("^creating workload cluster", "Creating workload cluster 'a'...").1 == nil)
    }

    @Test func compileErrorCarriesTheOffset() {
        #expect(throws: MatchError.self) { try PCRE2Matcher("abc(def") }
        do {
            _ = try PCRE2Matcher("ab(?<x>c")
        } catch {
            #expect(error.code == .compile)
            #expect(error.offset == 8)
        }
    }

    @Test func invalidUTF8InTheSubjectDoesNotFail() throws {
        let m = try PCRE2Matcher("cluster (?<name>\\S+)")
        var bytes: [UInt8] = Array("bad \u{FF} cluster wl-1 \u{80}".utf8) + [0xFF, 0xC3, 0x28]
        bytes.insert(0xFE, at: 2)
        let r = try bytes.withUnsafeMutableBytes { try m.firstMatch(in: UnsafeRawBufferPointer($0), scratch: MatchScratch()) }
        #expect(r != nil)
    }

    @Test func catastrophicPatternHitsTheLimitInsteadOfHanging() throws {
        let m = try PCRE2Matcher("^(a+)+$")
        var bytes = Array(String(repeating: "a", count: 40_000).utf8) + [UInt8(ascii: "b")]
        #expect(throws: MatchError.self) {
            _ = try bytes.withUnsafeMutableBytes { try m.firstMatch(in: UnsafeRawBufferPointer($0), scratch: MatchScratch(matchLimit: 10_000)) }
        }
    }

    @Test func sharedAcrossThreadsWithOwnScratch() async throws {
        let m = try PCRE2Matcher("reason:'(?<r>\\w+)'")
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let scratch = MatchScratch()
                    var hits = 0
                    var bytes = Array("cluster not ready, reason:'ScalingUp', retrying".utf8)
                    for _ in 0..<2000 {
                        if (try? bytes.withUnsafeMutableBytes { try m.firstMatch(in: UnsafeRawBufferPointer($0), scratch: scratch) }) != nil { hits += 1 }
                    }
                    return hits
                }
            }
            return await group.reduce(0, +)
        }
        #expect(counts == 8000)
    }
}
