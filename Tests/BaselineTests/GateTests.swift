import LogModel
import Testing
@testable import Baseline

@Suite struct GateTests {
    /// Ten steady runs: control-plane ≈ 400 s (MAD 10), nodes ≈ 150 s.
    static let history: [RunSummary] = (0..<10).map { day in
        TestSupport.run(day: day, phases: ["control-plane": 390 + Double(day % 3) * 10, "nodes": 145 + Double(day % 2) * 10])
    }.reversed()

    func verdict(_ report: GateReport, _ phase: String) -> GateVerdict? {
        report.phases.first { $0.phase == phase }
    }

    @Test func unchangedRunPasses() {
        let r = Gate().evaluate(TestSupport.run(day: 20, phases: ["control-plane": 405, "nodes": 150]), baseline: Self.history)
        #expect(r.result == .pass)
        #expect(verdict(r, "control-plane")?.verdict == .ok)
        #expect(verdict(r, "control-plane")?.baselineMedian == 400)
        #expect(verdict(r, "control-plane")?.samples == 10)
        #expect(r.reasons.isEmpty)
    }

    @Test func regressionNeedsAllThreeConditions() throws {
        let r = Gate().evaluate(TestSupport.run(day: 20, phases: ["control-plane": 700, "nodes": 150]), baseline: Self.history)
        let v = try #require(verdict(r, "control-plane"))
        #expect(v.verdict == .regression)
        #expect(v.changeSeconds == 300)
        #expect(v.change == 0.75)
        #expect(r.result == .fail)
        #expect(r.reasons.contains("workload-create/control-plane: regression"))

        // Beyond the noise, but under --min-rel 20%.
        let small = Gate().evaluate(TestSupport.run(day: 20, phases: ["control-plane": 470, "nodes": 150]), baseline: Self.history)
        #expect(verdict(small, "control-plane")?.verdict == .ok)
        // Beyond the noise and 20%, but under --min-abs 30 s.
        let tiny = (0..<10).map { TestSupport.run(day: $0, phases: ["validate": 20]) }
        let r2 = Gate().evaluate(TestSupport.run(day: 20, phases: ["validate": 45]), baseline: tiny)
        #expect(verdict(r2, "validate")?.verdict == .ok)
        let r3 = Gate().evaluate(TestSupport.run(day: 20, phases: ["validate": 51]), baseline: tiny)
        #expect(verdict(r3, "validate")?.verdict == .regression)
    }

    @Test func improvementIsTheMirror() {
        let r = Gate().evaluate(TestSupport.run(day: 20, phases: ["control-plane": 200, "nodes": 150]), baseline: Self.history)
        #expect(verdict(r, "control-plane")?.verdict == .improvement)
        #expect(r.result == .pass)
    }

    @Test func fewSamplesAreInsufficientAndCanBeMadeInconclusive() {
        let run = TestSupport.run(day: 20, phases: ["control-plane": 900, "nodes": 150])
        let r = Gate().evaluate(run, baseline: Array(Self.history.prefix(4)))
        #expect(verdict(r, "control-plane")?.verdict == .insufficientData)
        #expect(r.result == .pass)
        let strict = Gate(inconclusiveOn: [.insufficientData]).evaluate(run, baseline: Array(Self.history.prefix(4)))
        #expect(strict.result == .inconclusive)
    }

    @Test func newAndMissingPhases() {
        let r = Gate().evaluate(TestSupport.run(day: 20, phases: ["control-plane": 400, "addons": 90]), baseline: Self.history)
        #expect(verdict(r, "addons")?.verdict == .newPhase)
        #expect(verdict(r, "nodes")?.verdict == .missingPhase)
        #expect(r.phases.last?.phase == "nodes")
        #expect(r.result == .pass)
        let strict = Gate(inconclusiveOn: [.missingPhase]).evaluate(TestSupport.run(day: 20, phases: ["control-plane": 400]), baseline: Self.history)
        #expect(strict.result == .inconclusive)
    }

    @Test func windowKeepsTheMostRecentRunsAndSkipsTheRunItself() {
        let run = TestSupport.run(day: 20, phases: ["control-plane": 400, "nodes": 150])
        let r = Gate(parameters: GateParameters(window: 5)).evaluate(run, baseline: [run] + Self.history)
        #expect(r.baselineRuns == Self.history.prefix(5).map(\.hash))
        #expect(verdict(r, "control-plane")?.samples == 5)
    }

    @Test func budgetsWarnUnlessHardWhateverTheHistorySays() {
        let run = TestSupport.run(day: 20, phases: ["control-plane": 405, "nodes": 150], budgets: ["control-plane": 360])
        let r = Gate().evaluate(run, baseline: Self.history)
        #expect(verdict(r, "control-plane")?.verdict == .overBudget)
        #expect(r.result == .pass)
        let hard = Gate(hardBudgets: true).evaluate(run, baseline: Self.history)
        #expect(hard.result == .fail)
        #expect(hard.reasons == ["workload-create/control-plane: over-budget"])
        let alone = Gate(hardBudgets: true).evaluate(run, baseline: [])
        #expect(verdict(alone, "control-plane")?.verdict == .overBudget)
        #expect(alone.result == .fail)
    }

    @Test func failedOrStuckRunFailsTheGate() {
        let failed = TestSupport.run(day: 20, phases: ["control-plane": 1800], outcome: .failed, phaseOutcome: ["control-plane": .failed])
        let r = Gate().evaluate(failed, baseline: Self.history)
        #expect(r.result == .fail)
        #expect(verdict(r, "control-plane")?.verdict == .failed)
        #expect(r.reasons.first == "workload-create failed")

        let stuckLoop = LoopSummary(id: "cluster-init", state: "ScalingUp", count: 80, totalSeconds: 1200, verdict: .stuck)
        let stuck = TestSupport.run(day: 20, phases: ["control-plane": 400, "nodes": 150], loops: ["control-plane": [stuckLoop]])
        let r2 = Gate().evaluate(stuck, baseline: Self.history)
        #expect(r2.result == .fail)
        #expect(r2.reasons == ["loop cluster-init stuck in workload-create/control-plane on \"ScalingUp\" (80 polls)"])
    }

    @Test func failedPhasesOfBaselineRunsAreNotSamples() {
        let history = Self.history + [TestSupport.run(day: -1, phases: ["control-plane": 5000, "nodes": 150], outcome: .failed,
                                                       phaseOutcome: ["control-plane": .failed])]
        let r = Gate().evaluate(TestSupport.run(day: 20, phases: ["control-plane": 400, "nodes": 150]), baseline: history)
        #expect(verdict(r, "control-plane")?.samples == 10)
        #expect(verdict(r, "nodes")?.samples == 11)
    }
}
