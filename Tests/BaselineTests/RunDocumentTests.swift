import Foundation
import LogModel
import Testing
@testable import Baseline

@Suite struct RunDocumentTests {
    func code(_ body: () throws -> Void) -> BaselineError.Code? {
        do { try body(); return nil } catch let e as BaselineError { return e.code } catch { return nil }
    }

    @Test func timelinesAndSummariesAreToldApart() throws {
        guard case .timeline(let t) = try RunDocument.load(path: TestSupport.fixture("workload-create-ok.timeline.json")) else {
            Issue.record("not a timeline"); return
        }
        let summary = RunSummarizer().summarize(t)
        let data = try JSONEncoder().encode(summary)
        guard case .summary(let s) = try RunDocument.decode(data, source: "s.json") else { Issue.record("not a summary"); return }
        #expect(s == summary)
    }

    @Test func newerSummaryForeignJSONAndGarbageAreRefused() {
        #expect(code { _ = try RunDocument.load(path: TestSupport.fixture("newer-schema.summary.json")) } == .newerRun)
        #expect(code { _ = try RunDocument.load(path: TestSupport.fixture("not-a-run.json")) } == .badInput)
        #expect(code { _ = try RunDocument.load(path: TestSupport.fixture("corrupt.sqlite")) } == .badInput)
        #expect(code { _ = try RunDocument.load(path: "/nonexistent/run.json") } == .badInput)
        #expect(code { _ = try RunDocument.decode(Data("{\"schemaVersion\": 2, \"operations\": []}".utf8), source: "t.json") } == .newerRun)
    }

    @Test func summaryGetsLabelsAndItsHashRecomputed() throws {
        var s = TestSupport.run(day: 1, phases: ["p": 10])
        let hash = s.hash
        s.hash = "hand-edited"
        let out = RunDocument.summary(s).summary(labels: ["testbed": "lab-1"])
        #expect(out.hash == hash)
        #expect(out.labels["testbed"] == "lab-1")
    }

    @Test func jsonIsRecognisedByNameOrFirstByte() throws {
        #expect(RunDocument.looksLikeJSON(path: "x/run.JSON"))
        #expect(RunDocument.looksLikeJSON(path: TestSupport.fixture("workload-create-ok.timeline.json")))
        #expect(!RunDocument.looksLikeJSON(path: TestSupport.fixture("corrupt.sqlite")))
    }
}
