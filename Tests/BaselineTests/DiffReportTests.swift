import LogModel
import Reporting
import Testing
@testable import Baseline

@Suite struct DiffReportTests {
    @Test func grownShrunkNewGoneAndOutcomes() {
        let a = TestSupport.run(day: 1, phases: ["control-plane": 400, "nodes": 150, "validate": 20, "old": 10])
        let loopA = LoopSummary(id: "cluster-init", state: "ScalingUp", count: 10, totalSeconds: 150, verdict: .ok)
        let loopB = LoopSummary(id: "cluster-init", state: "ScalingUp", count: 30, totalSeconds: 450, verdict: .slow)
        let fresh = LoopSummary(id: "nodes-ready", state: "ReadyReplicas=1", count: 5, totalSeconds: 50, verdict: .ok)
        var b = TestSupport.run(day: 2, phases: ["control-plane": 600, "nodes": 100, "validate": 20.5, "addons": 90],
                                phaseOutcome: ["nodes": .failed], loops: ["control-plane": [loopB], "nodes": [fresh]])
        var aWithLoop = a
        aWithLoop.phases[1].loops = [loopA]  // control-plane
        let d = DiffReport(a: aWithLoop, b: b)
        func change(_ phase: String) -> DiffReport.Change? { d.phases.first { $0.key.phase == phase }?.change }
        #expect(change("control-plane") == .grew)
        #expect(change("nodes") == .shrank)
        #expect(change("validate") == .same)
        #expect(change("addons") == .new)
        #expect(change("old") == .gone)
        #expect(d.phases.first { $0.key.phase == "nodes" }?.outcomeChanged == true)
        #expect(d.loops.map(\.change) == ["longer", "new"])
        #expect(d.hasDifferences)
        b.labels["testbed"] = "lab-2"
        let text = DiffTextRenderer().render(DiffReport(a: aWithLoop, b: b), nameA: "a.json", nameB: "b.json")
        #expect(text.contains("label testbed: - -> lab-2"))
        #expect(text.contains("workload-create  control-plane  400.0s  600.0s  +50.0% (+200.0s)  grew"))
        #expect(text.hasSuffix("2 grew, 1 shrank, 1 new, 1 gone, 1 outcome change, 2 loop changes\n"))
    }

    @Test func identicalRunsHaveNoDifferences() {
        let a = TestSupport.run(day: 1, phases: ["control-plane": 400])
        #expect(!DiffReport(a: a, b: a).hasDifferences)
    }
}
