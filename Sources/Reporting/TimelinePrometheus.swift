import LogModel

/// Renders a timeline as Prometheus text exposition (format 0.0.4), ready for a Pushgateway:
///
/// ```
/// # HELP tkgqa_phase_duration_seconds Wall time of a phase of an operation.
/// # TYPE tkgqa_phase_duration_seconds gauge
/// tkgqa_phase_duration_seconds{operation="workload-create",cluster="wl-1",phase="control-plane",outcome="ok"} 135.2
/// ```
///
/// Series: `tkgqa_operation_duration_seconds`, `tkgqa_operation_success` (1 ok, 0 failed or open),
/// `tkgqa_phase_duration_seconds`, `tkgqa_phase_success`, `tkgqa_loop_polls_total` and
/// `tkgqa_loop_duration_seconds` (per loop rule and state, summed over the runs of one phase), and
/// `tkgqa_run_success`. No sample carries a timestamp (a Pushgateway rejects them).
///
/// A series must be unique within one exposition, but a log can hold the same operation twice (create,
/// delete, create again): the second and later get an `occurrence` label (`"2"`, …). Phases without a
/// duration (skipped ones, open ones without a clock) have no duration sample.
public enum TimelinePrometheus {
    /// The text exposition for `timeline`; label values are escaped.
    public static func render(_ timeline: Timeline) -> String {
        var operationDuration: [String] = []
        var operationSuccess: [String] = []
        var phaseDuration: [String] = []
        var phaseSuccess: [String] = []
        var loopPolls: [String] = []
        var loopDuration: [String] = []

        var seenOperations: [String: Int] = [:]
        for op in timeline.operations {
            let key = op.kind + "\u{0}" + (op.cluster ?? "")
            let occurrence = (seenOperations[key] ?? 0) + 1
            seenOperations[key] = occurrence
            var base: [(String, String)] = [("operation", op.kind), ("cluster", op.cluster ?? "")]
            if occurrence > 1 { base.append(("occurrence", String(occurrence))) }

            let opLabels = labels(base + [("outcome", op.outcome.rawValue)])
            if let d = op.durationSeconds { operationDuration.append(sample("tkgqa_operation_duration_seconds", opLabels, d)) }
            operationSuccess.append(sample("tkgqa_operation_success", labels(base), op.outcome == .ok ? 1 : 0))

            var seenPhases: [String: Int] = [:]
            forEachPhase(op.phases) { path, p, _ in
                let n = (seenPhases[path] ?? 0) + 1
                seenPhases[path] = n
                var phaseBase = base + [("phase", path)]
                if n > 1 { phaseBase.append(("phase_occurrence", String(n))) }
                if let d = p.durationSeconds ?? p.reportedSeconds {
                    phaseDuration.append(sample("tkgqa_phase_duration_seconds", labels(phaseBase + [("outcome", p.outcome.rawValue)]), d))
                }
                if p.outcome != .skipped {
                    phaseSuccess.append(sample("tkgqa_phase_success", labels(phaseBase), p.outcome == .ok ? 1 : 0))
                }
                // Sum the runs of one loop rule and state within the phase: runs of the same state recur
                // (ScalingUp, WaitingForKubeadm, ScalingUp), and each series must be unique.
                var order: [String] = []
                var sums: [String: (id: String, state: String, polls: Int, seconds: Double?, verdict: LoopVerdict)] = [:]
                for l in p.loops {
                    let k = l.id + "\u{0}" + l.state
                    if var s = sums[k] {
                        s.polls += l.count
                        if let t = l.totalSeconds { s.seconds = (s.seconds ?? 0) + t }
                        if worse(l.verdict, than: s.verdict) { s.verdict = l.verdict }
                        sums[k] = s
                    } else {
                        order.append(k)
                        sums[k] = (l.id, l.state, l.count, l.totalSeconds, l.verdict)
                    }
                }
                for k in order {
                    let s = sums[k]!
                    let loopLabels = labels(phaseBase + [("loop", s.id), ("state", s.state), ("verdict", s.verdict.rawValue)])
                    loopPolls.append(sample("tkgqa_loop_polls_total", loopLabels, Double(s.polls)))
                    if let t = s.seconds { loopDuration.append(sample("tkgqa_loop_duration_seconds", loopLabels, t)) }
                }
            }
        }

        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [String]) {
            guard !samples.isEmpty else { return }
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for s in samples { out += s + "\n" }
        }
        family("tkgqa_run_success", "gauge", "1 when every operation in the analysed logs ended ok, else 0.",
               [sample("tkgqa_run_success", "", timeline.verdict == .ok ? 1 : 0)])
        family("tkgqa_operation_duration_seconds", "gauge", "Wall time of a tanzu operation (or a harness run) seen in the logs.",
               operationDuration)
        family("tkgqa_operation_success", "gauge", "1 when the operation ended ok, 0 when it failed or was left open.", operationSuccess)
        family("tkgqa_phase_duration_seconds", "gauge", "Wall time of a phase of an operation; sub-phases are paths like providers/capv.",
               phaseDuration)
        family("tkgqa_phase_success", "gauge", "1 when the phase ended ok, 0 when it failed or was left open.", phaseSuccess)
        family("tkgqa_loop_polls_total", "counter", "Polls of a waiting loop in one state within a phase.", loopPolls)
        family("tkgqa_loop_duration_seconds", "gauge", "Time a waiting loop spent in one state within a phase.", loopDuration)
        return out
    }

    private static func worse(_ a: LoopVerdict, than b: LoopVerdict) -> Bool {
        func rank(_ v: LoopVerdict) -> Int { v == .stuck ? 2 : v == .slow ? 1 : 0 }
        return rank(a) > rank(b)
    }

    private static func labels(_ pairs: [(String, String)]) -> String {
        "{" + pairs.map { $0.0 + "=\"" + TimelineText.prometheusLabel($0.1) + "\"" }.joined(separator: ",") + "}"
    }

    private static func sample(_ name: String, _ labels: String, _ value: Double) -> String {
        name + labels + " " + TimelineText.decimal(value, digits: 6)
    }
}
