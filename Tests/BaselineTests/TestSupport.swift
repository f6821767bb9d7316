import Foundation
import LogModel
@testable import Baseline

/// Builders and fixtures shared by the Baseline tests.
enum TestSupport {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    static let day0 = Timestamp(year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0)

    /// A run summary with one `(total)` row per operation and the given phase durations; the hash is computed.
    static func run(day: Int, phases: [String: Double], labels: [String: String] = ["provider": "vsphere", "plan": "dev"],
                    operation: String = "workload-create", outcome: TimelineVerdict = .ok,
                    phaseOutcome: [String: Outcome] = [:], budgets: [String: Double] = [:], loops: [String: [LoopSummary]] = [:]) -> RunSummary {
        let start = day0.adding(seconds: Double(day) * 86_400)
        var rows = [PhaseSummary(operation: operation, phase: PhaseKey.total, cluster: "wl-\(day)",
                                 outcome: outcome == .ok ? .ok : (outcome == .open ? .open : .failed),
                                 durationSeconds: phases.values.reduce(0, +))]
        for (id, seconds) in phases.sorted(by: { $0.key < $1.key }) {
            rows.append(PhaseSummary(operation: operation, phase: id, cluster: "wl-\(day)", outcome: phaseOutcome[id] ?? .ok,
                                     durationSeconds: seconds, budgetSeconds: budgets[id], loops: loops[id] ?? []))
        }
        var s = RunSummary(hash: "", start: start, end: start.adding(seconds: phases.values.reduce(0, +)), labels: labels,
                           outcome: outcome, inputs: ["day-\(day).log"], phases: rows)
        s.hash = s.computedHash
        return s
    }

    /// A temporary folder removed by the caller.
    static func tempDirectory() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-baseline-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func timeline(_ name: String) throws -> Timeline {
        guard case .timeline(let t) = try RunDocument.load(path: fixture(name)) else { fatalError("\(name) is not a timeline") }
        return t
    }
}

/// SplitMix64 with normal and log-normal draws, so simulations are the same on every machine.
struct SeededRandom {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Log-normal with the given median-free mean and coefficient of variation.
    mutating func logNormal(mean: Double, cv: Double) -> Double {
        let sigma2 = log(1 + cv * cv)
        return exp(log(mean) - sigma2 / 2 + sigma2.squareRoot() * normal())
    }
}
