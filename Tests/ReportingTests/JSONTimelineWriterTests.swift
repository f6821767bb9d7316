import Foundation
import LogModel
import Testing
@testable import Reporting

/// Operations rendered apart, in batches (on the threads that built them), and written in order
/// give the bytes of the plain stream — including the closing lists, which are written by hand.
struct JSONTimelineWriterTests {
    static func stream(_ timeline: Timeline, batches: [Int]?) throws -> String {
        var out = ""
        let writer = JSONTimelineWriter(write: { out += $0 }, writeBytes: { out += String(decoding: $0, as: UTF8.self) })
        try writer.begin(inputs: timeline.inputs)
        if let batches {
            var rest = timeline.operations[...]
            for size in batches where !rest.isEmpty {
                writer.write(encoded: JSONTimelineWriter.encode(Array(rest.prefix(size))))
                rest = rest.dropFirst(size)
            }
            if !rest.isEmpty { writer.write(encoded: JSONTimelineWriter.encode(Array(rest))) }
        } else {
            for op in timeline.operations { try writer.write(op) }
        }
        try writer.end(unknownLoops: timeline.unknownLoops, findings: timeline.findings)
        return out
    }

    @Test(arguments: [[1], [3, 1, 7], [64], [0, 2]])
    func batchesGiveTheStreamsBytes(batches: [Int]) throws {
        for timeline in [ReportFixtures.big(operations: 12), ReportFixtures.failedRun, ReportFixtures.hostileRun, ReportFixtures.harnessRun] {
            #expect(try Self.stream(timeline, batches: batches) == Self.stream(timeline, batches: nil))
        }
    }

    @Test func noOperationsAtAll() throws {
        let empty = Timeline(inputs: ["a.log"])
        let text = try Self.stream(empty, batches: [5])
        #expect(text == (try Self.stream(empty, batches: nil)))
        #expect(text.contains("\"operations\" : [],"))
    }

    /// The closing lists (written without `JSONEncoder`) decode to what was given.
    @Test func unknownLoopsAndFindingsRoundTrip() throws {
        var timeline = ReportFixtures.hostileRun
        timeline.unknownLoops = [UnknownLoop(shape: ReportFixtures.hostile, count: 12, firstLine: ReportFixtures.line(3), lastLine: ReportFixtures.line(90),
                                             start: ReportFixtures.at(0), end: nil)]
        timeline.findings = [Finding(severity: .warning, code: "over-budget", message: ReportFixtures.hostile, location: ReportFixtures.line(4)),
                             Finding(severity: .error, code: "x", message: "no location")]
        let text = try Self.stream(timeline, batches: nil)
        let decoded = try JSONDecoder().decode(Timeline.self, from: Data(text.utf8))
        #expect(decoded.unknownLoops == timeline.unknownLoops)
        #expect(decoded.findings == timeline.findings)
    }
}
