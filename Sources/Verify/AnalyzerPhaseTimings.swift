import LogModel
import LogScan
import Patterns
import Phases

/// Phase timings from the real log analyzer, for `phase-duration` checks.
public struct AnalyzerPhaseTimings: PhaseTimingProvider {
    public let analyzer: Analyzer

    public init(patterns: PatternSet, options: ScanOptions = ScanOptions()) throws {
        analyzer = try Analyzer(patterns: patterns, options: options)
    }

    public func phases(ofLog path: String) throws -> [PhaseTiming] {
        let timeline = try analyzer.analyze(paths: [path])
        var timings: [PhaseTiming] = []
        for op in timeline.operations where op.kind != Operation.harnessKind {
            let rule = analyzer.rules.operations.first { $0.kind == op.kind }
            timings.append(PhaseTiming(operation: op.kind, cluster: op.cluster ?? "", phase: PhaseTiming.total,
                                       durationSeconds: op.outcome == .open ? nil : op.durationSeconds, outcome: op.outcome.rawValue,
                                       budgetSeconds: rule?.budgetSeconds, budgetSource: rule?.budgetSource))
            func walk(_ phase: Phase, _ prefix: String) {
                let path = prefix.isEmpty ? phase.id : prefix + "/" + phase.id
                let phaseRule = prefix.isEmpty ? rule?.phases.first { $0.id == phase.id } : nil
                timings.append(PhaseTiming(operation: op.kind, cluster: op.cluster ?? "", phase: path,
                                           durationSeconds: phase.outcome == .open ? nil : phase.durationSeconds,
                                           outcome: phase.outcome.rawValue,
                                           budgetSeconds: phaseRule?.budgetSeconds, budgetSource: phaseRule?.budgetSource))
                for child in phase.phases { walk(child, path) }
            }
            for phase in op.phases { walk(phase, "") }
        }
        return timings
    }
}
