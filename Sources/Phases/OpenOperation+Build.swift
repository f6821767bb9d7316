import LogModel

extension OpenOperation {
    /// The finished operation with phases, sub-phases, loop runs and verdicts.
    func build() -> Operation {
        let endTime: Timestamp? = {
            if let line = endLine, line == lastLine { return lastTime }
            return lastTime
        }()
        var built: [Phase] = []
        built.reserveCapacity(phases.count)
        for phase in phases {
            if !phase.ended {
                phase.close(outcome == .failed && phase === phases.last ? .failed : (outcome == .open && phase === phases.last ? .open : .ok),
                            at: endTime, line: endLine)
                if phase.outcome == .open { phase.end = nil }
            }
            var p = Phase(id: phase.id, title: phase.title, outcome: phase.outcome, start: phase.start, end: phase.end,
                          durationSeconds: phase.duration(lastTime: lastTime), reportedSeconds: phase.reportedSeconds,
                          evidence: Evidence(start: phase.startLine, end: phase.endLine), error: phase.error)
            if phase.outcome == .open { p.durationSeconds = phase.start.flatMap { s in lastTime.map { s.seconds(to: $0) } } }
            p.phases.reserveCapacity(phase.children.count)
            for child in phase.children {
                if !child.ended { child.close(outcome == .ok ? .ok : outcome, at: phase.end ?? lastTime, line: phase.endLine) }
                p.phases.append(Phase(id: child.id, outcome: child.outcome, start: child.start, end: child.end,
                                      durationSeconds: child.duration(lastTime: lastTime), reportedSeconds: child.reportedSeconds,
                                      evidence: Evidence(start: child.startLine, end: child.endLine), error: child.error))
            }
            if let budget = phase.rule?.budgetSeconds, let d = p.durationSeconds, d > budget {
                findings.append(Finding(severity: .warning, code: "over-budget",
                                        message: "\(rule.kind) \(phase.id) took \(Self.seconds(d)), over its budget of \(Self.seconds(budget))\(phase.rule?.budgetSource.map { " (\($0))" } ?? "")",
                                        location: phase.startLine))
            }
            built.append(p)
        }
        for run in loops.runs {
            let loop = makeLoop(run)
            guard let index = built.firstIndex(where: { $0.id == run.phasePath.first }) ?? (built.isEmpty ? nil : built.count - 1) else { continue }
            if !run.key.isEmpty, let c = built[index].phases.firstIndex(where: { $0.id == childID(run.key) }) {
                built[index].phases[c].loops.append(loop)
            } else {
                built[index].loops.append(loop)
            }
        }
        var duration: Double?
        if let s = start, let e = endTime { duration = s.seconds(to: e) }
        if let budget = rule.budgetSeconds, let d = duration, d > budget {
            findings.append(Finding(severity: .warning, code: "over-budget",
                                    message: "\(rule.kind) took \(Self.seconds(d)), over its budget of \(Self.seconds(budget))\(rule.budgetSource.map { " (\($0))" } ?? "")",
                                    location: startLine))
        }
        var facts = self.facts
        if let command = commandText { facts["command"] = command }
        return Operation(kind: rule.kind, cluster: cluster, outcome: outcome, start: start, end: outcome == .open ? lastTime : endTime,
                         durationSeconds: rule.instant ? nil : duration, instant: rule.instant, facts: facts, error: error,
                         parent: parent.map { "\(Operation.harnessKind)/\($0.id)" }, evidence: Evidence(start: startLine, end: endLine),
                         phases: built)
    }

    private func makeLoop(_ run: LoopTracker.Run) -> Loop {
        var total: Double?
        if let s = run.start, let e = run.end ?? run.lastTime { total = max(0, s.seconds(to: e)) }
        let verdict: LoopVerdict
        if !run.ended && outcome != .ok {
            verdict = .stuck
        } else if let t = total, t > run.rule.stuckAfterSeconds {
            verdict = .slow
        } else {
            verdict = .ok
        }
        return Loop(id: run.rule.id, state: run.state, count: run.count, firstLine: run.firstLine, lastLine: run.lastLine,
                    start: run.start, end: run.end ?? run.lastTime, periodSeconds: run.medianPeriod, totalSeconds: total,
                    verdict: verdict, stuckAfterSeconds: run.rule.stuckAfterSeconds,
                    diagnosis: verdict == .ok ? nil : diagnoses.diagnose(loop: run.rule.id, state: run.state, evidence: run.evidence))
    }
}
