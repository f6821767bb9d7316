/// What `tkgqa analyze` found in one run's logs: the operations, their phases and loops, and findings.
///
/// The JSON form (`--format json`) is versioned by `schemaVersion`; fields may be added, never renamed
/// (see `../shared/DESIGN.md`).
public struct Timeline: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// The log files, as given on the command line.
    public var inputs: [String]
    public var operations: [Operation]
    /// Lines that repeat many times over a long span but match no loop rule.
    public var unknownLoops: [UnknownLoop]
    public var findings: [Finding]

    public init(inputs: [String], operations: [Operation] = [], unknownLoops: [UnknownLoop] = [], findings: [Finding] = []) {
        schemaVersion = Self.currentSchemaVersion
        self.inputs = inputs
        self.operations = operations
        self.unknownLoops = unknownLoops
        self.findings = findings
    }

    /// The overall verdict: failed when an operation failed or was left open, `none` when no operation was recognised.
    public var verdict: TimelineVerdict { Self.verdict(operations.map(\.outcome)) }

    /// The verdict of operations with these outcomes.
    public static func verdict(_ outcomes: [Outcome]) -> TimelineVerdict {
        if outcomes.isEmpty { return .none }
        if outcomes.contains(.failed) { return .failed }
        if outcomes.contains(.open) { return .open }
        return .ok
    }
}

/// The one-word summary of a timeline.
public enum TimelineVerdict: String, Sendable, Codable {
    case ok, failed, open, none
}

/// How a phase or operation ended.
public enum Outcome: String, Sendable, Codable, Equatable {
    /// Finished (the next phase began, or the operation reported success).
    case ok
    /// Ended by an error; `error` says which and where.
    case failed
    /// Still running when the log ended.
    case open
    /// Declared by the rules but never seen while a later phase was.
    case skipped
}

/// An error that ended a phase or operation, with where it was printed.
public struct ErrorInfo: Sendable, Codable, Equatable {
    public var message: String
    public var location: SourceLocation
    /// The event rule that recognised it.
    public var kind: String

    public init(message: String, location: SourceLocation, kind: String) {
        self.message = message
        self.location = location
        self.kind = kind
    }
}

/// The lines that show where something began and ended.
public struct Evidence: Sendable, Codable, Equatable {
    public var start: SourceLocation?
    public var end: SourceLocation?

    public init(start: SourceLocation? = nil, end: SourceLocation? = nil) {
        self.start = start
        self.end = end
    }
}

/// One run of a CLI operation on one cluster (`tanzu cluster create wl-1`), or a harness run.
public struct Operation: Sendable, Codable, Equatable {
    /// The kind of a CI harness run, whose phases are its steps.
    public static let harnessKind = "harness-run"

    /// The operation rule id, e.g. `workload-create`, `management-cluster-create`, `harness-run`.
    public var kind: String
    public var cluster: String?
    public var outcome: Outcome
    public var start: Timestamp?
    public var end: Timestamp?
    /// Wall time; for instant operations (`cluster scale`, workload `cluster delete`) the time of the
    /// harness step that ran them, when there is one.
    public var durationSeconds: Double?
    /// The operation returns without waiting (scale, workload delete): only "accepted" is in the log.
    public var instant: Bool
    /// Facts the log shows: plan, provider, kubernetes version, TKR, CNI, timeout in force.
    public var facts: [String: String]
    public var error: ErrorInfo?
    /// The harness step that ran this operation (`harness-run/<step id>`), if any.
    public var parent: String?
    public var evidence: Evidence
    public var phases: [Phase]

    public init(kind: String, cluster: String? = nil, outcome: Outcome = .open, start: Timestamp? = nil, end: Timestamp? = nil,
                durationSeconds: Double? = nil, instant: Bool = false, facts: [String: String] = [:], error: ErrorInfo? = nil,
                parent: String? = nil, evidence: Evidence = Evidence(), phases: [Phase] = []) {
        self.kind = kind
        self.cluster = cluster
        self.outcome = outcome
        self.start = start
        self.end = end
        self.durationSeconds = durationSeconds
        self.instant = instant
        self.facts = facts
        self.error = error
        self.parent = parent
        self.evidence = evidence
        self.phases = phases
    }
}

/// A phase of an operation (or a harness step, or a sub-phase such as one package or provider).
public struct Phase: Sendable, Codable, Equatable {
    /// Kebab-case id, stable across runs (`control-plane`, `addons`, `kapp-controller`).
    public var id: String
    /// Human text where the id is derived (harness steps: the step text).
    public var title: String?
    public var outcome: Outcome
    public var start: Timestamp?
    public var end: Timestamp?
    public var durationSeconds: Double?
    /// A duration the log itself reports (`Passed waiting on provider X after 10.36s`).
    public var reportedSeconds: Double?
    public var evidence: Evidence
    public var error: ErrorInfo?
    public var phases: [Phase]
    public var loops: [Loop]
    /// For a harness step: the operations it ran (`kind/cluster`), whose phases are nested here too.
    public var operation: String?

    public init(id: String, title: String? = nil, outcome: Outcome = .open, start: Timestamp? = nil, end: Timestamp? = nil,
                durationSeconds: Double? = nil, reportedSeconds: Double? = nil, evidence: Evidence = Evidence(),
                error: ErrorInfo? = nil, phases: [Phase] = [], loops: [Loop] = [], operation: String? = nil) {
        self.id = id
        self.title = title
        self.outcome = outcome
        self.start = start
        self.end = end
        self.durationSeconds = durationSeconds
        self.reportedSeconds = reportedSeconds
        self.evidence = evidence
        self.error = error
        self.phases = phases
        self.loops = loops
        self.operation = operation
    }
}

/// One run of a polling loop: consecutive polls that saw the same state.
public struct Loop: Sendable, Codable, Equatable {
    /// The loop rule id, e.g. `cluster-init`.
    public var id: String
    /// What the polls kept seeing, e.g. `ScalingUp`.
    public var state: String
    /// Polls, not lines: the lines one poll prints count once.
    public var count: Int
    public var firstLine: SourceLocation
    public var lastLine: SourceLocation
    public var start: Timestamp?
    public var end: Timestamp?
    /// Median time between polls.
    public var periodSeconds: Double?
    public var totalSeconds: Double?
    public var verdict: LoopVerdict
    /// The healthy budget the verdict used.
    public var stuckAfterSeconds: Double?
    public var diagnosis: Diagnosis?

    public init(id: String, state: String, count: Int, firstLine: SourceLocation, lastLine: SourceLocation,
                start: Timestamp?, end: Timestamp?, periodSeconds: Double?, totalSeconds: Double?,
                verdict: LoopVerdict, stuckAfterSeconds: Double?, diagnosis: Diagnosis? = nil) {
        self.id = id
        self.state = state
        self.count = count
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.start = start
        self.end = end
        self.periodSeconds = periodSeconds
        self.totalSeconds = totalSeconds
        self.verdict = verdict
        self.stuckAfterSeconds = stuckAfterSeconds
        self.diagnosis = diagnosis
    }
}

/// How a loop run ended.
public enum LoopVerdict: String, Sendable, Codable, Equatable {
    /// Ended within its healthy budget.
    case ok
    /// Ran past its healthy budget, then recovered: a warning, not a failure.
    case slow
    /// Still looping when its phase failed or the log ended.
    case stuck
}

/// What a stuck or slow loop usually means and what to check next, with the lines that show it.
public struct Diagnosis: Sendable, Codable, Equatable {
    public var summary: String
    public var causes: [String]
    public var checks: [String]
    public var evidence: [String]

    public init(summary: String, causes: [String] = [], checks: [String] = [], evidence: [String] = []) {
        self.summary = summary
        self.causes = causes
        self.checks = checks
        self.evidence = evidence
    }
}

/// A repeating line that no loop rule knows: numbers, ids and names masked.
public struct UnknownLoop: Sendable, Codable, Equatable {
    public var shape: String
    public var count: Int
    public var firstLine: SourceLocation
    public var lastLine: SourceLocation
    public var start: Timestamp?
    public var end: Timestamp?

    public init(shape: String, count: Int, firstLine: SourceLocation, lastLine: SourceLocation, start: Timestamp?, end: Timestamp?) {
        self.shape = shape
        self.count = count
        self.firstLine = firstLine
        self.lastLine = lastLine
        self.start = start
        self.end = end
    }
}

/// Something worth telling that is not a phase: a warning, a reported duration that disagrees, a budget overrun.
public struct Finding: Sendable, Codable, Equatable {
    public enum Severity: String, Sendable, Codable { case info, warning, error }
    public var severity: Severity
    /// Kebab-case, e.g. `reported-duration-mismatch`, `over-budget`, `non-fatal-warning`.
    public var code: String
    public var message: String
    public var location: SourceLocation?

    public init(severity: Severity, code: String, message: String, location: SourceLocation? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
    }
}
