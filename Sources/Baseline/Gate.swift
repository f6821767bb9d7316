import LogModel

/// The regression gate: compares each phase of a run with the same phase in a window of earlier runs.
///
/// A phase is a `regression` only when all three hold — it is slower than median + k·1.4826·MAD of
/// the baseline (beyond the noise), slower by at least `minRelative` of the median, and by at least
/// `minAbsoluteSeconds` — so neither a noisy phase nor a tiny one fails a pipeline. `improvement` is
/// the mirror image. Budgets (absolute ceilings from the phase rules) give `over-budget` whatever the
/// history says; that fails the gate only with `hardBudgets` (`--budgets fail`), since the seeds'
/// budgets are guidance (issue 9). A run that failed, was left open, or has a stuck loop fails the
/// gate outright.
public struct Gate: Sendable {
    public var parameters: GateParameters
    /// Verdicts that make an otherwise passing gate `inconclusive` (exit 3), e.g. `insufficient-data`.
    public var inconclusiveOn: Set<GateVerdict.Kind>
    /// Whether `over-budget` fails the gate; by default it is reported, not failed.
    public var hardBudgets: Bool

    public init(parameters: GateParameters = GateParameters(), inconclusiveOn: Set<GateVerdict.Kind> = [], hardBudgets: Bool = false) {
        self.parameters = parameters
        self.inconclusiveOn = inconclusiveOn
        self.hardBudgets = hardBudgets
    }

    /// Gates `run` against `baseline` (most recent first; already filtered by labels and window).
    public func evaluate(_ run: RunSummary, baseline: [RunSummary]) -> GateReport {
        let baseline = Array(baseline.filter { $0.hash != run.hash }.prefix(parameters.window))
        var values: [PhaseKey: [Double]] = [:]
        var seen: [PhaseKey: Int] = [:]
        for past in baseline {
            for row in past.phases {
                seen[row.key, default: 0] += 1
                if row.outcome == .ok, let d = row.durationSeconds { values[row.key, default: []].append(d) }
            }
        }

        var verdicts: [GateVerdict] = []
        var present = Set<PhaseKey>()
        for row in run.phases {
            present.insert(row.key)
            verdicts.append(verdict(for: row, values: values[row.key] ?? [], seenIn: seen[row.key] ?? 0, windowRuns: baseline.count))
        }
        for (key, count) in seen where !present.contains(key) && count * 2 > baseline.count {
            let v = values[key] ?? []
            verdicts.append(GateVerdict(operation: key.operation, phase: key.phase, baselineMedian: RobustStatistics.median(v),
                                        mad: RobustStatistics.mad(v), samples: v.count, verdict: .missingPhase))
        }
        // Keep the run's own order; missing phases follow in the order of the most recent baseline run that has them.
        var order: [PhaseKey: Int] = [:]
        for (i, row) in run.phases.enumerated() where order[row.key] == nil { order[row.key] = i }
        for past in baseline {
            for row in past.phases where order[row.key] == nil { order[row.key] = order.count + 1_000_000 }
        }
        verdicts.sort { a, b in
            switch (order[a.key], order[b.key]) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.key < b.key
            }
        }

        var reasons: [String] = []
        if run.outcome == .failed || run.outcome == .open {
            for row in run.phases where row.phase == PhaseKey.total && (row.outcome == .failed || row.outcome == .open) {
                reasons.append("\(row.operation) \(row.outcome == .failed ? "failed" : "never finished (left open)")")
            }
            if reasons.isEmpty { reasons.append("the run \(run.outcome.rawValue)") }
        }
        for v in verdicts where v.verdict == .failed && v.phase != PhaseKey.total {
            reasons.append("\(v.key) \(v.outcome == .open ? "never ended" : "failed")")
        }
        for row in run.phases {
            for loop in row.loops where loop.verdict == .stuck {
                reasons.append("loop \(loop.id) stuck in \(row.key) on \"\(loop.state)\" (\(loop.count) polls)")
            }
        }
        for v in verdicts where v.verdict == .regression || (v.verdict == .overBudget && hardBudgets) {
            reasons.append("\(v.key): \(v.verdict.rawValue)")
        }
        let failed = !reasons.isEmpty
        var result = GateReport.Result.pass
        if failed {
            result = .fail
        } else {
            let inconclusive = verdicts.filter { inconclusiveOn.contains($0.verdict) }
            if !inconclusive.isEmpty {
                result = .inconclusive
                for v in inconclusive { reasons.append("\(v.key): \(v.verdict.rawValue)") }
            }
        }
        return GateReport(run: run.hash, labels: run.labels, baselineRuns: baseline.map(\.hash), parameters: parameters,
                          result: result, reasons: reasons, phases: verdicts)
    }

    /// The verdict for one phase given its baseline values (from `ok` phases only).
    public func verdict(for row: PhaseSummary, values: [Double], seenIn: Int, windowRuns: Int) -> GateVerdict {
        let p = parameters
        var v = GateVerdict(operation: row.operation, phase: row.phase, samples: values.count, current: row.durationSeconds,
                            budgetSeconds: row.budgetSeconds, outcome: row.outcome, verdict: .ok)
        if let median = RobustStatistics.median(values), let mad = RobustStatistics.mad(values) {
            v.baselineMedian = median
            v.mad = mad
            v.threshold = median + p.k * RobustStatistics.normalConsistency * mad
            if let current = row.durationSeconds {
                v.changeSeconds = current - median
                v.change = median > 0 ? (current - median) / median : nil
            }
        }
        if row.outcome == .failed || row.outcome == .open {
            v.verdict = .failed
            return v
        }
        let overBudget = row.budgetSeconds.map { budget in (row.durationSeconds ?? 0) > budget } ?? false
        guard let current = row.durationSeconds else {
            // Skipped, or no times: nothing to compare.
            v.verdict = overBudget ? .overBudget : (values.count >= p.minSamples ? .ok : .insufficientData)
            return v
        }
        if values.count < p.minSamples {
            v.verdict = overBudget ? .overBudget : (seenIn == 0 && windowRuns >= p.minSamples ? .newPhase : .insufficientData)
            return v
        }
        let median = v.baselineMedian!, spread = p.k * RobustStatistics.normalConsistency * v.mad!
        let delta = current - median
        let relative = median > 0 ? abs(delta) / median : .infinity
        let big = relative >= p.minRelative && abs(delta) >= p.minAbsoluteSeconds
        if current > median + spread && delta > 0 && big {
            v.verdict = .regression
        } else if overBudget {
            v.verdict = .overBudget
        } else if current < median - spread && delta < 0 && big {
            v.verdict = .improvement
        } else {
            v.verdict = .ok
        }
        return v
    }
}
