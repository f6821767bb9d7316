import LogModel

/// Turns a stream of events into operations → phases → sub-phases and loop runs.
///
/// One tanzu operation is open at a time (a CLI runs one command after another); the harness layer
/// (CI steps and `CMD:` lines) runs beside it, and an operation that starts inside a harness step is
/// nested under that step. Phases follow their start events in declared order; each phase ends where
/// the next begins, at its own end event, or where the operation ends. Events that belong to no open
/// operation and start none are ignored (a fragment yields no operation).
public final class PhaseBuilder {
    public let rules: PhaseRuleSet
    private var open: OpenOperation?
    /// Receives each finished operation as soon as it is safe to (in log order), so a huge log is
    /// rendered as it is read and never held whole. Operations inside a CI harness are kept until the
    /// end, because they nest under the harness steps.
    public var onOperation: ((Operation) -> Void)?
    private var pendingEmit: OpenOperation?
    private var emittedFindings: [Finding] = []
    /// Operations already handed to `onOperation`.
    public private(set) var emitted = 0
    var openOperation: OpenOperation? { open }
    var finishedOperations: [OpenOperation] { finished }
    private var lastClosed: OpenOperation?
    private var finished: [OpenOperation] = []
    private var harness: OpenHarness?
    private var pending: PendingCommand?
    private var lastTime: Timestamp?
    private var strayFindings: [Finding] = []
    private let startKinds: [String: [OperationRule]]
    /// Per operation kind, its rule's plan (roles per event kind), shared by its operations.
    private let plans: [String: OperationPlan]
    /// What each event kind is to the builder itself.
    private var kindRoles = KindTable<BuilderRoles>()
    private let harnessKinds: Set<String>
    private let relevantKinds: RelevantKinds

    /// The roles of an event kind outside any one operation.
    struct BuilderRoles: OptionSet {
        let rawValue: UInt8
        static let harnessStep = BuilderRoles(rawValue: 1 << 0)
        static let harnessCommand = BuilderRoles(rawValue: 1 << 1)
        static let shellCommand = BuilderRoles(rawValue: 1 << 2)
        /// Opens some operation.
        static let opensOperation = BuilderRoles(rawValue: 1 << 3)
    }

    public init(rules: PhaseRuleSet) {
        self.rules = rules
        var starts: [String: [OperationRule]] = [:]
        for op in rules.operations {
            for kind in op.start { starts[kind, default: []].append(op) }
        }
        startKinds = starts
        harnessKinds = rules.harnessStep.union(rules.harnessCommand).union(rules.shellCommand)
        relevantKinds = RelevantKinds(rules: rules)
        var plans: [String: OperationPlan] = [:]
        for op in rules.operations { plans[op.kind] = OperationPlan(rule: op, harnessKinds: harnessKinds) }
        self.plans = plans
    }

    private func roles(_ kind: String) -> BuilderRoles {
        kindRoles.value(for: kind) { kind in
            var roles: BuilderRoles = []
            if rules.harnessStep.contains(kind) { roles.insert(.harnessStep) }
            if rules.harnessCommand.contains(kind) { roles.insert(.harnessCommand) }
            if rules.shellCommand.contains(kind) { roles.insert(.shellCommand) }
            if startKinds[kind] != nil { roles.insert(.opensOperation) }
            return roles
        }
    }

    /// Whether bodies of this kind are remembered from their first sight (see `RelevantKinds`).
    func remembersOnFirstSight(_ kind: String) -> Bool {
        relevantKinds.remembersOnFirstSight(kind)
    }

    /// Whether an event kind matters to any rule (the analyzer skips building the others).
    public func isRelevant(_ kind: String) -> Bool {
        relevantKinds.contains(kind)
    }

    /// Feeds one event, in log order.
    public func consume(_ event: Event) {
        if let t = event.clockTime { lastTime = t }
        // Most lines of a long log are polls: they only feed a loop of the open operation.
        let kind = open?.plan.kind(event.kind)
        if let current = open, let kind, current.cluster != nil, kind.roles.contains(.loopOnly) {
            current.consumeLoopEvent(event, kind: kind.index, loops: kind.loops, location: event.location, time: event.clockTime)
            return
        }
        let roles = roles(event.kind)
        if roles.contains(.harnessStep) || roles.contains(.harnessCommand) {
            harnessEvent(event, isCommand: roles.contains(.harnessCommand))
            return
        }
        if roles.contains(.shellCommand) {
            commandNamed(event[field: "args"]?.text ?? "", tool: event[field: "tool"]?.text ?? "tanzu", at: event)
            if let current = open { finish(current, outcome: nil, at: current.lastTime) }
            return
        }
        if let current = open, let kind {
            // A start event whose phases this operation has all begun already starts a new operation.
            if !current.restarts(on: kind), kind.roles.contains(.handled) {
                current.consume(event, kind: kind)
                if current.closed { close(current) }
                return
            }
            if roles.contains(.opensOperation) {
                finish(current, outcome: nil, at: current.lastTime)
            }
        }
        if roles.contains(.opensOperation), let candidates = startKinds[event.kind] {
            emitPending()
            let rule = pickRule(candidates)
            let plan = plans[rule.kind]!
            let op = OpenOperation(plan: plan, event: event, pending: pending, diagnoses: rules.diagnoses)
            pending = nil
            if let step = harness?.current { op.parent = step }
            open = op
            op.consume(event, kind: plan.kind(event.kind))
            if op.closed { close(op) }
            return
        }
        // Not part of any operation: a failure after the operation already closed, or a stray line.
        if let last = lastClosed, last.rule.failure.contains(event.kind), last.outcome == .failed {
            last.adoptFinalError(event)
            return
        }
        if event.kind.hasPrefix("error-") {
            strayFindings.append(Finding(severity: .error, code: "error-outside-operation",
                                         message: "an error with no operation the log shows starting: \(event.text)", location: event.location))
        }
    }

    /// Feeds a line whose message body is that of `template` (an event seen earlier) without
    /// building its own `Event`, when it only updates a loop of the open operation: a poll that
    /// repeats the last line of its rule (`repeatsRule`) while its run goes on, or a poll or counter
    /// that plays no other role. Returns false otherwise; the caller then consumes it in full.
    func consumeRemembered(_ template: EventTemplates.Template, repeatsRule: Bool, location: SourceLocation, clockTime: Timestamp?) -> Bool {
        // Most lines of a long log come here: no reference is counted on the way (the builder holds
        // the open operation, the operation its plan and loops, the plan its kinds).
        guard open != nil else { return false }
        unowned(unsafe) let current = open!
        if template.plan != current.planID { template.resolve(in: current.plan) }
        if repeatsRule {
            unowned(unsafe) let loops = current.loops
            if loops.repeatLastPoll(kind: template.kindIndex, text: template.event.text, location: location, time: clockTime) {
                if let t = clockTime { lastTime = t; current.lastTime = t }
                current.lastLine = location
                return true
            }
        }
        guard current.cluster != nil, template.roles.contains(.loopOnly) else { return false }
        if let t = clockTime { lastTime = t }
        current.consumeLoopEvent(template.event, facts: template.facts, kind: template.kindIndex, loops: template.loops,
                                 location: location, time: clockTime)
        return true
    }

    /// Ends the stream and returns the operations not yet handed to `onOperation` (all of them when
    /// there is no callback) and the findings.
    public func finish() -> (operations: [Operation], findings: [Finding]) {
        let (operations, strays, others) = finishParts()
        return (operations, strays + others)
    }

    /// Whether the builder is where a fresh one starts: nothing open (an operation, a harness step,
    /// a command named by a prompt) and no failed operation that a later error line could still
    /// join. Split at a line that opens an operation, a log whose first part leaves the builder in
    /// this state is analyzed the same in two parts (see `SegmentedAnalysis`).
    var isQuiescent: Bool {
        open == nil && harness == nil && pending == nil && lastClosed?.outcome != .failed
    }

    /// `finish`, with the findings of lines outside any operation apart from the others (a log
    /// analyzed in parts lists each kind in log order, as one builder does).
    func finishParts() -> (operations: [Operation], strays: [Finding], others: [Finding]) {
        if let current = open { finish(current, outcome: nil, at: current.lastTime) }
        emitPending()
        var operations: [Operation] = []
        var findings = emittedFindings
        var nested: [Int: [Operation]] = [:]
        for op in finished {
            let built = op.build()
            findings += op.findings
            operations.append(built)
            if let step = op.parent { nested[step.serial, default: []].append(built) }
        }
        if let h = harness {
            let run = h.build(lastTime: lastTime, nested: nested)
            // Instant operations take their harness step's duration.
            for i in operations.indices where operations[i].instant {
                if let parent = finished[i].parent, let d = parent.duration(lastTime: lastTime) { operations[i].durationSeconds = d }
            }
            operations.insert(run, at: 0)
        }
        let nowhere = SourceLocation(file: "", line: 0)
        operations.sort { a, b in
            switch (a.start, b.start) {
            case let (x?, y?): return x < y
            default: return (a.evidence.start ?? nowhere) < (b.evidence.start ?? nowhere)
            }
        }
        return (operations, strayFindings, findings)
    }

    // MARK: - Pieces

    private func pickRule(_ candidates: [OperationRule]) -> OperationRule {
        if let p = pending, let match = candidates.first(where: { $0.kind == p.kind }) { return match }
        return candidates[0]
    }

    private func close(_ op: OpenOperation) {
        open = nil
        lastClosed = op
        if onOperation != nil && harness == nil && op.parent == nil {
            // Handed out one step later, so a final `Error:` line after the operation can still join it.
            emitPending()
            pendingEmit = op
        } else {
            finished.append(op)
        }
    }

    /// Builds and hands out the operation waiting to be emitted.
    private func emitPending() {
        guard let op = pendingEmit, let onOperation else { return }
        pendingEmit = nil
        let built = op.build()
        emittedFindings += op.findings
        emitted += 1
        onOperation(built)
    }

    private func finish(_ op: OpenOperation, outcome: Outcome?, at time: Timestamp?) {
        op.finishAtEnd(time: time)
        close(op)
    }

    private func harnessEvent(_ event: Event, isCommand: Bool) {
        if harness == nil { harness = OpenHarness() }
        let text = isCommand ? "CMD: " + (event[field: "command"]?.text ?? event.text) : (event[field: "step"]?.text ?? event.text)
        if let current = open, current.parent === harness?.current {
            finish(current, outcome: nil, at: current.lastTime)
        }
        harness!.begin(title: text, event: event)
        if isCommand {
            let words = (event[field: "command"]?.text ?? "").split(separator: " ").map(String.init)
            if let tool = words.first { commandNamed(words.dropFirst().joined(separator: " "), tool: tool, at: event) }
        }
    }

    /// A prompt or `CMD:` line names the next operation and its cluster.
    private func commandNamed(_ args: String, tool: String, at event: Event) {
        var words = args.split(separator: " ").map(String.init)
        if words.first == "kubernetes" { words.removeFirst() }  // tanzu kubernetes cluster create
        pending = nil
        guard tool == "tanzu" || tool == "tkg" else { return }
        for op in rules.operations {
            for command in op.commands where words.count >= command.count && Array(words.prefix(command.count)) == command {
                let cluster = Self.clusterArgument(Array(words.dropFirst(command.count)))
                pending = PendingCommand(kind: op.kind, cluster: cluster, text: tool + " " + args, location: event.location)
                return
            }
        }
    }
}

extension PhaseBuilder {
    /// Flags of tanzu/tkg commands that take no value.
    static let booleanFlags: Set<String> = ["--ui", "--yes", "-y", "--dry-run", "--force", "--unattended", "--admin", "--skip-prompt", "--use-existing-bootstrap-cluster"]

    /// The cluster named by a command's arguments: `--name X`, or the first positional argument
    /// that is not the value of a flag.
    static func clusterArgument(_ args: [String]) -> String? {
        var i = 0
        var positional: String?
        while i < args.count {
            let word = args[i]
            if word == "--name" || word == "-n", i + 1 < args.count { return args[i + 1] }
            if word.hasPrefix("--name=") { return String(word.dropFirst(7)) }
            if word.hasPrefix("-") {
                if !word.contains("=") && !booleanFlags.contains(word) { i += 1 }
            } else if positional == nil && !word.contains("=") {
                positional = word
            }
            i += 1
        }
        return positional
    }
}

/// An operation named by a prompt or `CMD:` line, waiting for its first event.
struct PendingCommand {
    var kind: String
    var cluster: String?
    var text: String
    var location: SourceLocation
}
