import Foundation
import Testing

/// `tkgqa summarize`, `history`, `gate` and `diff` end to end: the built binary on timeline JSON files.
@Suite struct GateCLITests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let binary: URL = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tkgqa")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../.build/debug/tkgqa").standardized
    }()

    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../BaselineTests/Fixtures").standardized

    /// A temporary folder for one test: HOME points here too, so the default history never touches the real one.
    final class Sandbox {
        let dir: URL
        init() {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-cli-\(UUID().uuidString)")
            try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: dir) }
        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
        var history: String { "sqlite:" + path("h.sqlite") }

        func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
            let p = Process()
            p.executableURL = GateCLITests.binary
            p.arguments = args
            var env = ProcessInfo.processInfo.environment
            env["HOME"] = dir.path
            env.removeValue(forKey: "XDG_DATA_HOME")
            env.removeValue(forKey: "TKGQA_HISTORY")
            env.merge(environment) { $1 }
            p.environment = env
            p.currentDirectoryURL = dir
            let out = dir.appendingPathComponent(".out-\(UUID().uuidString)"), err = dir.appendingPathComponent(".err-\(UUID().uuidString)")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            p.standardOutput = try FileHandle(forWritingTo: out)
            p.standardError = try FileHandle(forWritingTo: err)
            p.standardInput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
            return Result(status: p.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                          stderr: try String(contentsOf: err, encoding: .utf8))
        }

        /// Writes a workload-create timeline for day `day` of May 2024 and returns its path.
        @discardableResult
        func timeline(day: Int, controlPlane: Double, nodes: Double = 150, name: String? = nil, plan: String = "dev") -> String {
            let start = "2024-05-\(day < 10 ? "0" : "")\(day)T10:00:00.000000Z"
            let json = """
            {"schemaVersion": 1, "inputs": ["wl-\(day).log"], "unknownLoops": [], "findings": [],
             "operations": [{"kind": "workload-create", "cluster": "wl-\(day)", "outcome": "ok", "start": "\(start)",
               "durationSeconds": \(controlPlane + nodes), "instant": false, "facts": {"provider": "vsphere", "plan": "\(plan)"}, "evidence": {},
               "phases": [
                 {"id": "control-plane", "outcome": "ok", "durationSeconds": \(controlPlane), "evidence": {}, "phases": [], "loops": []},
                 {"id": "nodes", "outcome": "ok", "durationSeconds": \(nodes), "evidence": {}, "phases": [], "loops": []}]}]}
            """
            let file = path(name ?? "run-\(day).json")
            try! json.write(toFile: file, atomically: true, encoding: .utf8)
            return file
        }

        /// Ten steady runs (days 1-10) added to the sandbox history.
        func steadyHistory() throws {
            let files = (1...10).map { timeline(day: $0, controlPlane: 390 + Double($0 % 3) * 10) }
            let r = try run(["history", "add", "--history", history] + files)
            precondition(r.status == 0, r.stderr)
        }
    }

    @Test func summarizeIsDeterministicAndLabelled() throws {
        let box = Sandbox()
        let input = box.timeline(day: 1, controlPlane: 400)
        let a = try box.run(["summarize", input, "--label", "testbed=lab-3", "-o", box.path("a.json")])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try box.run(["summarize", input, "--label", "testbed=lab-3"])
        #expect(try String(contentsOfFile: box.path("a.json"), encoding: .utf8) == b.stdout)
        #expect(b.stdout.contains("\"testbed\" : \"lab-3\""))
        #expect(b.stdout.contains("\"phase\" : \"control-plane\""))
        let bad = try box.run(["summarize", input, "--label", "nokey"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--label \"nokey\" is not k=v"))
    }

    @Test func historyAddListShowExcludeExportImport() throws {
        let box = Sandbox()
        let files = (1...6).map { box.timeline(day: $0, controlPlane: 400 + Double($0)) }
        let add = try box.run(["history", "add", "--history", box.history] + files + [files[0]])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout == "added 6 runs, 1 already stored (\(box.path("h.sqlite")))\n")
        #expect(add.stderr.isEmpty)  // no progress bar when stderr is not a terminal

        let list = try box.run(["history", "list", "--history", box.history])
        #expect(list.stdout.hasPrefix("RUN           START                     OUTCOME  DURATION  LABELS"))
        #expect(list.stdout.hasSuffix("6 runs\n"))
        let json = try box.run(["history", "list", "--history", box.history, "--format", "json"])
        let listing = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let runs = try #require(listing?["runs"] as? [[String: Any]])
        #expect(runs.count == 6)
        let first = try #require(runs.first?["hash"] as? String)

        let show = try box.run(["history", "show", "--history", box.history, String(first.prefix(10))])
        #expect(show.status == 0)
        #expect(show.stdout.hasPrefix("run \(first)\nstart 2024-05-01T10:00:00.000Z"))
        let exclude = try box.run(["history", "exclude", "--history", box.history, String(first.prefix(10)), "--reason", "datastore outage"])
        #expect(exclude.stdout == "excluded run \(first.prefix(12)): datastore outage\n")
        #expect(try box.run(["history", "list", "--history", box.history]).stdout.contains("datastore outage"))

        let export = try box.run(["history", "export", "--history", box.history, "-o", box.path("h.jsonl")])
        #expect(export.status == 0)
        let imported = try box.run(["history", "import", "--history", "sqlite:" + box.path("copy.sqlite"), box.path("h.jsonl")])
        #expect(imported.stdout.hasPrefix("imported 6 runs, 0 already stored"))
        let again = try box.run(["history", "export", "--history", "sqlite:" + box.path("copy.sqlite")])
        #expect(again.stdout == (try String(contentsOfFile: box.path("h.jsonl"), encoding: .utf8)))

        let missing = try box.run(["history", "show", "--history", box.history, "abcdef"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no run \"abcdef\""))
    }

    @Test func historyAddWithOneBadFileAddsNothing() throws {
        let box = Sandbox()
        let good = box.timeline(day: 1, controlPlane: 400)
        let r = try box.run(["history", "add", "--history", box.history, good, (Self.fixtures.appendingPathComponent("newer-schema.summary.json")).path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("schema version 99, newer than this tkgqa reads (1); upgrade tkgqa"))
        #expect(r.stderr.contains("nothing was added"))
        #expect(try box.run(["history", "list", "--history", box.history]).stdout.hasSuffix("0 runs\n"))
    }

    @Test func gateExitCodes() throws {
        let box = Sandbox()
        try box.steadyHistory()
        let same = try box.run(["gate", box.timeline(day: 20, controlPlane: 405), "--history", box.history])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(same.stdout.contains("workload-create  control-plane  400.0s    10.0s  10  405.0s   +1.3% (+5.0s)"))
        #expect(same.stdout.contains("result: PASS"))

        let slow = try box.run(["gate", box.timeline(day: 21, controlPlane: 800), "--history", box.history])
        #expect(slow.status == 1)
        #expect(slow.stdout.contains("regression"))

        let thin = try box.run(["gate", box.timeline(day: 22, controlPlane: 400, plan: "prod"), "--history", box.history])
        #expect(thin.status == 0)
        #expect(thin.stderr.contains("warning: 3 phases have fewer than 5 baseline runs (0 matched)"))
        let strict = try box.run(["gate", "--fail-on", "insufficient", box.path("run-22.json"), "--history", box.history])
        #expect(strict.status == 3)
        let anyPlan = try box.run(["gate", box.path("run-22.json"), "--history", box.history, "--match", "provider"])
        #expect(anyPlan.status == 0)
        #expect(anyPlan.stdout.contains("baseline: 10 runs"))

        let stuck = try box.run(["gate", Self.fixtures.appendingPathComponent("workload-create-stuck.timeline.json").path, "--history", box.history])
        #expect(stuck.status == 1)
        #expect(stuck.stdout.contains("loop cluster-init stuck in workload-create/control-plane"))

        let none = try box.run(["gate", box.timeline(day: 23, controlPlane: 400), "--history", "sqlite:" + box.path("absent.sqlite")])
        #expect(none.status == 0)
        #expect(none.stderr.contains("does not exist yet: no baseline"))
        #expect(!FileManager.default.fileExists(atPath: box.path("absent.sqlite")))
    }

    @Test(arguments: ["json", "junit", "markdown"])
    func gateFormats(format: String) throws {
        let box = Sandbox()
        try box.steadyHistory()
        let r = try box.run(["gate", box.timeline(day: 21, controlPlane: 800), "--history", box.history, "--format", format, "-o", box.path("out")])
        #expect(r.status == 1)
        let text = try String(contentsOfFile: box.path("out"), encoding: .utf8)
        switch format {
        case "json":
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            let phases = try #require(object["phases"] as? [[String: Any]])
            #expect(phases.contains { $0["phase"] as? String == "control-plane" && $0["verdict"] as? String == "regression" && $0["baselineMedian"] as? Double == 400 })
        case "junit": #expect(text.contains("<failure message=\"regression: baseline 400.0s"))
        default: #expect(text.contains("| workload-create | control-plane | 400.0s | 10.0s | 10 | 800.0s | +100.0% (+400.0s) | **regression** |"))
        }
    }

    @Test func unreadableInputsAndHistoriesExitTwo() throws {
        let box = Sandbox()
        let run = box.timeline(day: 1, controlPlane: 400)
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("corrupt.sqlite").path, toPath: box.path("corrupt.sqlite"))
        let before = try Data(contentsOf: URL(fileURLWithPath: box.path("corrupt.sqlite")))
        for args in [["gate", run, "--history", "sqlite:corrupt.sqlite"], ["history", "add", run, "--history", "corrupt.sqlite"]] {
            let r = try box.run(args)
            #expect(r.status == 2)
            #expect(r.stderr == "tkgqa: \"corrupt.sqlite\" is not a tkgqa history (not an SQLite database); name another file with --history sqlite:PATH, or move this one away\n")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: box.path("corrupt.sqlite"))) == before)

        // A password in a postgres:// URL is refused before any connection, and never echoed.
        let pg = try box.run(["history", "add", run, "--history", "postgres://qa:s3cret@127.0.0.1:5432/tkgqa"])
        #expect(pg.status == 2)
        #expect(pg.stderr == "tkgqa: --history postgres://...: the URL holds a password, which would show in logs and process lists; remove it and set PGPASSWORD or a ~/.pgpass entry instead\n")
        let foo = try box.run(["gate", run, "--history", "foo://bar"])
        #expect(foo.status == 2)
        #expect(foo.stderr.contains("unknown history store \"foo://\""))

        let newer = try box.run(["gate", Self.fixtures.appendingPathComponent("newer-schema.summary.json").path, "--history", box.history])
        #expect(newer.status == 2)
        #expect(newer.stderr.contains("newer than this tkgqa reads (1); upgrade tkgqa"))
        let foreign = try box.run(["diff", run, Self.fixtures.appendingPathComponent("not-a-run.json").path])
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("is neither a timeline nor a run summary"))
        let log = try box.run(["summarize", box.path("create.log")])
        #expect(log.status == 2)
        #expect(log.stderr.contains("create.log: no such file"))
    }

    @Test func defaultHistoryLivesUnderHome() throws {
        let box = Sandbox()
        let r = try box.run(["history", "add", box.timeline(day: 1, controlPlane: 400)])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: box.path(".local/share/tkgqa/history.sqlite")))
    }

    @Test func diffShowsGrownPhases() throws {
        let box = Sandbox()
        let a = box.timeline(day: 1, controlPlane: 400), b = box.timeline(day: 2, controlPlane: 600, nodes: 100)
        let r = try box.run(["diff", a, b])
        #expect(r.status == 0)
        #expect(r.stdout.contains("workload-create  control-plane  400.0s  600.0s  +50.0% (+200.0s)  grew"))
        #expect(r.stdout.contains("workload-create  nodes          150.0s  100.0s  -33.3% (-50.0s)   shrank"))
        #expect(r.stdout.hasSuffix("2 grew, 1 shrank, 0 new, 0 gone, 0 outcome changes, 0 loop changes\n"))
    }
}
