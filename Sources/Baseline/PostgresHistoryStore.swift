import Foundation
import LogModel
import Logging
import PostgresNIO

/// A run history in a PostgreSQL database: one history that every CI agent of a team reads and
/// writes at once.
///
/// The tables (`tkgqa_runs`, `tkgqa_run_labels`, and `tkgqa_schema_version`, which records each
/// migration applied) are created and migrated by the tool, under an advisory lock so that agents
/// starting together migrate once; a database migrated by a newer tkgqa is refused before anything
/// is written. Their names carry a `tkgqa_` prefix so the history can share a database.
///
/// Concurrent writers never lose or duplicate a run: the run hash is unique, each `add` is one
/// transaction that inserts in hash order with `ON CONFLICT (hash) DO NOTHING` (a writer that meets
/// another's uncommitted run waits for it, then skips it; the fixed order rules out deadlocks
/// between writers), and a transaction the server aborts as a serialization failure or deadlock is
/// run again, with a jittered backoff.
///
/// One connection per store, closed when the store is released.
public final class PostgresHistoryStore: HistoryStore, @unchecked Sendable {
    public var location: String { target.description }
    public let target: PostgresLocation
    private let session: PostgresSession
    private let logger: Logger
    /// Serialises calls: one connection runs one transaction at a time.
    private let lock = NSLock()

    /// The migrations, in order; version N is `migrations[N - 1]`. Never edit one that has shipped: add one.
    static let migrations: [(description: String, statements: [String])] = [
        ("runs and labels", [
            """
            CREATE TABLE tkgqa_runs (
                id BIGSERIAL PRIMARY KEY,
                hash TEXT COLLATE "C" NOT NULL UNIQUE,
                start_us BIGINT,
                outcome TEXT NOT NULL,
                schema_version INTEGER NOT NULL,
                excluded_reason TEXT,
                summary TEXT NOT NULL
            )
            """,
            // The gate's order (newest first, then hash) straight from the index, and its reverse for listings.
            "CREATE INDEX tkgqa_runs_start ON tkgqa_runs (start_us DESC NULLS LAST, hash DESC)",
            """
            CREATE TABLE tkgqa_run_labels (
                run_id BIGINT NOT NULL REFERENCES tkgqa_runs (id) ON DELETE CASCADE,
                key TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (run_id, key)
            )
            """,
            // The gate's label filter: runs with key = value, found without touching the runs table.
            "CREATE INDEX tkgqa_run_labels_match ON tkgqa_run_labels (key, value, run_id)",
        ]),
    ]

    /// The schema version this tkgqa writes.
    public static var schemaVersion: Int { migrations.count }

    /// An `add` of at least this many new runs refreshes the planner's statistics.
    static let analyzeAfter = 1_000

    /// Arbitrary, fixed: the advisory lock key under which migrations run.
    static let migrationLockKey: Int64 = 0x746b_6771_0001

    /// Connects to `target` and makes sure the schema is current.
    /// - Parameters:
    ///   - create: make the tables when the database has none (read-only commands pass false).
    ///   - connectTimeout: seconds to reach and log in to the server.
    /// - Throws: `BaselineError` `.unreachable`, `.authentication`, `.missing`, `.newerSchema` or `.database`.
    public init(target: PostgresLocation, create: Bool, connectTimeout: Double = 10,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                logger: Logger = Logger(label: "tkgqa.history")) throws {
        self.target = target
        self.logger = logger
        let (password, warning) = target.password(environment: environment)
        do {
            session = try PostgresSession(location: target, password: password, connectTimeout: connectTimeout, logger: logger)
        } catch var error as BaselineError where error.code == .authentication && warning != nil {
            // The library prints nothing and the CLI prints one line: say there why no password was sent.
            error.cause = warning
            throw error
        }
        try prepare(create: create)
    }

    /// Closes the connection now (it is closed on release anyway).
    public func close() {
        lock.lock(); defer { lock.unlock() }
        session.close()
    }

    // MARK: Schema

    private func prepare(create: Bool) throws {
        try guarded("open") {
            let exists = try session.query("SELECT to_regclass('tkgqa_schema_version') IS NOT NULL").first?.decode(Bool.self) ?? false
            if exists, try currentVersion() == Self.schemaVersion { return }
            if !exists && !create {
                throw BaselineError(.missing, "history \(location) has no tkgqa tables yet; add runs first with tkgqa history add")
            }
            try session.transaction {
                try session.query("SELECT pg_advisory_xact_lock(\(Self.migrationLockKey))")
                try session.execute("""
                    CREATE TABLE IF NOT EXISTS tkgqa_schema_version (
                        version INTEGER PRIMARY KEY,
                        description TEXT NOT NULL,
                        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                    )
                    """)
                let version = try currentVersion()
                for (index, migration) in Self.migrations.enumerated() where index + 1 > version {
                    for sql in migration.statements { try session.execute(sql) }
                    try session.query("INSERT INTO tkgqa_schema_version (version, description) VALUES (\(Int64(index + 1)), \(migration.description))")
                    logger.debug("history \(location): migrated to schema version \(index + 1) (\(migration.description))")
                }
            }
        }
    }

    /// The highest applied migration; throws `.newerSchema` when this tkgqa does not know it.
    private func currentVersion() throws -> Int {
        let version = Int(try session.query("SELECT coalesce(max(version), 0)::BIGINT FROM tkgqa_schema_version").first?.decode(Int64.self) ?? 0)
        if version > Self.schemaVersion {
            throw BaselineError(.newerSchema, "history \(location) was written by a newer tkgqa (schema version \(version); this tkgqa knows \(Self.schemaVersion)); upgrade tkgqa to read it")
        }
        return version
    }

    // MARK: HistoryStore

    public func add(_ records: [HistoryRecord]) throws -> AddResult {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // One row per hash, in hash order: every writer takes row locks in the same order.
        var unique: [String: HistoryRecord] = [:]
        for r in records where unique[r.hash] == nil { unique[r.hash] = r }
        let rows = try unique.values.sorted { $0.hash < $1.hash }.map { r in
            (record: r, json: String(decoding: try encoder.encode(r.summary), as: UTF8.self))
        }
        let duplicatesInBatch = records.count - rows.count
        var added = 0
        try retrying("write to") {
            added = try session.transaction {
                var inserted = 0
                for chunk in rows.chunked(500) {
                    var binds = PostgresBindings(capacity: chunk.count * 6)
                    var values: [String] = []
                    for (record, json) in chunk {
                        let s = record.summary, n = binds.count
                        values.append("($\(n + 1), $\(n + 2), $\(n + 3), $\(n + 4), $\(n + 5), $\(n + 6))")
                        binds.append(s.hash)
                        binds.append(s.start?.microseconds)
                        binds.append(s.outcome.rawValue)
                        binds.append(Int64(s.schemaVersion))
                        binds.append(record.excludedReason)
                        binds.append(json)
                    }
                    let sql = "INSERT INTO tkgqa_runs (hash, start_us, outcome, schema_version, excluded_reason, summary) VALUES "
                        + values.joined(separator: ", ") + " ON CONFLICT (hash) DO NOTHING RETURNING id, hash"
                    var ids: [String: Int64] = [:]
                    for row in try session.query(PostgresQuery(unsafeSQL: sql, binds: binds)) {
                        let (id, hash) = try row.decode((Int64, String).self)
                        ids[hash] = id
                    }
                    inserted += ids.count
                    var labels: [(Int64, String, String)] = []
                    for (record, _) in chunk {
                        guard let id = ids[record.hash] else { continue }
                        for (key, value) in record.summary.labels.sorted(by: { $0.key < $1.key }) { labels.append((id, key, value)) }
                    }
                    for part in labels.chunked(5000) {
                        var binds = PostgresBindings(capacity: part.count * 3)
                        var values: [String] = []
                        for (id, key, value) in part {
                            let n = binds.count
                            values.append("($\(n + 1), $\(n + 2), $\(n + 3))")
                            binds.append(id)
                            binds.append(key)
                            binds.append(value)
                        }
                        try session.query(PostgresQuery(unsafeSQL: "INSERT INTO tkgqa_run_labels (run_id, key, value) VALUES " + values.joined(separator: ", "), binds: binds))
                    }
                }
                return inserted
            }
        }
        if added >= Self.analyzeAfter {
            // A bulk load (history import) leaves the planner without statistics until autovacuum
            // comes round; planned blind, the gate's label query took 70 s on 100,000 fresh runs
            // instead of 0.1 s. ANALYZE samples the tables (~0.3 s at that size). Not fatal: a user
            // who does not own the tables gets a server warning, and autovacuum still follows.
            _ = try? guarded("analyze") { try session.execute("ANALYZE tkgqa_runs, tkgqa_run_labels") }
        }
        let result = AddResult(added: added, alreadyStored: rows.count - added + duplicatesInBatch)
        logger.debug("history add", metadata: ["added": "\(result.added)", "alreadyStored": "\(result.alreadyStored)"])
        return result
    }

    public func records() throws -> [HistoryRecord] {
        try fetch("SELECT summary, excluded_reason FROM tkgqa_runs ORDER BY start_us ASC NULLS FIRST, hash ASC", PostgresBindings())
    }

    public func record(_ hashOrPrefix: String) throws -> HistoryRecord {
        let prefix = hashOrPrefix.lowercased()
        guard prefix.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw BaselineError(.runNotFound, "\"\(hashOrPrefix)\" is not a run hash (hex digits); see tkgqa history list")
        }
        var binds = PostgresBindings()
        binds.append(prefix + "%")
        let matches = try fetch("SELECT summary, excluded_reason FROM tkgqa_runs WHERE hash LIKE $1 ORDER BY hash LIMIT 4", binds)
        return try HistoryLookup.unique(hashOrPrefix, among: matches, location: location)
    }

    public func setExcluded(_ hashOrPrefix: String, reason: String?) throws -> HistoryRecord {
        var r = try record(hashOrPrefix)
        var binds = PostgresBindings()
        binds.append(reason)
        binds.append(r.hash)
        _ = try retrying("write to") {
            try session.query(PostgresQuery(unsafeSQL: "UPDATE tkgqa_runs SET excluded_reason = $1 WHERE hash = $2", binds: binds))
        }
        r.excludedReason = reason
        return r
    }

    public func baseline(_ query: BaselineQuery) throws -> [RunSummary] {
        var sql = "SELECT r.summary, r.excluded_reason FROM tkgqa_runs r WHERE r.excluded_reason IS NULL"
        var binds = PostgresBindings()
        if let excluding = query.excluding { binds.append(excluding); sql += " AND r.hash <> $\(binds.count)" }
        if let before = query.before { binds.append(before.microseconds); sql += " AND r.start_us < $\(binds.count)" }
        for (key, value) in query.labels.sorted(by: { $0.key < $1.key }) {
            binds.append(key)
            binds.append(value)
            sql += " AND EXISTS (SELECT 1 FROM tkgqa_run_labels l WHERE l.run_id = r.id AND l.key = $\(binds.count - 1) AND l.value = $\(binds.count))"
        }
        binds.append(Int64(query.limit))
        sql += " ORDER BY r.start_us DESC NULLS LAST, r.hash DESC LIMIT $\(binds.count)"
        return try fetch(sql, binds).map(\.summary)
    }

    // MARK: Plumbing

    private func fetch(_ sql: String, _ binds: PostgresBindings) throws -> [HistoryRecord] {
        let rows: [(String, String?)] = try guarded("read") {
            try session.query(PostgresQuery(unsafeSQL: sql, binds: binds)).map { try $0.decode((String, String?).self) }
        }
        let decoder = JSONDecoder()
        return try rows.map { json, reason in
            let summary = try RunDocument.decodeSummary(Data(json.utf8), decoder: decoder, source: location)
            return HistoryRecord(summary: summary, excludedReason: reason)
        }
    }

    /// Runs `body` under the store's lock, mapping library errors to one `BaselineError`.
    private func guarded<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        lock.lock(); defer { lock.unlock() }
        do { return try body() } catch {
            throw PostgresErrors.mapped(error, location: target, connectTimeout: 0, doing: doing)
        }
    }

    /// `guarded`, and a transaction the server aborted as a serialization failure or deadlock runs
    /// again (up to 10 times, backing off 10 ms to 1 s with jitter).
    private func retrying<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                lock.lock(); defer { lock.unlock() }
                return try body()
            } catch let error where PostgresErrors.sqlState(error).map(PostgresErrors.retryable.contains) == true && attempt < 10 {
                attempt += 1
                let delay = min(1.0, 0.01 * pow(2, Double(attempt))) * Double.random(in: 0.5...1.0)
                logger.debug("history \(doing): retrying after \(PostgresErrors.sqlState(error) ?? "?")", metadata: ["attempt": "\(attempt)"])
                Thread.sleep(forTimeInterval: delay)
            } catch {
                throw PostgresErrors.mapped(error, location: target, connectTimeout: 0, doing: doing)
            }
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
