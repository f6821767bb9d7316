import Foundation
import LogModel
import Testing
@testable import Baseline

@Suite struct HistoryJSONLinesTests {
    @Test func roundTripKeepsExclusions() throws {
        let records = [HistoryRecord(summary: TestSupport.run(day: 1, phases: ["p": 10])),
                       HistoryRecord(summary: TestSupport.run(day: 2, phases: ["p": 11]), excludedReason: "bad")]
        let data = try HistoryJSONLines.encode(records)
        #expect(String(decoding: data, as: UTF8.self).split(separator: "\n").count == 2)
        #expect(try HistoryJSONLines.decode(data, source: "x") == records)
    }

    @Test func bareSummariesAndBlankLinesAreAccepted() throws {
        let s = TestSupport.run(day: 1, phases: ["p": 10])
        let line = try JSONEncoder().encode(s)
        let data = Data("\n".utf8) + line + Data("\r\n\n".utf8)
        #expect(try HistoryJSONLines.decode(data, source: "x") == [HistoryRecord(summary: s)])
    }

    @Test func aBadLineNamesItsLine() throws {
        let good = try HistoryJSONLines.encode([HistoryRecord(summary: TestSupport.run(day: 1, phases: ["p": 10]))])
        let data = good + Data("{\"summary\": {\"schemaVersion\": 1}}\n".utf8)
        do {
            _ = try HistoryJSONLines.decode(data, source: "h.jsonl")
            Issue.record("expected an error")
        } catch let e as BaselineError {
            #expect(e.location == SourceLocation(file: "h.jsonl", line: 2))
            #expect(e.description.hasPrefix("h.jsonl:2: "))
        }
    }

    @Test func aNewerSummaryIsRefused() throws {
        let data = Data("{\"summary\": {\"schemaVersion\": 3, \"hash\": \"x\", \"phases\": []}}\n".utf8)
        #expect(throws: BaselineError.self) { try HistoryJSONLines.decode(data, source: "h.jsonl") }
        do { _ = try HistoryJSONLines.decode(data, source: "h.jsonl") } catch let e as BaselineError { #expect(e.code == .newerRun) }
    }
}
