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

    init(rule: PhaseRule?, id: String, event: Event) {
        self.rule = rule
        self.id = id
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
    var cluster: String?
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
    var current: OpenPhase? { didSet { currentPath = current.map { [$0.id] } ?? [] } }
    /// The loops' phase path: the current phase's id (kept, not rebuilt per event).
    private var currentPath: [String] = []
    var parent: OpenPhase?
    var findings: [Finding] = []
    let loops: LoopTracker
    var failedPhase: OpenPhase?

    let diagnoses: DiagnosisRules
    /// Every event kind the rule reacts to (built once per operation, not per event).
    let vocabulary: Set<String>
    /// Every event kind that starts some phase.
    private lazy var phaseStartKinds: Set<String> = rule.phases.reduce(into: Set<String>()) { $0.formUnion($1.start) }
    /// Every event kind a fact is read from.
    private lazy var factKinds: Set<String> = Set(rule.facts.map(\.event))

    /// Event kinds that only feed loops: consumed without the phase logic.
    let loopOnlyKinds: Set<String>

    init(rule: OperationRule, event: Event, pending: PendingCommand?, diagnoses: DiagnosisRules, vocabulary: Set<String>,
         loopOnlyKinds: Set<String>, loopPlans: LoopTracker.Plans? = nil) {
        self.rule = rule
        self.vocabulary = vocabulary
        self.loopOnlyKinds = loopOnlyKinds
        self.diagnoses = diagnoses
        loops = LoopTracker(rules: rule.loops, plans: loopPlans)
        start = event.clockTime
        startLine = event.location
        lastLine = event.location
        if let p = pending, p.kind == rule.kind {
            cluster = p.cluster
            commandText = p.text
        }
    }

    var startedPhases: [OpenPhase] { phases }

    func handles(_ event: Event) -> Bool {
        handled.value(for: event.kind) { vocabulary.contains($0) || rule.failure.contains($0) }
    }
    private var handled = KindMemo<Bool>()
    private var isPhaseStart = KindMemo<Bool>()
    private var loopOnly = KindMemo<Bool>()

    /// Whether the kind only feeds loops (see `loopOnlyKinds`).
    @inline(__always) func isLoopOnly(_ kind: String) -> Bool {
        loopOnly.value(for: kind) { loopOnlyKinds.contains($0) }
    }

    func isLoopEvent(_ kind: String) -> Bool {
        rule.loops.contains { $0.polls.contains(kind) || $0.counters.contains(kind) }
    }

    func hasUnstartedPhase(for kind: String) -> Bool {
        rule.phases.contains { r in r.start.contains(kind) && !phases.contains(where: { p in p.id == r.id }) }
    }

    /// A poll or counter line that plays no other role: only times, lines and the loop change.
    func consumeLoopEvent(_ event: Event) {
        if let time = event.clockTime {
            lastTime = time
            if start == nil { start = time }
        }
        lastLine = event.location
        _ = loops.consume(event, phasePath: currentPath)
    }

    func consume(_ event: Event) {
        let time = event.clockTime
        if let time { lastTime = time }
        if start == nil, let time { start = time }
        lastLine = event.location
        if cluster == nil {
            for field in rule.clusterFields {
                if let name = event[field: field]?.text, !name.isEmpty { cluster = name; break }
            }
        }
        if factKinds.contains(event.kind) { for fact in rule.facts where fact.event == event.kind && facts[fact.name] == nil {
            if let value = event[field: fact.field]?.text, !value.isEmpty { facts[fact.name] = value }
        } }
        if rule.failure.contains(event.kind) {
            fail(event)
            return
        }
        // Phase starts, in declared order; a loop event may also open the phase it belongs to.
        if let next = nextPhase(for: event.kind) {
            current?.close(.ok, at: time, line: event.location)
            loops.closeAll(in: current.map { [$0.id] }, at: time, stillRunning: false)
            let phase = OpenPhase(rule: next, id: next.id, event: event)
            phases.append(phase)
            current = phase
        }
        if let phase = current, let prule = phase.rule {
            if prule.fail.contains(event.kind) {
                failedPhase = phase
                findings.append(Finding(severity: .error, code: "phase-failure", message: "\(rule.kind) \(phase.id): \(event.text)", location: event.location))
            }
            if let c = prule.children { child(event, rule: c, in: phase) }
            if prule.end.contains(event.kind) && !prule.start.contains(event.kind) {
                phase.close(.ok, at: time, line: event.location)
                loops.closeAll(in: [phase.id], at: time, stillRunning: false)
                current = nil
            }
        }
        _ = loops.consume(event, phasePath: currentPath)
        if rule.success.contains(event.kind) {
            succeed(event)
        }
    }

    private func nextPhase(for kind: String) -> PhaseRule? {
        guard isPhaseStart.value(for: kind, { phaseStartKinds.contains($0) }) else { return nil }
        // A phase counts as started once it was opened (or, on the operation's first line, when it
        // may not open there). Operations have a handful of phases: linear scans, no sets.
        let atOpen = lastLine == startLine
        func started(_ p: PhaseRule) -> Bool { (atOpen && p.notAtOpen) || phases.contains { $0.id == p.id } }
        let index = current.flatMap { c in rule.phases.firstIndex { $0.id == c.id } } ?? -1
        for (offset, p) in rule.phases.enumerated() where offset > index && p.start.contains(kind) && !started(p) { return p }
        return rule.phases.first { $0.start.contains(kind) && !started($0) }
    }

    private func child(_ event: Event, rule c: ChildRule, in phase: OpenPhase) {
        guard c.start.contains(event.kind) || c.end.contains(event.kind) || c.fail.contains(event.kind) else { return }
        guard let raw = event[field: c.key]?.text, !raw.isEmpty else { return }
        let id = childID(raw)
        let existing = phase.children.last { $0.id == id && !$0.ended }
        if c.start.contains(event.kind) {
            if existing == nil { phase.children.append(OpenPhase(rule: nil, id: id, event: event)) }
            return
        }
        let target = existing ?? {
            let p = OpenPhase(rule: nil, id: id, event: event)
            phase.children.append(p)
            return p
        }()
        if c.fail.contains(event.kind) {
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
    private func childID(_ raw: String) -> String {
        if let c = cluster, raw.hasPrefix(c + "-"), raw.count > c.count + 1 { return String(raw.dropFirst(c.count + 1)) }
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
