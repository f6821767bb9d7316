import Foundation
import GRDB
import LogModel
import Logging

/// A run history in one SQLite file (GRDB): the default store, for one machine.
///
/// The schema is created and migrated by the tool (GRDB migrations); a file that is not an SQLite
/// database, an SQLite database of another program (its `application_id`, or tables without ours),
/// and a history migrated by a newer tkgqa are refused before anything is written. Every write is one
/// transaction. The SQL is kept portable (no SQLite-only syntax in the queries) so the PostgreSQL
/// store can share it.
public final class SQLiteHistoryStore: HistoryStore {
    /// `PRAGMA application_id` of a tkgqa history: "tkgq".
    public static let applicationID: Int32 = 0x746b_6771

    public let location: String
    private let db: DatabaseQueue
    private let logger: Logger

    /// Opens the history at `path`; with `create`, makes it (and its folder) when missing.
    /// - Throws: `BaselineError` `.missing`, `.notADatabase`, `.foreignDatabase`, `.newerSchema` or `.database`.
    public init(path: String, create: Bool, logger: Logger = Logger(label: "tkgqa.history")) throws {
        location = path
        self.logger = logger
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue {
                throw BaselineError(.notADatabase, "history \"\(path)\" is a folder, not an SQLite file; name a file, e.g. sqlite:\(path)/history.sqlite")
            }
            try Self.checkHeader(path)
        } else if create {
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                    throw BaselineError(.database, "cannot create the folder of history \"\(path)\"; check the path and permissions", cause: "\(error)")
                }
            }
        } else {
            throw BaselineError(.missing, "history \"\(path)\" does not exist; add runs first with tkgqa history add")
        }

        var config = Configuration()
        config.busyMode = .timeout(10)
        config.foreignKeysEnabled = true
        config.label = "tkgqa-history"
        do {
            db = try DatabaseQueue(path: path, configuration: config)
        } catch {
            throw Self.mapped(error, path: path, doing: "open")
        }
        try prepare()
    }

    /// The migrations, in order. Never edit one that has shipped: add a new one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-runs") { db in
            try db.execute(sql: "PRAGMA application_id = \(SQLiteHistoryStore.applicationID)")
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    hash TEXT NOT NULL UNIQUE,
                    start_us BIGINT,
                    outcome TEXT NOT NULL,
                    schema_version INTEGER NOT NULL,
                    excluded_reason TEXT,
                    summary TEXT NOT NULL
                )
                """)
            try db.execute(sql: "CREATE INDEX runs_start ON runs (start_us, hash)")
            try db.execute(sql: """
                CREATE TABLE run_labels (
                    run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                    key TEXT NOT NULL,
                    value TEXT NOT NULL,
                    PRIMARY KEY (run_id, key)
                )
                """)
            try db.execute(sql: "CREATE INDEX run_labels_match ON run_labels (key, value, run_id)")
        }
        return m
    }

    private func prepare() throws {
        let migrator = Self.migrator
        do {
            try db.read { db in
                let appID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                if appID != 0 && appID != Self.applicationID {
                    throw BaselineError(.foreignDatabase, "\"\(location)\" is an SQLite database of another program (application_id \(appID)), not a tkgqa history; name another file with --history sqlite:PATH")
                }
                if appID == 0 && !tables.isEmpty {
                    let shown = tables.prefix(4).joined(separator: ", ")
                    throw BaselineError(.foreignDatabase, "\"\(location)\" is an SQLite database of another program (tables \(shown)), not a tkgqa history; name another file with --history sqlite:PATH")
                }
                if !tables.isEmpty, try migrator.hasBeenSuperseded(db) {
                    let known = Set(migrator.migrations)
                    let unknown = try migrator.appliedIdentifiers(db).subtracting(known).sorted()
                    throw BaselineError(.newerSchema, "history \"\(location)\" was written by a newer tkgqa (schema \(unknown.joined(separator: ", "))); upgrade tkgqa to read it")
                }
            }
            try migrator.migrate(db)
        } catch let error as BaselineError {
            throw error
        } catch {
            throw Self.mapped(error, path: location, doing: "open")
        }
    }

    /// Refuses a non-empty file that does not start with SQLite's magic header, before SQLite touches it.
    private static func checkHeader(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BaselineError(.database, "cannot read history \"\(path)\"; check its permissions")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.isEmpty { return }
        if head != Data("SQLite format 3\0".utf8) {
            throw BaselineError(.notADatabase, "\"\(path)\" is not a tkgqa history (not an SQLite database); name another file with --history sqlite:PATH, or move this one away")
        }
    }

    static func mapped(_ error: Error, path: String, doing: String) -> BaselineError {
        if let e = error as? BaselineError { return e }
        if let e = error as? DatabaseError {
            switch e.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return BaselineError(.notADatabase, "history \"\(path)\" is corrupt or not an SQLite database; restore it from a backup or tkgqa history export", cause: e.message)
            case .SQLITE_BUSY, .SQLITE_LOCKED:
                return BaselineError(.database, "history \"\(path)\" stayed locked by another process for 10 s; try again", cause: e.message)
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
                return BaselineError(.database, "cannot \(doing) history \"\(path)\"; check the path and its permissions", cause: e.message)
            default:
                return BaselineError(.database, "cannot \(doing) history \"\(path)\"", cause: e.message ?? "\(e.resultCode)")
            }
        }
        return BaselineError(.database, "cannot \(doing) history \"\(path)\"", cause: "\(error)")
    }

    private func guarded<T>(_ doing: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw Self.mapped(error, path: location, doing: doing) }
    }

    public func add(_ records: [HistoryRecord]) throws -> AddResult {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let rows = try records.map { r in (r, String(decoding: try encoder.encode(r.summary), as: UTF8.self)) }
        return try guarded("write to") {
            try db.write { db in
                var result = AddResult()
                for (record, json) in rows {
                    let s = record.summary
                    let id = try Int64.fetchOne(db, sql: """
                        INSERT INTO runs (hash, start_us, outcome, schema_version, excluded_reason, summary)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (hash) DO NOTHING RETURNING id
                        """, arguments: [s.hash, s.start?.microseconds, s.outcome.rawValue, s.schemaVersion, record.excludedReason, json])
                    guard let id else { result.alreadyStored += 1; continue }
                    result.added += 1
                    for (key, value) in s.labels.sorted(by: { $0.key < $1.key }) {
                        try db.execute(sql: "INSERT INTO run_labels (run_id, key, value) VALUES (?, ?, ?)", arguments: [id, key, value])
                    }
                }
                logger.debug("history add", metadata: ["added": "\(result.added)", "alreadyStored": "\(result.alreadyStored)"])
                return result
            }
        }
    }

    public func records() throws -> [HistoryRecord] {
        try fetch("SELECT summary, excluded_reason FROM runs ORDER BY (start_us IS NOT NULL), start_us, hash", [])
    }

    public func record(_ hashOrPrefix: String) throws -> HistoryRecord {
        let prefix = hashOrPrefix.lowercased()
        guard prefix.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
            throw BaselineError(.runNotFound, "\"\(hashOrPrefix)\" is not a run hash (hex digits); see tkgqa history list")
        }
        let matches = try fetch("SELECT summary, excluded_reason FROM runs WHERE substr(hash, 1, ?) = ? ORDER BY hash LIMIT 4",
                                [prefix.count, prefix])
        return try HistoryLookup.unique(hashOrPrefix, among: matches, location: location)
    }

    public func setExcluded(_ hashOrPrefix: String, reason: String?) throws -> HistoryRecord {
        var r = try record(hashOrPrefix)
        try guarded("write to") {
            try db.write { db in
                try db.execute(sql: "UPDATE runs SET excluded_reason = ? WHERE hash = ?", arguments: [reason, r.hash])
            }
        }
        r.excludedReason = reason
        return r
    }

    public func baseline(_ query: BaselineQuery) throws -> [RunSummary] {
        var sql = "SELECT r.summary, r.excluded_reason FROM runs r WHERE r.excluded_reason IS NULL"
        var args: [any DatabaseValueConvertible] = []
        if let excluding = query.excluding { sql += " AND r.hash <> ?"; args.append(excluding) }
        if let before = query.before { sql += " AND r.start_us < ?"; args.append(before.microseconds) }
        for (key, value) in query.labels.sorted(by: { $0.key < $1.key }) {
            sql += " AND EXISTS (SELECT 1 FROM run_labels l WHERE l.run_id = r.id AND l.key = ? AND l.value = ?)"
            args.append(key)
            args.append(value)
        }
        sql += " ORDER BY (r.start_us IS NULL), r.start_us DESC, r.hash DESC LIMIT ?"
        args.append(query.limit)
        return try fetch(sql, args).map(\.summary)
    }

    private func fetch(_ sql: String, _ args: [any DatabaseValueConvertible]) throws -> [HistoryRecord] {
        let rows = try guarded("read") {
            try db.read { db in
                try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row -> (String, String?) in
                    (row[0], row[1])
                }
            }
        }
        let decoder = JSONDecoder()
        return try rows.map { json, reason in
            let summary = try RunDocument.decodeSummary(Data(json.utf8), decoder: decoder, source: location)
            return HistoryRecord(summary: summary, excludedReason: reason)
        }
    }
}
