import Foundation
import LogModel
import Testing
@testable import Baseline

/// The statistics under CI-like noise: log-normal durations with a 20% coefficient of variation,
/// 5% of history runs 2× slower (a noisy neighbour, a slow datastore), one current run per history.
///
/// Set `TKGQA_SIM_HISTORIES=100000` for tighter rates; the test always uses at least 1,000.
@Suite struct GateSimulationTests {
    static let histories = max(1000, Int(ProcessInfo.processInfo.environment["TKGQA_SIM_HISTORIES"] ?? "") ?? 1000)

    /// Flag rate over `histories` generated histories when the current run's first phase is `factor`× slower.
    /// Each run has `phaseCount` independent phases with typical durations of 1 to 15 minutes.
    static func flagRate(factor: Double, phaseCount: Int, seed: UInt64) -> Double {
        var rng = SeededRandom(seed: seed)
        let gate = Gate()
        var flagged = 0
        for h in 0..<histories {
            let means = (0..<phaseCount).map { _ in 60 + rng.uniform() * 840 }
            func draw(_ mean: Double, outliers: Bool) -> Double {
                let v = rng.logNormal(mean: mean, cv: 0.2)
                return outliers && rng.uniform() < 0.05 ? 2 * v : v
            }
            func summary(day: Int, values: [Double]) -> RunSummary {
                let start = TestSupport.day0.adding(seconds: Double(day) * 86_400)
                let rows = values.enumerated().map { PhaseSummary(operation: "workload-create", phase: "phase-\($0.offset)", outcome: .ok, durationSeconds: $0.element) }
                return RunSummary(hash: "h\(h)-\(day)", start: start, end: nil, labels: [:], outcome: .ok, inputs: [], phases: rows)
            }
            let baseline = (0..<20).reversed().map { day in summary(day: day, values: means.map { draw($0, outliers: true) }) }
            var current = means.map { draw($0, outliers: false) }
            current[0] *= factor
            let report = gate.evaluate(summary(day: 20, values: current), baseline: baseline)
            if report.result == .fail { flagged += 1 }
        }
        return Double(flagged) / Double(histories)
    }

    @Test func unchangedRunsAreRarelyFlagged() {
        let rate = Self.flagRate(factor: 1, phaseCount: 1, seed: 7)
        print("simulation: \(Self.histories) histories, unchanged phase flagged: \(percent(rate))")
        #expect(rate < 0.01)
    }

    @Test func threeTimesSlowerIsAlmostAlwaysFlagged() {
        let rate = Self.flagRate(factor: 3, phaseCount: 1, seed: 11)
        print("simulation: \(Self.histories) histories, 3x slower phase flagged: \(percent(rate))")
        #expect(rate > 0.95)
    }

    /// Reports the detection curve (and, for the note, how false alarms add up over several phases);
    /// asserts only that it rises with the slowdown.
    @Test func detectionRates() {
        let rates = [1.5, 2, 3].map { Self.flagRate(factor: $0, phaseCount: 1, seed: 23) }
        print("simulation: \(Self.histories) histories, detection at 1.5x \(percent(rates[0])), 2x \(percent(rates[1])), 3x \(percent(rates[2]))")
        #expect(rates[0] < rates[1] && rates[1] < rates[2])
        let sixPhases = Self.flagRate(factor: 1, phaseCount: 6, seed: 29)
        print("simulation: \(Self.histories) unchanged runs of 6 independent phases, any phase flagged: \(percent(sixPhases))")
    }

    func percent(_ rate: Double) -> String { String(format: "%.2f%%", rate * 100) }
}
