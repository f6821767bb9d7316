import Foundation
import LogModel
import LogScan
import Patterns
import Phases
import Reporting
import Testing
import Yams

/// Golden tests over `corpora/<scenario>/`: each scenario's logs are analyzed and compared with
/// `expected/timeline.json` and `expected/events.jsonl`, and checked against the human-written
/// expectations in `scenario.yaml` (operations, phases, loops, exit code, planted secrets).
/// `RECORD_SNAPSHOTS=1` re-records the golden files and fails the run, so a recording never passes silently.
@Suite struct CorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let corpora = root.appendingPathComponent("corpora")

    static var scenarios: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpora.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: corpora.appendingPathComponent($0).appendingPathComponent("scenario.yaml").path) }.sorted()
    }

    struct Scenario {
        var inputs: [String]
        var args: [String]
        var expect: [String: Any]
    }

    static func load(_ name: String) throws -> Scenario {
        let text = try String(contentsOf: corpora.appendingPathComponent(name).appendingPathComponent("scenario.yaml"), encoding: .utf8)
        let yaml = try Yams.load(yaml: text) as? [String: Any] ?? [:]
        return Scenario(inputs: yaml["inputs"] as? [String] ?? ["input.log"], args: (yaml["args"] as? [Any])?.map { "\($0)" } ?? [],
                        expect: yaml["expect"] as? [String: Any] ?? [:])
    }

    static func analyze(_ name: String, _ scenario: Scenario) throws -> (Timeline, String, String) {
        var options = ScanOptions()
        var i = 0
        while i < scenario.args.count {
            if scenario.args[i] == "--year", i + 1 < scenario.args.count { options.year = Int(scenario.args[i + 1]) }
            if scenario.args[i] == "--tz", i + 1 < scenario.args.count { options.utcOffsetSeconds = LogClock.parseOffset(scenario.args[i + 1]) }
            i += 1
        }
        let patterns = try PatternSet.embedded()
        let paths = scenario.inputs.map { corpora.appendingPathComponent(name).appendingPathComponent($0).path }
        let names = scenario.inputs.map { "corpora/\(name)/\($0)" }
        let timeline = try Analyzer(patterns: patterns, options: options).analyze(paths: paths, names: names, merge: paths.count > 1)
        // Events through the same writer `tkgqa events` uses.
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-events-\(name)-\(UUID().uuidString).jsonl")
        FileManager.default.createFile(atPath: tmp.path, contents: nil)
        let handle = try FileHandle(forWritingTo: tmp)
        let out = ByteWriter(fd: handle.fileDescriptor)
        let writer = EventJSONWriter(out: out)
        let scanner = LogScanner(patterns: patterns, options: options)
        for (path, displayName) in zip(paths, names) { _ = try scanner.scan(path: path, name: displayName) { writer.write($0) } }
        out.flush()
        try handle.close()
        let events = try String(contentsOf: tmp, encoding: .utf8)
        try? FileManager.default.removeItem(at: tmp)
        return (timeline, try JSONTimeline.render(timeline), events)
    }

    static func golden(_ name: String, _ file: String, _ actual: String) {
        let url = corpora.appendingPathComponent(name).appendingPathComponent("expected").appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("recorded \(url.path); unset RECORD_SNAPSHOTS and run again")
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.path); run with RECORD_SNAPSHOTS=1 to create it")
            return
        }
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(e, a).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(e.count, a.count)
            Issue.record("\(name)/expected/\(file) differs at line \(first + 1):\n- \(first < e.count ? e[first] : "<end>")\n+ \(first < a.count ? a[first] : "<end>")")
        }
    }

    @Test(arguments: scenarios)
    func goldenOutputsMatch(_ name: String) throws {
        let scenario = try Self.load(name)
        let (_, json, events) = try Self.analyze(name, scenario)
        Self.golden(name, "timeline.json", json)
        Self.golden(name, "events.jsonl", events)
    }

    @Test(arguments: scenarios)
    func meetsTheScenarioExpectations(_ name: String) throws {
        let scenario = try Self.load(name)
        let (timeline, json, events) = try Self.analyze(name, scenario)
        let expect = scenario.expect

        let exit: Int
        switch timeline.verdict {
        case .ok: exit = 0
        case .failed, .open: exit = 1
        case .none: exit = 3
        }
        #expect(exit == expect["exit"] as? Int ?? 0, "\(name): exit code")

        let wanted = expect["operations"] as? [[String: Any]] ?? []
        let got = timeline.operations.map { "\($0.kind) \($0.cluster ?? "-") \($0.outcome.rawValue)" }
        let want = wanted.map { "\($0["kind"] ?? "") \(($0["cluster"] as? String) ?? "-") \($0["outcome"] ?? "")" }
        #expect(got == want, "\(name): operations")

        for w in wanted {
            guard let op = timeline.operations.first(where: { $0.kind == w["kind"] as? String && $0.cluster == w["cluster"] as? String }),
                  let phases = w["phases"] as? [String] else { continue }
            let ids = op.phases.map { op.kind == Operation.harnessKind ? ($0.title ?? $0.id) : $0.id }
            #expect(ids == phases, "\(name): \(op.kind) phases")
            if let failure = expect["failure"] as? String, op.outcome == .failed {
                let message = op.error?.message ?? ""
                #expect(message.contains(String(failure.prefix(60))) || failure.contains(String(message.prefix(60))), "\(name): failure text")
            }
        }

        var loops: [Loop] = []
        func walk(_ p: Phase) { loops += p.loops; p.phases.forEach(walk) }
        timeline.operations.forEach { $0.phases.forEach(walk) }
        for l in expect["loops"] as? [[String: Any]] ?? [] where (l["optional"] as? Bool) != true {
            let state = "\(l["state"] ?? "")"
            let matching = loops.filter { $0.state == state || $0.state.contains(state) || state.contains($0.state) }
            let match = matching.first { $0.count == l["polls"] as? Int && $0.verdict.rawValue == l["verdict"] as? String }
            #expect(match != nil, "\(name): loop \(state) ×\(l["polls"] ?? "?") \(l["verdict"] ?? "?"); have \(matching.map { "\($0.state) ×\($0.count) \($0.verdict.rawValue)" })")
        }
        for u in expect["unknownLoops"] as? [[String: Any]] ?? [] {
            let shape = "\(u["contains"] ?? "")"
            #expect(timeline.unknownLoops.contains { $0.shape.contains(shape) && $0.count >= (u["minCount"] as? Int ?? 1) },
                    "\(name): unknown loop containing \(shape)")
        }
        for secret in expect["secrets"] as? [String] ?? [] {
            #expect(!json.contains(secret) && !events.contains(secret), "\(name): secret \(secret) leaked")
            #expect(!TerminalTimeline().render(timeline).contains(secret), "\(name): secret leaked in text output")
        }
    }
}

/// The hand-written JSON of `analyze --format json` decodes to exactly the timeline it was written
/// from (and so to what Foundation's `JSONEncoder` would have written).
@Suite struct TimelineJSONRoundTripTests {
    @Test(arguments: CorpusTests.scenarios)
    func jsonDecodesToTheSameTimeline(_ name: String) throws {
        let scenario = try CorpusTests.load(name)
        let (timeline, json, _) = try CorpusTests.analyze(name, scenario)
        let decoded = try JSONDecoder().decode(Timeline.self, from: Data(json.utf8))
        #expect(decoded == timeline)
    }
}
