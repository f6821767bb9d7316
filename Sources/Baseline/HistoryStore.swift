import LogModel

/// A run as a history holds it: its summary, and why it is kept out of baselines, if it is.
public struct HistoryRecord: Sendable, Codable, Equatable {
    public var summary: RunSummary
    /// Set by `history exclude RUN --reason ...`: the run stays listed but never forms a baseline.
    public var excludedReason: String?

    public init(summary: RunSummary, excludedReason: String? = nil) {
        self.summary = summary
        self.excludedReason = excludedReason
    }

    public var hash: String { summary.hash }
}

/// What `add` did: how many runs were new and how many were already stored.
public struct AddResult: Sendable, Equatable {
    public var added: Int
    public var alreadyStored: Int

    public init(added: Int = 0, alreadyStored: Int = 0) {
        self.added = added
        self.alreadyStored = alreadyStored
    }
}

/// The baseline a gate asks for: earlier runs that share labels.
public struct BaselineQuery: Sendable, Equatable {
    /// Label values every baseline run must have (a run without the label does not match).
    public var labels: [String: String]
    /// Only runs that started before this (nil: any start).
    public var before: Timestamp?
    /// The run being gated, never its own baseline.
    public var excluding: String?
    /// The window: this many most recent runs.
    public var limit: Int

    public init(labels: [String: String], before: Timestamp?, excluding: String?, limit: Int) {
        self.labels = labels
        self.before = before
        self.excluding = excluding
        self.limit = limit
    }
}

/// A run history: the runs a gate compares with.
///
/// One protocol for every store — an SQLite file on one machine, a PostgreSQL database for a team —
/// so commands, export/import and the gate never know which they use. Implementations must:
/// store a run once per `hash` (adding it again is a no-op that counts as `alreadyStored`); make
/// every call that writes a single transaction (all of it or none of it); order runs by start time,
/// then hash, so every listing and every baseline is deterministic; and keep timestamps as integer
/// microseconds and SQL portable (no SQLite- or PostgreSQL-only syntax in the shared queries).
public protocol HistoryStore: Sendable {
    /// Where the store lives, for messages (never a password).
    var location: String { get }

    /// Adds runs in one transaction; a run whose hash is stored already is skipped.
    func add(_ records: [HistoryRecord]) throws -> AddResult

    /// Every run, oldest first (by start time, then hash).
    func records() throws -> [HistoryRecord]

    /// The run whose hash is `hashOrPrefix` or starts with it.
    /// - Throws: `BaselineError` `.runNotFound` or `.ambiguousRun`.
    func record(_ hashOrPrefix: String) throws -> HistoryRecord

    /// Keeps a run out of baselines (`reason` non-nil) or lets it back in (nil); returns the updated run.
    func setExcluded(_ hashOrPrefix: String, reason: String?) throws -> HistoryRecord

    /// The most recent `query.limit` non-excluded runs that match, most recent first.
    func baseline(_ query: BaselineQuery) throws -> [RunSummary]
}

extension HistoryStore {
    /// Matches what `baseline` must return, for stores that filter in memory and for tests.
    static func select(_ records: [HistoryRecord], _ query: BaselineQuery) -> [RunSummary] {
        records.lazy
            .filter { $0.excludedReason == nil && $0.hash != query.excluding }
            .filter { r in query.before.map { before in r.summary.start.map { $0 < before } ?? false } ?? true }
            .filter { r in query.labels.allSatisfy { r.summary.labels[$0.key] == $0.value } }
            .map(\.summary)
            .sorted(by: RunOrder.newestFirst)
            .prefix(query.limit)
            .map { $0 }
    }
}

/// The one order of runs in every store: by start time (unknown start first), then hash.
public enum RunOrder {
    public static func oldestFirst(_ a: RunSummary, _ b: RunSummary) -> Bool {
        let x = a.start?.microseconds ?? Int64.min, y = b.start?.microseconds ?? Int64.min
        return x != y ? x < y : a.hash < b.hash
    }

    public static func newestFirst(_ a: RunSummary, _ b: RunSummary) -> Bool { oldestFirst(b, a) }
}
