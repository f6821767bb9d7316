import Foundation
import LogModel
import Testing
@testable import Baseline

/// The behaviour every `HistoryStore` must have, run against each store (PostgreSQL joins the list later).
@Suite struct HistoryStoreTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case memory, sqlite
        var testDescription: String { rawValue }
    }

    func makeStore(_ kind: Kind) throws -> (any HistoryStore, URL?) {
        switch kind {
        case .memory: return (InMemoryHistoryStore(), nil)
        case .sqlite:
            let dir = TestSupport.tempDirectory()
            return (try SQLiteHistoryStore(path: dir.appendingPathComponent("h.sqlite").path, create: true), dir)
        }
    }

    func cleanup(_ dir: URL?) { if let dir { try? FileManager.default.removeItem(at: dir) } }

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
}
