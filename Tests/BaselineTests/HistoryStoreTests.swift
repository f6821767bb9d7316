import Foundation
import LogModel
import Testing
@testable import Baseline

/// The behaviour every `HistoryStore` must have, run against each store. The PostgreSQL cases use a
/// scratch database on the server named by `TKGQA_TEST_POSTGRES_URL` (skipped when it is unset,
/// a failure under `CI=true`).
@Suite struct HistoryStoreTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite, postgres
        var testDescription: String { rawValue }
    }

    /// Whatever must outlive the store and be removed after the test: a folder, a scratch database.
    final class Cleanup {
        var dir: URL?
        var database: AnyObject?
        deinit { if let dir { try? FileManager.default.removeItem(at: dir) } }
    }

    func makeStore(_ kind: Kind) throws -> (any HistoryStore, Cleanup) {
        let cleanup = Cleanup()
        switch kind {
        case .memory: return (InMemoryHistoryStore(), cleanup)
        case .sqlite:
            let dir = TestSupport.tempDirectory()
            cleanup.dir = dir
            return (try SQLiteHistoryStore(path: dir.appendingPathComponent("h.sqlite").path, create: true), cleanup)
        case .postgres:
            let db = try TestPostgres.scratchDatabase()
            cleanup.database = db
            return (try PostgresHistoryStore(target: db.location, create: true), cleanup)
        }
    }

    func cleanup(_ c: Cleanup) { _ = c }

    @Test(arguments: Kind.allCases) func sameRunTwiceIsStoredOnce(kind: Kind) throws {
        let (store, dir) = try makeStore(kind)
        defer { cleanup(dir) }
        let a = TestSupport.run(day: 1, phases: ["control-plane": 400])
        let b = TestSupport.run(day: 2, phases: ["control-plane": 410])
        #expect(try store.add([HistoryRecord(summary: a), HistoryRecord(summary: a)]) == AddResult(added: 1, alreadyStored: 1))
        #expect(try store.add([HistoryRecord(summary: a), HistoryRecord(summary: b)]) == AddResult(added: 1, alreadyStored: 1))
        #expect(try store.records().map(\.hash) == [a.hash, b.hash])
    }

    @Test(arguments: Kind.allCases) func recordsRoundTrip(kind: Kind) throws {
        let (store, dir) = try makeStore(kind)
        defer { cleanup(dir) }
        let a = TestSupport.run(day: 1, phases: ["control-plane": 400.123456], budgets: ["control-plane": 900],
                                loops: ["control-plane": [LoopSummary(id: "cluster-init", state: "ScalingUp", count: 3, totalSeconds: 45, verdict: .slow)]])
        _ = try store.add([HistoryRecord(summary: a)])
        #expect(try store.record(String(a.hash.prefix(8))).summary == a)
    }

    @Test(arguments: Kind.allCases) func lookupByPrefixIsUniqueOrFails(kind: Kind) throws {
        let (store, dir) = try makeStore(kind)
        defer { cleanup(dir) }
        let runs = (0..<40).map { TestSupport.run(day: $0, phases: ["p": Double(100 + $0)]) }
        _ = try store.add(runs.map { HistoryRecord(summary: $0) })
        #expect(try store.record(runs[3].hash).hash == runs[3].hash)
        #expect(throws: BaselineError.self) { try store.record("zz") }
        // 40 runs over 16 first hex digits: some first digit is shared.
        let shared = Dictionary(grouping: runs, by: { $0.hash.prefix(1) }).first { $0.value.count > 1 }!.key
        do {
            _ = try store.record(String(shared))
            Issue.record("expected an ambiguous-run error")
        } catch let error as BaselineError {
            #expect(error.code == .ambiguousRun)
        }
    }

    @Test(arguments: Kind.allCases) func baselineFiltersLabelsTimeAndExclusions(kind: Kind) throws {
        let (store, dir) = try makeStore(kind)
        defer { cleanup(dir) }
        let dev = (0..<30).map { TestSupport.run(day: $0, phases: ["p": Double(100 + $0)], labels: ["plan": "dev", "provider": "vsphere"]) }
        let prod = (0..<5).map { TestSupport.run(day: $0, phases: ["p": Double(200 + $0)], labels: ["plan": "prod", "provider": "vsphere"]) }
        _ = try store.add((dev + prod).map { HistoryRecord(summary: $0) })
        _ = try store.setExcluded(dev[24].hash, reason: "datastore outage")
        let q = BaselineQuery(labels: ["plan": "dev"], before: dev[25].start, excluding: dev[25].hash, limit: 20)
        let got = try store.baseline(q)
        #expect(got.map(\.hash) == (4...23).reversed().map { dev[$0].hash })
        #expect(try store.record(dev[24].hash).excludedReason == "datastore outage")
        _ = try store.setExcluded(dev[24].hash, reason: nil)
        #expect(try store.baseline(q).first?.hash == dev[24].hash)
        let any = try store.baseline(BaselineQuery(labels: [:], before: nil, excluding: nil, limit: 100))
        #expect(any.count == 35)
        #expect(any.first?.hash == dev[29].hash)
        #expect(try store.baseline(BaselineQuery(labels: ["plan": "dev", "testbed": "x"], before: nil, excluding: nil, limit: 5)).isEmpty)
    }

    @Test(arguments: Kind.allCases) func exportImportGivesTheSameGateVerdicts(kind: Kind) throws {
        let (store, dir) = try makeStore(kind)
        defer { cleanup(dir) }
        var rng = SeededRandom(seed: 3)
        let runs = (0..<25).map { TestSupport.run(day: $0, phases: ["control-plane": rng.logNormal(mean: 400, cv: 0.2), "nodes": rng.logNormal(mean: 150, cv: 0.2)]) }
        _ = try store.add(runs.map { HistoryRecord(summary: $0) })
        _ = try store.setExcluded(runs[20].hash, reason: "bad run")
        let exported = try HistoryJSONLines.encode(store.records())

        let (copy, dir2) = try makeStore(kind == .memory ? .sqlite : .memory)
        defer { cleanup(dir2) }
        #expect(try copy.add(HistoryJSONLines.decode(exported, source: "export.jsonl")) == AddResult(added: 25))
        #expect(try HistoryJSONLines.encode(copy.records()) == exported)

        let current = TestSupport.run(day: 30, phases: ["control-plane": 900, "nodes": 150])
        let q = BaselineQuery(labels: ["plan": "dev"], before: current.start, excluding: current.hash, limit: 20)
        let a = Gate().evaluate(current, baseline: try store.baseline(q))
        let b = Gate().evaluate(current, baseline: try copy.baseline(q))
        #expect(a == b)
        #expect(!a.baselineRuns.contains(runs[20].hash))
    }

    /// Issue 10: a history moved SQLite → PostgreSQL → SQLite by export/import keeps every run,
    /// every exclusion and every gate verdict, byte for byte.
    @Test func sqliteToPostgresAndBackGivesTheSameGateVerdicts() throws {
        let (sqlite, c1) = try makeStore(.sqlite)
        let (postgres, c2) = try makeStore(.postgres)
        let (back, c3) = try makeStore(.sqlite)
        defer { cleanup(c1); cleanup(c2); cleanup(c3) }
        var rng = SeededRandom(seed: 10)
        var runs: [RunSummary] = []
        for day in 0..<60 {
            let labels = ["provider": "vsphere", "plan": day % 3 == 0 ? "prod" : "dev", "testbed": "tb\(day % 2)"]
            var phases = ["control-plane": rng.logNormal(mean: 400, cv: 0.2), "nodes": rng.logNormal(mean: 150, cv: 0.2)]
            if day % 7 == 0 { phases["control-plane"]! *= 2 }
            runs.append(TestSupport.run(day: day, phases: phases, labels: labels))
        }
        _ = try sqlite.add(runs.map { HistoryRecord(summary: $0) })
        _ = try sqlite.setExcluded(runs[50].hash, reason: "datastore outage")
        let exported = try HistoryJSONLines.encode(sqlite.records())
        #expect(try postgres.add(HistoryJSONLines.decode(exported, source: "a.jsonl")) == AddResult(added: 60))
        let again = try HistoryJSONLines.encode(postgres.records())
        #expect(again == exported)
        #expect(try back.add(HistoryJSONLines.decode(again, source: "b.jsonl")) == AddResult(added: 60))
        #expect(try HistoryJSONLines.encode(back.records()) == exported)

        var verdicts = 0
        for (i, phases) in [["control-plane": 400.0, "nodes": 150.0], ["control-plane": 1_300, "nodes": 150], ["control-plane": 410, "nodes": 40]].enumerated() {
            for labels in [["plan": "dev"], ["plan": "prod", "testbed": "tb1"], [:]] {
                let current = TestSupport.run(day: 70 + i, phases: phases, labels: labels.merging(["provider": "vsphere"]) { a, _ in a })
                let q = BaselineQuery(labels: labels, before: current.start, excluding: current.hash, limit: 20)
                let reports = try [sqlite, postgres, back].map { Gate().evaluate(current, baseline: try $0.baseline(q)) }
                #expect(reports[0] == reports[1])
                #expect(reports[0] == reports[2])
                #expect(!reports[1].baselineRuns.contains(runs[50].hash))
                verdicts += reports[0].phases.count
            }
        }
        #expect(verdicts > 0)
        let slow = TestSupport.run(day: 80, phases: ["control-plane": 1_300, "nodes": 150])
        let q = BaselineQuery(labels: ["plan": "dev"], before: slow.start, excluding: slow.hash, limit: 20)
        #expect(Gate().evaluate(slow, baseline: try postgres.baseline(q)).phases.first { $0.phase == "control-plane" }?.verdict == .regression)
    }
}
