import Foundation
import LogModel
import Patterns
import Testing
@testable import Phases

/// A log analyzed in segments on two threads gives what one pass gives: the same operations (with
/// the whole file's line numbers), findings and unknown loops — whether the cuts are accepted (one
/// operation after another) or refused (a CI harness step spans the log).
@Suite(.serialized)
struct SegmentedAnalysisTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static func corpusLogs() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root + "/corpora").sorted()
            .map { root + "/corpora/\($0)/input.log" }
            .filter { FileManager.default.fileExists(atPath: $0) }
    }

    /// `copies` copies of a corpus log in one temporary file.
    static func repeated(_ corpus: String, copies: Int) throws -> String {
        let text = try String(contentsOfFile: root + "/corpora/\(corpus)/input.log", encoding: .utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-segments-\(corpus)-\(copies)-\(getpid()).log").path
        try String(repeating: text, count: copies).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Analyzes `path` in segments of `segmentBytes` and compares with one pass; returns the cuts
    /// accepted and refused.
    @discardableResult
    static func expectSameAsOnePass(_ path: String, segmentBytes: Int64, probeHarness: Bool = false,
                                    sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> (accepted: Int, refused: Int) {
        let analyzer = try Analyzer(patterns: PatternSet.embedded())
        let one = try analyzer.analyze(paths: [path], threads: 1)
        let segmented = try #require(try SegmentedAnalysis<[LogModel.Operation]>(analyzer: analyzer, path: path, name: path, threads: 2,
                                                                                 segmentBytes: segmentBytes, probeHarness: probeHarness,
                                                                                 startTogether: true),
                                     sourceLocation: sourceLocation)
        var operations: [LogModel.Operation] = []
        let (findings, unknown) = try segmented.run(prepare: { $0 }, deliver: { operations += $0 })
        #expect(operations == one.operations, "\(path)", sourceLocation: sourceLocation)
        #expect(findings == one.findings, "\(path)", sourceLocation: sourceLocation)
        #expect(unknown.candidates() == one.unknownLoops, "\(path)", sourceLocation: sourceLocation)
        return (segmented.acceptedCuts, segmented.refusedCuts)
    }

    @Test(arguments: [512, 4096])
    func everyCorpusLogInSegmentsGivesWhatOnePassGives(segmentBytes: Int) throws {
        let logs = try Self.corpusLogs()
        #expect(logs.count >= 20)
        for log in logs {
            guard let size = try FileManager.default.attributesOfItem(atPath: log)[.size] as? Int, size >= 2 * segmentBytes else { continue }
            try Self.expectSameAsOnePass(log, segmentBytes: Int64(segmentBytes))
        }
    }

    @Test func operationsOneAfterAnotherAreCutBetweenOperations() throws {
        let path = try Self.repeated("workload-create-scalingup", copies: 60)
        defer { unlink(path) }
        let cuts = try Self.expectSameAsOnePass(path, segmentBytes: 8192)
        #expect(cuts.accepted >= 1)  // segment 1's, at least (the others depend on the threads' timing)
    }

    /// A log cut off mid-operation, repeated: each copy's first line finds the operation before it
    /// still open, so every cut is refused and the thread before reads on.
    @Test func anOperationOpenAtTheCutRefusesItAndStillGivesOnePassResult() throws {
        let path = try Self.repeated("workload-create-truncated", copies: 80)
        defer { unlink(path) }
        let cuts = try Self.expectSameAsOnePass(path, segmentBytes: 8192)
        #expect(cuts.refused > 0)
        #expect(cuts.accepted == 0)
    }

    /// A CI harness console (Jenkins stamps, no klog header opening an operation) has no cut: the
    /// first thread reads it whole. By default such a log is not cut at all.
    @Test func aHarnessLogHasNoCutAndStillGivesOnePassResult() throws {
        let path = try Self.repeated("harness-workload-create", copies: 12)
        defer { unlink(path) }
        let cuts = try Self.expectSameAsOnePass(path, segmentBytes: 8192)
        #expect(cuts.accepted == 0)
        // And by default such a log is not cut at all (it is scanned beside the builder instead).
        let analyzer = try Analyzer(patterns: PatternSet.embedded())
        #expect(try SegmentedAnalysis<[LogModel.Operation]>(analyzer: analyzer, path: path, name: path, threads: 2, segmentBytes: 8192) == nil)
    }

    @Test func smallFilesStandardInputAndOneThreadAreNotCut() throws {
        let analyzer = try Analyzer(patterns: PatternSet.embedded())
        let log = Self.root + "/corpora/workload-create-scalingup/input.log"
        #expect(try SegmentedAnalysis<Int>(analyzer: analyzer, path: log, name: log, threads: 2) == nil)
        #expect(try SegmentedAnalysis<Int>(analyzer: analyzer, path: log, name: log, threads: 1, segmentBytes: 512) == nil)
        #expect(try SegmentedAnalysis<Int>(analyzer: analyzer, path: "-", name: "-", threads: 2, segmentBytes: 512) == nil)
    }

    @Test func segmentsShrinkTowardsTheEndAndCoverTheFile() {
        let mb: Int64 = 1 << 20
        let starts = SegmentedAnalysis<Int>.starts(size: 1024 * mb, segmentBytes: 32 * mb, threads: 2)
        #expect(starts.first == 0)
        #expect(starts == starts.sorted() && Set(starts).count == starts.count)
        #expect(starts.last! < 1024 * mb)
        let sizes = zip(starts.dropFirst(), starts).map { $0 - $1 } + [1024 * mb - starts.last!]
        #expect(sizes.first == 32 * mb)
        #expect(sizes.allSatisfy { $0 <= 32 * mb })
        #expect(sizes.dropLast().last! < 8 * mb)  // the last ones are small
        #expect(sizes.dropLast().allSatisfy { $0 >= 4 * mb })
    }
}

/// Moving a part's line numbers to the whole file's.
struct LineShiftTests {
    @Test func movesLocationsOfItsFileOnly() {
        let file = FileName.intern("/logs/a.log")
        let shift = LineShift(file: file, lines: 100)
        #expect(shift(SourceLocation(file: "/logs/a.log", line: 7)) == SourceLocation(file: "/logs/a.log", line: 107))
        #expect(shift(SourceLocation(file: "/logs/b.log", line: 7)) == SourceLocation(file: "/logs/b.log", line: 7))
    }

    @Test func movesTheLineOfEvidenceText() {
        let shift = LineShift(file: FileName.intern("/logs/a.log"), lines: 1000)
        #expect(shift.evidence("/logs/a.log:12: cluster state is unchanged 3") == "/logs/a.log:1012: cluster state is unchanged 3")
        #expect(shift.evidence("/logs/b.log:12: text") == "/logs/b.log:12: text")
        #expect(shift.evidence("/logs/a.log:x: text") == "/logs/a.log:x: text")
        #expect(shift.evidence("/logs/a.log:12:30 text") == "/logs/a.log:1012:30 text")
    }

    @Test func movesEveryLineOfAnOperation() {
        let file = "/logs/a.log"
        let at = { (line: Int) in SourceLocation(file: file, line: line) }
        var loop = Loop(id: "init", state: "ScalingUp", count: 3, firstLine: at(5), lastLine: at(9), start: nil, end: nil,
                        periodSeconds: nil, totalSeconds: nil, verdict: .stuck, stuckAfterSeconds: 60, diagnosis: nil)
        loop.diagnosis = Diagnosis(summary: "s", evidence: ["\(file):5: a", "\(file):9: b"])
        var phase = Phase(id: "p", outcome: .failed, evidence: Evidence(start: at(2), end: at(9)),
                          error: ErrorInfo(message: "boom", location: at(9), kind: "error-x"))
        phase.loops = [loop]
        phase.phases = [Phase(id: "child", outcome: .ok, evidence: Evidence(start: at(3), end: at(4)))]
        var op = LogModel.Operation(kind: "k", outcome: .failed, error: ErrorInfo(message: "boom", location: at(9), kind: "error-x"),
                           evidence: Evidence(start: at(1), end: at(9)), phases: [phase])
        LineShift(file: FileName.intern(file), lines: 10).apply(&op)
        #expect(op.evidence == Evidence(start: at(11), end: at(19)))
        #expect(op.error?.location == at(19))
        #expect(op.phases[0].evidence == Evidence(start: at(12), end: at(19)))
        #expect(op.phases[0].error?.location == at(19))
        #expect(op.phases[0].phases[0].evidence == Evidence(start: at(13), end: at(14)))
        #expect(op.phases[0].loops[0].firstLine == at(15) && op.phases[0].loops[0].lastLine == at(19))
        #expect(op.phases[0].loops[0].diagnosis?.evidence == ["\(file):15: a", "\(file):19: b"])
    }
}
