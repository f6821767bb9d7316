import LogModel

/// Reduces a timeline to a `RunSummary`: labels, one row per operation and per phase (sub-phases
/// too, keyed by their id path), loop summaries, start and end, and the content hash.
public struct RunSummarizer: Sendable {
    /// The labels taken from `Operation.facts` where the log shows them, and their fact keys.
    public static let factLabels: [(label: String, fact: String)] = [
        ("provider", "provider"), ("tkgVersion", "tkgVersion"), ("plan", "plan"),
        ("kubernetesVersion", "kubernetesVersion"), ("cni", "cni"), ("testbed", "testbed"),
    ]

    /// Per-phase absolute ceilings in seconds (from the phase rules), by key.
    public var budgets: [PhaseKey: Double]

    public init(budgets: [PhaseKey: Double] = [:]) {
        self.budgets = budgets
    }

    /// Summarizes `timeline`; `labels` (from `--label k=v`) override what the log shows.
    public func summarize(_ timeline: Timeline, labels extra: [String: String] = [:]) -> RunSummary {
        let operations = timeline.operations.enumerated().sorted { a, b in
            switch (a.element.start, b.element.start) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.offset < b.offset
            }
        }.map(\.element)

        var labels: [String: String] = [:]
        let ordered = operations.filter { $0.kind != Operation.harnessKind } + operations.filter { $0.kind == Operation.harnessKind }
        for (label, fact) in Self.factLabels {
            if let value = ordered.lazy.compactMap({ $0.facts[fact] }).first(where: { !$0.isEmpty }) { labels[label] = value }
        }
        labels.merge(extra) { _, new in new }

        var rows: [PhaseSummary] = []
        var seenKinds: [String: Int] = [:]
        for operation in operations {
            seenKinds[operation.kind, default: 0] += 1
            let n = seenKinds[operation.kind]!
            let name = n == 1 ? operation.kind : "\(operation.kind)#\(n)"
            rows.append(row(operation: name, phase: PhaseKey.total, cluster: operation.cluster, outcome: operation.outcome,
                            duration: operation.durationSeconds ?? span(operation.start, operation.end), loops: []))
            flatten(operation.phases, operation: name, cluster: operation.cluster, prefix: "", into: &rows)
        }

        let start = operations.compactMap(\.start).min()
        let end = operations.compactMap(\.end).max()
        let verdict = timeline.verdict
        return RunSummary(hash: Self.contentHash(start: start, end: end, outcome: verdict, phases: rows), start: start, end: end,
                          labels: labels, outcome: verdict, inputs: timeline.inputs, phases: rows)
    }

    private func flatten(_ phases: [Phase], operation: String, cluster: String?, prefix: String, into rows: inout [PhaseSummary]) {
        var seen: [String: Int] = [:]
        for phase in phases {
            seen[phase.id, default: 0] += 1
            let n = seen[phase.id]!
            let id = n == 1 ? phase.id : "\(phase.id)#\(n)"
            let path = prefix.isEmpty ? id : prefix + "/" + id
            let loops = phase.loops.map { LoopSummary(id: $0.id, state: $0.state, count: $0.count, totalSeconds: $0.totalSeconds, verdict: $0.verdict) }
            rows.append(row(operation: operation, phase: path, cluster: cluster, outcome: phase.outcome,
                            duration: phase.durationSeconds ?? span(phase.start, phase.end) ?? phase.reportedSeconds, loops: loops))
            flatten(phase.phases, operation: operation, cluster: cluster, prefix: path, into: &rows)
        }
    }

    private func row(operation: String, phase: String, cluster: String?, outcome: Outcome, duration: Double?, loops: [LoopSummary]) -> PhaseSummary {
        PhaseSummary(operation: operation, phase: phase, cluster: cluster, outcome: outcome, durationSeconds: duration,
                     budgetSeconds: budgets[PhaseKey(operation: operation, phase: phase)], loops: loops)
    }

    private func span(_ start: Timestamp?, _ end: Timestamp?) -> Double? {
        guard let start, let end else { return nil }
        return start.seconds(to: end)
    }

    /// SHA-256 of a canonical text of the run's measured content: start and end (µs), outcome, and
    /// per row the key, cluster, outcome, duration (ms) and loops. Labels, inputs and budgets are left
    /// out so the same run read from another path or labelled again hashes the same.
    public static func contentHash(start: Timestamp?, end: Timestamp?, outcome: TimelineVerdict, phases: [PhaseSummary]) -> String {
        func ms(_ seconds: Double?) -> String { seconds.map { String(Int64(($0 * 1000).rounded())) } ?? "-" }
        var text = "tkgqa-run-v1\n"
        text += "start=\(start.map { String($0.microseconds) } ?? "-") end=\(end.map { String($0.microseconds) } ?? "-") outcome=\(outcome.rawValue)\n"
        for row in phases {
            text += "\(row.operation)\t\(row.phase)\t\(row.cluster ?? "-")\t\(row.outcome.rawValue)\t\(ms(row.durationSeconds))\n"
            for loop in row.loops {
                text += "\tloop\t\(loop.id)\t\(loop.state)\t\(loop.count)\t\(ms(loop.totalSeconds))\t\(loop.verdict.rawValue)\n"
            }
        }
        return SHA256.hex(text)
    }
}

extension RunSummary {
    /// Recomputes the content hash from the summary's own fields (an imported or hand-edited summary
    /// is stored under the hash of what it says, not of what it claims).
    public var computedHash: String {
        RunSummarizer.contentHash(start: start, end: end, outcome: outcome, phases: phases)
    }
}
