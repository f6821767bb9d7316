import Foundation
import LogModel
import Testing
@testable import Baseline

/// What only the PostgreSQL store has: its schema table, concurrent writers, and the errors of a
/// server that is down, refuses the login, hangs, or was migrated by a newer tkgqa.
@Suite struct PostgresHistoryStoreTests {
    @Test func schemaVersionIsRecordedAndReadOnlyOpenNeedsTables() throws {
        let db = try TestPostgres.scratchDatabase()
        let e = try #require(throws: BaselineError.self) { _ = try PostgresHistoryStore(target: db.location, create: false) }
        #expect(e.code == .missing)
        #expect(e.message == "history \(db.url) has no tkgqa tables yet; add runs first with tkgqa history add")
        let store = try PostgresHistoryStore(target: db.location, create: true)
        _ = try store.add([HistoryRecord(summary: TestSupport.run(day: 1, phases: ["p": 1]))])
        store.close()
        // Opening again finds the current version and migrates nothing.
        let again = try PostgresHistoryStore(target: db.location, create: false)
        #expect(try again.records().count == 1)
    }

    @Test func aNewerSchemaIsRefusedBeforeAnythingIsWritten() throws {
        let db = try TestPostgres.scratchDatabase()
        _ = try PostgresHistoryStore(target: db.location, create: true)
        try db.execute("INSERT INTO tkgqa_schema_version (version, description) VALUES (\(PostgresHistoryStore.schemaVersion + 1), 'from the future')")
        for create in [false, true] {
            let e = try #require(throws: BaselineError.self) { _ = try PostgresHistoryStore(target: db.location, create: create) }
            #expect(e.code == .newerSchema)
            #expect(e.message == "history \(db.url) was written by a newer tkgqa (schema version \(PostgresHistoryStore.schemaVersion + 1); this tkgqa knows \(PostgresHistoryStore.schemaVersion)); upgrade tkgqa to read it")
        }
    }

    @Test func storesAddingAtOnceNeverLoseOrDuplicateARun() throws {
        let db = try TestPostgres.scratchDatabase()
        let writers = 4, shared = 40
        // Each writer adds its own runs plus the same shared ones, in its own order.
        let sharedRuns = (0..<shared).map { TestSupport.run(day: $0, phases: ["p": Double($0)], labels: ["plan": "shared"]) }
        let own = (0..<writers).map { w in (0..<60).map { TestSupport.run(day: $0, phases: ["p": Double(1000 * (w + 1) + $0)]) } }
        let results = Locked<[AddResult]>([])
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: writers) { w in
            do {
                let store = try PostgresHistoryStore(target: db.location, create: true)
                var batch = (own[w] + sharedRuns).map { HistoryRecord(summary: $0) }
                if w % 2 == 1 { batch.reverse() }
                // Several transactions per writer, interleaving with the others.
                for part in batch.chunked(25) {
                    let r = try store.add(Array(part))
                    results.mutate { $0.append(r) }
                }
            } catch { failures.mutate { $0.append("\(error)") } }
        }
        #expect(failures.value.isEmpty, "\(failures.value)")
        let store = try PostgresHistoryStore(target: db.location, create: false)
        let hashes = try store.records().map(\.hash)
        #expect(hashes.count == writers * 60 + shared)
        #expect(Set(hashes).count == hashes.count)
        // Every shared run was added by exactly one writer and found stored by the three others.
        #expect(results.value.map(\.added).reduce(0, +) == writers * 60 + shared)
        #expect(results.value.map(\.alreadyStored).reduce(0, +) == (writers - 1) * shared)
    }

    @Test func connectionRefusedIsOneClearErrorAtOnce() throws {
        let port = try Self.closedPort()
        let started = Date()
        let e = try #require(throws: BaselineError.self) { _ = try PostgresHistoryStore(target: PostgresLocation(user: "qa", host: "127.0.0.1", port: port, database: "h"), create: true, connectTimeout: 5) }
        #expect(e.code == .unreachable)
        #expect(e.description == "cannot reach PostgreSQL at 127.0.0.1:\(port): connection refused; check that the server runs and --history names its host and port")
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aServerThatNeverAnswersTimesOut() throws {
        // A socket that listens but never accepts: the TCP handshake completes in the kernel's
        // backlog and then nothing ever comes back, as with a hung server.
        let (fd, port) = try Self.silentListener()
        defer { close(fd) }
        let started = Date()
        let e = try #require(throws: BaselineError.self) { _ = try PostgresHistoryStore(target: PostgresLocation(user: "qa", host: "127.0.0.1", port: port, database: "h"), create: true, connectTimeout: 1) }
        #expect(e.code == .unreachable)
        #expect(e.message.contains("within 1 s (--connect-timeout)"), "\(e)")
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.9 && elapsed < 4, "took \(elapsed) s")
    }

    @Test func aWrongPasswordIsAnAuthenticationError() throws {
        let db = try TestPostgres.scratchDatabase()
        let refused = try #require(throws: BaselineError.self) { _ = try PostgresHistoryStore(target: db.location, create: true, environment: ["PGPASSWORD": "wrong"]) }
        #expect(refused.code == .authentication)
        #expect(refused.message.hasPrefix("PostgreSQL at \(db.location.host):\(db.location.port) refused user \"\(db.location.user)\""), "\(refused)")
        #expect(refused.message.hasSuffix("check PGPASSWORD or the ~/.pgpass line for it"))
        #expect(!refused.description.contains("wrong"))
        let noPassword = try #require(throws: BaselineError.self) { _ = try PostgresHistoryStore(target: db.location, create: true, environment: ["HOME": "/nonexistent"]) }
        #expect(noPassword.code == .authentication)
        #expect(noPassword.message.contains("asks for a password"), "\(noPassword)")
    }

    @Test func aMissingDatabaseIsNamed() throws {
        let server = try TestPostgres.scratchDatabase().admin
        var target = server
        target.database = "tkgqa_no_such_db"
        #expect(throws: BaselineError(.database, "database \"tkgqa_no_such_db\" does not exist on PostgreSQL at \(server.host):\(server.port); create it (createdb tkgqa_no_such_db) or name another in --history")) {
            try PostgresHistoryStore(target: target, create: true)
        }
    }

    @Test func theGateQueryUsesTheIndexes() throws {
        let db = try TestPostgres.scratchDatabase()
        let store = try PostgresHistoryStore(target: db.location, create: true)
        let runs = (0..<3000).map { TestSupport.run(day: $0, phases: ["p": Double($0)], labels: ["plan": $0 % 10 == 0 ? "prod" : "dev", "provider": "vsphere"]) }
        _ = try store.add(runs.map { HistoryRecord(summary: $0) })
        // add analyzed the tables itself (a bulk add): the planner has statistics at once.
        try db.execute("DO $$ BEGIN IF (SELECT count(*) FROM pg_stats WHERE tablename = 'tkgqa_run_labels') = 0 THEN RAISE 'no statistics'; END IF; END $$")
        let q = BaselineQuery(labels: ["plan": "prod", "provider": "vsphere"], before: runs[2999].start, excluding: nil, limit: 20)
        let got = try store.baseline(q)
        #expect(got.map(\.hash) == Array(stride(from: 2990, through: 0, by: -10).prefix(20)).map { runs[$0].hash })
    }

    /// A port on 127.0.0.1 nobody listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let (fd, port) = try silentListener()
        close(fd)
        return port
    }

    /// A listening socket on 127.0.0.1 that is never accepted from.
    static func silentListener() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && listen(fd, 8) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { close(fd); throw POSIXError(.EADDRINUSE) }
        return (fd, Int(UInt16(bigEndian: addr.sin_port)))
    }
}

/// A value shared between threads of a test.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ body: (inout T) -> Void) { lock.lock(); defer { lock.unlock() }; body(&stored) }
}
