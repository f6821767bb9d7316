/// One run reduced to what a regression gate compares: labels, per-phase durations and outcomes, loop
/// summaries, the run's start time and a content hash.
///
/// `tkgqa summarize` writes it as JSON; `tkgqa history add` stores it. The JSON form is versioned by
/// `schemaVersion`; fields may be added, never renamed. A reader refuses a summary whose
/// `schemaVersion` is newer than `currentSchemaVersion` rather than guess at its meaning.
public struct RunSummary: Sendable, Codable, Equatable {
    /// The schema version this build writes and the newest it reads.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// Hex SHA-256 of the run's measured content (times, phases, outcomes, loops), so the same run
    /// added twice is stored once. Labels, inputs and budgets are not part of it: they describe the
    /// run, they are not the run.
    public var hash: String
    /// When the run's first operation began; the history orders baselines by it.
    public var start: Timestamp?
    /// When the run's last operation ended.
    public var end: Timestamp?
    /// What the run ran on: `testbed`, `provider`, `tkgVersion`, `plan`, `kubernetesVersion`, `cni`
    /// (from the log where it shows them) and any `--label k=v`.
    public var labels: [String: String]
    /// The whole run's verdict, as `Timeline.verdict`.
    public var outcome: TimelineVerdict
    /// The files the run was read from, as given on the command line.
    public var inputs: [String]
    /// Every operation (as an `(total)` row) and every phase and sub-phase, in timeline order.
    public var phases: [PhaseSummary]

    public init(schemaVersion: Int = RunSummary.currentSchemaVersion, hash: String, start: Timestamp?, end: Timestamp?,
                labels: [String: String], outcome: TimelineVerdict, inputs: [String], phases: [PhaseSummary]) {
        self.schemaVersion = schemaVersion
        self.hash = hash
        self.start = start
        self.end = end
        self.labels = labels
        self.outcome = outcome
        self.inputs = inputs
        self.phases = phases
    }

    /// The first 12 hex digits of `hash`, how runs are shown and named on the command line.
    public var shortHash: String { String(hash.prefix(12)) }

    /// Whether a loop was still looping when its phase failed or the log ended.
    public var hasStuckLoop: Bool { phases.contains { $0.loops.contains { $0.verdict == .stuck } } }

    /// The phase with this key, if the run has it.
    public func phase(_ key: PhaseKey) -> PhaseSummary? { phases.first { $0.key == key } }
}

/// Names a phase across runs: the operation kind (with `#2`, `#3` for a second or third operation of
/// the same kind in one run) and the phase id path (`control-plane`, `providers-bootstrap/cluster-api`).
public struct PhaseKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The phase name of the row that stands for a whole operation.
    public static let total = "(total)"

    public var operation: String
    public var phase: String

    public init(operation: String, phase: String) {
        self.operation = operation
        self.phase = phase
    }

    /// `operation/phase`, e.g. `workload-create/control-plane`.
    public var description: String { operation + "/" + phase }

    public static func < (a: PhaseKey, b: PhaseKey) -> Bool { (a.operation, a.phase) < (b.operation, b.phase) }
}

/// One phase of a run summary (or a whole operation, when `phase` is `(total)`).
public struct PhaseSummary: Sendable, Codable, Equatable {
    /// Operation kind, with `#n` for the n-th operation of that kind in the run (n ≥ 2).
    public var operation: String
    /// Phase id path joined by `/`, or `(total)` for the operation as a whole.
    public var phase: String
    /// The cluster the operation worked on, when the log names it.
    public var cluster: String?
    public var outcome: Outcome
    /// Wall time of the phase; nil when it never ended or its times are unknown.
    public var durationSeconds: Double?
    /// An absolute ceiling from the phase rules: over it the gate fails whatever the history says.
    public var budgetSeconds: Double?
    public var loops: [LoopSummary]

    public init(operation: String, phase: String, cluster: String? = nil, outcome: Outcome, durationSeconds: Double?,
                budgetSeconds: Double? = nil, loops: [LoopSummary] = []) {
        self.operation = operation
        self.phase = phase
        self.cluster = cluster
        self.outcome = outcome
        self.durationSeconds = durationSeconds
        self.budgetSeconds = budgetSeconds
        self.loops = loops
    }

    public var key: PhaseKey { PhaseKey(operation: operation, phase: phase) }
}

/// One polling loop of a phase: what it kept seeing, how often and for how long.
public struct LoopSummary: Sendable, Codable, Equatable {
    /// The loop rule id, e.g. `cluster-init`.
    public var id: String
    /// The state the polls kept seeing, e.g. `ScalingUp`.
    public var state: String
    /// Polls, not lines.
    public var count: Int
    public var totalSeconds: Double?
    public var verdict: LoopVerdict

    public init(id: String, state: String, count: Int, totalSeconds: Double?, verdict: LoopVerdict) {
        self.id = id
        self.state = state
        self.count = count
        self.totalSeconds = totalSeconds
        self.verdict = verdict
    }
}
