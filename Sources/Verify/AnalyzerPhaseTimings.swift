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
            func walk(_ phase: Phase, _ prefix: String) {
                let path = prefix.isEmpty ? phase.id : prefix + "/" + phase.id
                timings.append(PhaseTiming(operation: op.kind, cluster: op.cluster ?? "", phase: path,
                                           durationSeconds: phase.outcome == .open ? nil : phase.durationSeconds,
                                           outcome: phase.outcome.rawValue))
                for child in phase.phases { walk(child, path) }
            }
            for phase in op.phases { walk(phase, "") }
        }
        return timings
    }
}
