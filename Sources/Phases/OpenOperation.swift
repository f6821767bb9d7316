import LogModel

/// A phase while it is being built.
final class OpenPhase {
    let rule: PhaseRule?
    let id: String
    var title: String?
    var start: Timestamp?
    var end: Timestamp?
    var startLine: SourceLocation
    var endLine: SourceLocation?
    var outcome: Outcome = .open
    var error: ErrorInfo?
    var reportedSeconds: Double?
    var children: [OpenPhase] = []
    var ended: Bool { outcome != .open }
    /// For harness steps: a serial number, to nest operations.
    var serial = 0

    /// The index of `rule` among its operation's phases (-1 for harness steps and sub-phases).
    let ruleIndex: Int

    init(rule: PhaseRule?, id: String, event: Event, ruleIndex: Int = -1) {
        self.rule = rule
        self.id = id
        self.ruleIndex = ruleIndex
        start = event.clockTime
        startLine = event.location
    }

    func close(_ outcome: Outcome, at time: Timestamp?, line: SourceLocation?) {
        guard !ended else { return }
        self.outcome = outcome
        end = time ?? end
        endLine = line ?? endLine
    }

    func duration(lastTime: Timestamp?) -> Double? {
        guard let s = start, let e = end ?? (ended ? nil : lastTime) else { return nil }
        return max(0, s.seconds(to: e))
    }
}

/// An operation while it is being built.
final class OpenOperation {
    let rule: OperationRule
    var cluster: String? { didSet { clusterPrefix = cluster.map { $0 + "-" } } }
    /// `cluster` and a dash: the prefix sub-phase ids drop.
    private(set) var clusterPrefix: String?
    var commandText: String?
    var start: Timestamp?
    var startLine: SourceLocation
    var lastTime: Timestamp?
    var lastLine: SourceLocation
    var endLine: SourceLocation?
    var outcome: Outcome = .open
    var error: ErrorInfo?
    var errorFromHelpText = false
    var closed = false
    var facts: [String: String] = [:]
    var phases: [OpenPhase] = []
    /// The phase events go to; the loops' phase path follows it (kept, not rebuilt per event).
    var current: OpenPhase? { didSet { loops.phasePath = current.map { [$0.id] } ?? [] } }
    var parent: OpenPhase?
    var findings: [Finding] = []
    let loops: LoopTracker
    var failedPhase: OpenPhase?

    let diagnoses: DiagnosisRules
    /// The rule's roles per event kind, shared by every operation of the rule.
    let plan: OperationPlan
    /// `plan`'s identity, for the per-line path.
    let planID: ObjectIdentifier
    /// Per phase id group (`OperationPlan.firstWithID`), whether a phase of it has started.
    private var startedGroups: [Bool]

    init(plan: OperationPlan, event: Event, pending: PendingCommand?, diagnoses: DiagnosisRules) {
        self.plan = plan
        planID = ObjectIdentifier(plan)
        rule = plan.rule
        self.diagnoses = diagnoses
        loops = LoopTracker(plans: plan.loopPlans)
        startedGroups = Array(repeating: false, count: plan.rule.phases.count)
        start = event.clockTime
        startLine = event.location
        lastLine = event.location
        if let p = pending, p.kind == rule.kind {
            cluster = p.cluster
            clusterPrefix = p.cluster.map { $0 + "-" }  // `didSet` does not run in an initializer
            commandText = p.text
        }
    }

    /// Whether a start event of this rule begins a new operation instead: every phase it starts has
    /// begun already, the current phase does not start on it, and it is no loop's event.
    func restarts(on kind: OperationPlan.Kind) -> Bool {
        guard kind.roles.contains(.opensOperation), !kind.roles.contains(.loopEvent) else { return false }
        if let c = current, c.ruleIndex >= 0, kind.phases[c.ruleIndex].contains(.start) { return false }
        for i in kind.phases.indices where kind.phases[i].contains(.start) && !startedGroups[plan.firstWithID[i]] { return false }
        return true
    }

    /// A poll or counter line that plays no other role: only times, lines and the loop change.
    /// `event` gives the kind, fields and text; `location` and `time` are the line's own.
    func consumeLoopEvent(_ event: Event, facts: LoopTracker.LineFacts? = nil, kind: Int, loops entries: UnsafeBufferPointer<LoopTracker.Entry>,
                          location: SourceLocation, time: Timestamp?) {
        if let time {
            lastTime = time
            if start == nil { start = time }
        }
        lastLine = location
        _ = loops.consume(event, facts: facts, kind: kind, loops: entries, location: location, time: time)
    }

    func consume(_ event: Event, kind: OperationPlan.Kind) {
        let time = event.clockTime
        if let time { lastTime = time }
        if start == nil, let time { start = time }
        lastLine = event.location
        if cluster == nil {
            for field in rule.clusterFields {
                if let name = event[field: field]?.text, !name.isEmpty { cluster = name; break }
            }
        }
        if kind.roles.contains(.fact) { for fact in rule.facts where fact.event == event.kind && facts[fact.name] == nil {
            if let value = event[field: fact.field]?.text, !value.isEmpty { facts[fact.name] = value }
        } }
        if kind.roles.contains(.failure) {
            fail(event)
            return
        }
        // Phase starts, in declared order; a loop event may also open the phase it belongs to.
        if let next = nextPhase(for: kind) {
            current?.close(.ok, at: time, line: event.location)
            loops.closeAll(in: current.map { [$0.id] }, at: time, stillRunning: false)
            let phase = OpenPhase(rule: rule.phases[next], id: rule.phases[next].id, event: event, ruleIndex: next)
            phases.append(phase)
            startedGroups[plan.firstWithID[next]] = true
            current = phase
        }
        if let phase = current, phase.ruleIndex >= 0 {
            let roles = kind.phases[phase.ruleIndex]
            if roles.contains(.fail) {
                failedPhase = phase
                findings.append(Finding(severity: .error, code: "phase-failure", message: "\(rule.kind) \(phase.id): \(event.text)", location: event.location))
            }
            if roles.contains(.child), let c = phase.rule?.children { child(event, rule: c, roles: roles, in: phase) }
            if roles.contains(.end) && !roles.contains(.start) {
                phase.close(.ok, at: time, line: event.location)
                loops.closeAll(in: [phase.id], at: time, stillRunning: false)
                current = nil
            }
        }
        _ = loops.consume(event, kind: kind.index, loops: kind.loops, location: event.location, time: time)
        if kind.roles.contains(.success) {
            succeed(event)
        }
    }

    /// The index of the phase rule `kind` starts now, if any.
    private func nextPhase(for kind: OperationPlan.Kind) -> Int? {
        guard kind.roles.contains(.phaseStart) else { return nil }
        // A phase counts as started once it was opened (or, on the operation's first line, when it
        // may not open there).
        let atOpen = lastLine == startLine
        func startsHere(_ i: Int) -> Bool {
            kind.phases[i].contains(.start) && !startedGroups[plan.firstWithID[i]] && !(atOpen && rule.phases[i].notAtOpen)
        }
        let index = current.map { $0.ruleIndex >= 0 ? plan.firstWithID[$0.ruleIndex] : -1 } ?? -1
        for i in kind.phases.indices where i > index && startsHere(i) { return i }
        return kind.phases.indices.first(where: startsHere)
    }

    /// A sub-phase event: `roles` says whether it starts, ends or fails the sub-phase.
    private func child(_ event: Event, rule c: ChildRule, roles: OperationPlan.PhaseRoles, in phase: OpenPhase) {
        guard let raw = event[field: c.key]?.text, !raw.isEmpty else { return }
        let id = childID(raw)
        let existing = phase.children.last { $0.id == id && !$0.ended }
        if roles.contains(.childStart) {
            if existing == nil { phase.children.append(OpenPhase(rule: nil, id: id, event: event)) }
            return
        }
        let target = existing ?? {
            let p = OpenPhase(rule: nil, id: id, event: event)
            phase.children.append(p)
            return p
        }()
        if roles.contains(.childFail) {
            target.close(.failed, at: event.clockTime, line: event.location)
            target.error = ErrorInfo(message: event.text, location: event.location, kind: event.kind)
            failedPhase = phase
        } else {
            target.close(.ok, at: event.clockTime, line: event.location)
        }
        if let field = c.reported, let reported = event[field: field]?.number {
            target.reportedSeconds = reported
            if let d = target.duration(lastTime: nil), abs(d - reported) > max(1.5, reported * 0.05) {
                findings.append(Finding(severity: .warning, code: "reported-duration-mismatch",
                                        message: "\(rule.kind) \(phase.id)/\(id): the log reports \(Self.seconds(reported)) but its lines span \(Self.seconds(d))",
                                        location: event.location))
            }
        }
    }

    /// Sub-phase ids drop the cluster name prefix (`wl-1-antrea` → `antrea`) so they compare across runs.
    func childID(_ raw: String) -> String {
        guard let p = clusterPrefix else { return raw }
        // By UTF-8 bytes first (cluster names are DNS labels): dropping Characters walks grapheme
        // boundaries; the Character comparison remains for canonically equal spellings.
        if raw.utf8.starts(with: p.utf8) {
            let id = Substring(raw.utf8.dropFirst(p.utf8.count))
            return id.isEmpty ? raw : String(id)
        }
        if raw.hasPrefix(p) {
            let id = raw.dropFirst(p.count)
            if !id.isEmpty { return String(id) }
        }
        return raw
    }

    private func succeed(_ event: Event) {
        guard !closed else { return }
        current?.close(.ok, at: event.clockTime, line: event.location)
        loops.closeAll(at: event.clockTime, stillRunning: false)
        outcome = failedPhase == nil ? .ok : .failed
        endLine = event.location
        closed = true
    }

    private func fail(_ event: Event) {
        let info = ErrorInfo(message: event.text, location: event.location, kind: event.kind)
        let helpText = event.kind.hasSuffix("-failure-help")
        let phase = failedPhase ?? current ?? phases.last
        phase?.error = phase?.error ?? info
        phase?.close(.failed, at: event.clockTime, line: event.location)
        if phase?.outcome != .failed, let phase { phase.outcome = .failed }
        loops.closeAll(at: event.clockTime, stillRunning: true)
        error = info
        errorFromHelpText = helpText
        outcome = .failed
        endLine = event.location
        closed = true
    }

    /// A final `Error:` line printed after the help text replaces the help text as the message.
    func adoptFinalError(_ event: Event) {
        // The console's final `Error: {chain}` is the most complete message; help text is the least.
        let finalLine = event.text.hasPrefix("Error:")
        guard errorFromHelpText || error == nil || finalLine, !event.kind.hasSuffix("-failure-help") else { return }
        let info = ErrorInfo(message: event.text, location: event.location, kind: event.kind)
        error = info
        errorFromHelpText = false
        if let phase = phases.last(where: { $0.outcome == .failed }) { phase.error = info }
    }

    /// The log ended (or the next command began) while this operation was running.
    func finishAtEnd(time: Timestamp?) {
        guard !closed else { return }
        closed = true
        outcome = failedPhase == nil ? .open : .failed
        if failedPhase != nil, let phase = failedPhase { phase.close(.failed, at: time, line: lastLine) }
        loops.closeAll(at: lastTime, stillRunning: true)
        endLine = lastLine
    }

    static func seconds(_ s: Double) -> String {
        s >= 60 ? "\(Int(s) / 60)m\(String(format2: Int(s) % 60))s" : String(format: "%.2fs", s)
    }
}

extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
