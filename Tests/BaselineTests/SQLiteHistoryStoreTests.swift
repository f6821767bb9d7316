import Foundation
import GRDB
import LogModel
import Testing
@testable import Baseline

@Suite struct SQLiteHistoryStoreTests {
    func code(_ body: () throws -> Void) -> BaselineError.Code? {
        do { try body(); return nil } catch let e as BaselineError { return e.code } catch { return nil }
    }

    @Test func corruptFileIsRefusedAndLeftAlone() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        try FileManager.default.copyItem(atPath: TestSupport.fixture("corrupt.sqlite"), toPath: path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(code { _ = try SQLiteHistoryStore(path: path, create: true) } == .notADatabase)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func truncatedDatabaseIsRefused() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        let store = try SQLiteHistoryStore(path: path, create: true)
        _ = try store.add((0..<50).map { HistoryRecord(summary: TestSupport.run(day: $0, phases: ["p": Double($0)])) })
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for i in stride(from: 100, to: bytes.count, by: 97) { bytes[i] = 0xff }  // header kept, pages scribbled
        try bytes.write(to: URL(fileURLWithPath: path))
        let result = code {
            let s = try SQLiteHistoryStore(path: path, create: false)
            _ = try s.records()
        }
        #expect(result == .notADatabase || result == .badInput)
    }

    @Test func foreignDatabaseIsRefusedAndLeftAlone() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("other.sqlite").path
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)") }
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(code { _ = try SQLiteHistoryStore(path: path, create: true) } == .foreignDatabase)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)

        let other = dir.appendingPathComponent("app.sqlite").path
        try DatabaseQueue(path: other).write { db in try db.execute(sql: "PRAGMA application_id = 12345") }
        #expect(code { _ = try SQLiteHistoryStore(path: other, create: true) } == .foreignDatabase)
    }

    @Test func newerSchemaIsRefused() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        _ = try SQLiteHistoryStore(path: path, create: true)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')") }
        do {
            _ = try SQLiteHistoryStore(path: path, create: true)
            Issue.record("expected a newer-schema error")
        } catch let e as BaselineError {
            #expect(e.code == .newerSchema)
            #expect(e.message.contains("v9-future"))
            #expect(e.message.contains("upgrade tkgqa"))
        }
    }

    @Test func newerSummaryInTheStoreIsRefused() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        let store = try SQLiteHistoryStore(path: path, create: true)
        var s = TestSupport.run(day: 1, phases: ["p": 1])
        s.schemaVersion = 7
        _ = try store.add([HistoryRecord(summary: s)])
        #expect(code { _ = try store.records() } == .newerRun)
    }

    @Test func aFailedAddWritesNothing() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        let store = try SQLiteHistoryStore(path: path, create: true)
        let good = TestSupport.run(day: 1, phases: ["p": 1]), bad = TestSupport.run(day: 2, phases: ["p": 2])
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TRIGGER boom BEFORE INSERT ON run_labels WHEN (SELECT hash FROM runs WHERE id = NEW.run_id) = '\(bad.hash)' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
        }
        #expect(code { _ = try store.add([HistoryRecord(summary: good), HistoryRecord(summary: bad)]) } == .database)
        #expect(try store.records().isEmpty)
    }

    @Test func readersNeverCreateAFile() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sub/h.sqlite").path
        #expect(code { _ = try SQLiteHistoryStore(path: path, create: false) } == .missing)
        #expect(!FileManager.default.fileExists(atPath: path))
        _ = try SQLiteHistoryStore(path: path, create: true)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(code { _ = try SQLiteHistoryStore(path: dir.path, create: true) } == .notADatabase)
    }

    @Test func reopeningKeepsRunsAndMigratesOnce() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h.sqlite").path
        let run = TestSupport.run(day: 1, phases: ["p": 1])
        _ = try SQLiteHistoryStore(path: path, create: true).add([HistoryRecord(summary: run)])
        let again = try SQLiteHistoryStore(path: path, create: false)
        #expect(try again.records().map(\.hash) == [run.hash])
        let appID = try DatabaseQueue(path: path).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
        #expect(appID == SQLiteHistoryStore.applicationID)
    }
}
