/// Gives the phase timings of an operation log, so `phase-duration` can bound them. The analyzer
/// (Phases) provides the real one; tests use a fake.
public protocol PhaseTimingProvider: Sendable {
    /// Every phase of every operation found in the log at `path`.
    func phases(ofLog path: String) throws -> [PhaseTiming]
}

/// One phase of one operation in a log.
public struct PhaseTiming: Sendable, Hashable {
    /// The operation kind (`cluster-create`, `management-cluster-create`).
    public var operation: String
    /// The cluster the operation is about.
    public var cluster: String
    /// The phase id path: `control-plane`, `addons/kapp-controller`; `total` for the whole operation.
    public var phase: String
    /// `nil` while the phase is open (the log ended inside it).
    public var durationSeconds: Double?
    /// `ok`, `failed`, `open`.
    public var outcome: String
    /// The phase rules' budget for it (`budget:` in `patterns/phases/*.yaml`), and where that number comes from.
    public var budgetSeconds: Double?
    public var budgetSource: String?

    public init(operation: String, cluster: String, phase: String, durationSeconds: Double?, outcome: String,
                budgetSeconds: Double? = nil, budgetSource: String? = nil) {
        self.budgetSeconds = budgetSeconds
        self.budgetSource = budgetSource
        self.operation = operation
        self.cluster = cluster
        self.phase = phase
        self.durationSeconds = durationSeconds
        self.outcome = outcome
    }
}

extension PhaseTiming {
    /// The phase id of a whole operation's timing.
    public static let total = "total"
}
