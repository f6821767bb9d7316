import Foundation
import LogModel
import Testing
@testable import Baseline

@Suite struct RunSummarizerTests {
    @Test func labelsComeFromFactsAndLabelsOverride() throws {
        let t = try TestSupport.timeline("workload-create-ok.timeline.json")
        let s = RunSummarizer().summarize(t, labels: ["testbed": "lab-3", "plan": "prod"])
        #expect(s.labels == ["provider": "vsphere", "plan": "prod", "kubernetesVersion": "v1.28.7+vmware.1", "cni": "antrea",
                             "tkgVersion": "v2.5.1", "testbed": "lab-3"])
        #expect(s.labels["timeout"] == nil)
    }

    @Test func phasesAreKeyedByOperationAndIdPath() throws {
        let s = RunSummarizer().summarize(try TestSupport.timeline("workload-create-ok.timeline.json"))
        #expect(s.phases.map(\.key.description) == [
            "workload-create/(total)", "workload-create/validate", "workload-create/control-plane", "workload-create/nodes",
            "workload-create/addons", "workload-create/addons/kapp-controller", "workload-create/addons/antrea",
        ])
        #expect(s.phase(PhaseKey(operation: "workload-create", phase: "(total)"))?.durationSeconds == 750.5)
        let cp = try #require(s.phase(PhaseKey(operation: "workload-create", phase: "control-plane")))
        #expect(cp.loops == [LoopSummary(id: "cluster-init", state: "ScalingUp", count: 14, totalSeconds: 210, verdict: .ok)])
        #expect(s.start == Timestamp(year: 2024, month: 5, day: 2, hour: 10, minute: 0, second: 0, microsecond: 0))
        #expect(s.outcome == .ok)
        #expect(s.inputs == ["logs/wl-1-create.log"])
    }

    @Test func secondOperationOfAKindIsNumbered() {
        let t0 = Timestamp(year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0)
        let t = Timeline(inputs: ["x"], operations: [
            Operation(kind: "workload-create", cluster: "b", outcome: .ok, start: t0.adding(seconds: 100), end: t0.adding(seconds: 200),
                      phases: [Phase(id: "control-plane", outcome: .ok, durationSeconds: 50), Phase(id: "control-plane", outcome: .ok, durationSeconds: 5)]),
            Operation(kind: "workload-create", cluster: "a", outcome: .ok, start: t0, end: t0.adding(seconds: 90)),
        ])
        let s = RunSummarizer().summarize(t)
        #expect(s.phases.map(\.key.description) == ["workload-create/(total)", "workload-create#2/(total)",
                                                     "workload-create#2/control-plane", "workload-create#2/control-plane#2"])
        #expect(s.phases[0].cluster == "a")
        #expect(s.phases[0].durationSeconds == 90)
    }

    @Test func hashIgnoresLabelsInputsAndBudgetsButNotDurations() throws {
        var t = try TestSupport.timeline("workload-create-ok.timeline.json")
        let a = RunSummarizer().summarize(t)
        let b = RunSummarizer(budgets: [PhaseKey(operation: "workload-create", phase: "nodes"): 300]).summarize(t, labels: ["testbed": "x"])
        #expect(a.hash == b.hash)
        #expect(b.phase(PhaseKey(operation: "workload-create", phase: "nodes"))?.budgetSeconds == 300)
        t.inputs = ["/elsewhere/copy.log"]
        #expect(RunSummarizer().summarize(t).hash == a.hash)
        t.operations[0].phases[2].durationSeconds = 161
        #expect(RunSummarizer().summarize(t).hash != a.hash)
        #expect(a.hash.count == 64)
        #expect(a.computedHash == a.hash)
    }

    @Test func summaryRoundTripsThroughJSON() throws {
        let s = RunSummarizer().summarize(try TestSupport.timeline("workload-create-stuck.timeline.json"))
        let data = try JSONEncoder().encode(s)
        #expect(try JSONDecoder().decode(RunSummary.self, from: data) == s)
        #expect(s.hasStuckLoop)
        #expect(s.outcome == .failed)
    }
}
