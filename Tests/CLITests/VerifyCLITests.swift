import CLITestSupport
import Foundation
import Testing

/// Runs the built `tkgqa verify` on every recorded cluster in `corpora/clusters/` and compares the
/// text, JSON and JUnit reports and the exit code with the golden files in `expected/`.
/// `RECORD_SNAPSHOTS=1` rewrites the golden files and fails the run, so a recording never passes silently.
struct VerifyCLITests {
    static let packageRoot = CLIRunner.packageRoot

    /// Runs the built binary (through the shared `CLIRunner`).
    static func tkgqa(_ arguments: [String]) throws -> CLIRunner.Run { try CLIRunner.run(arguments) }

    static var corpora: [String] {
        let dir = packageRoot + "/corpora/clusters"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: "\(dir)/\($0)/\($0).verify.yaml") }.sorted()
    }

    @Test(arguments: corpora)
    func goldenReports(_ corpus: String) throws {
        let spec = "corpora/clusters/\(corpus)/\(corpus).verify.yaml"
        let expected = "\(Self.packageRoot)/corpora/clusters/\(corpus)/expected"
        let record = ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1"
        var status: Int32 = -1
        for (format, file) in [("text", "report.txt"), ("json", "report.json"), ("junit", "report.junit.xml")] {
            let run = try Self.tkgqa(["verify", spec, "--format", format])
            #expect(run.stderr.isEmpty, "\(run.stderr)")
            status = run.status
            let path = "\(expected)/\(file)"
            if record {
                try FileManager.default.createDirectory(atPath: expected, withIntermediateDirectories: true)
                try run.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                let golden = try String(contentsOfFile: path, encoding: .utf8)
                #expect(run.stdout == golden, "\(spec) --format \(format) differs from \(path); RECORD_SNAPSHOTS=1 re-records")
            }
        }
        let exitPath = "\(expected)/exit-code"
        if record {
            try "\(status)\n".write(toFile: exitPath, atomically: true, encoding: .utf8)
            Issue.record("recorded golden files for \(corpus); review the diff and run again without RECORD_SNAPSHOTS")
        } else {
            let golden = try String(contentsOfFile: exitPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect("\(status)" == golden)
        }
    }

    @Test func outputIsDeterministic() throws {
        let spec = "corpora/clusters/healthy-workload/healthy-workload.verify.yaml"
        let a = try Self.tkgqa(["verify", spec, "--format", "json"]), b = try Self.tkgqa(["verify", spec, "--format", "json"])
        #expect(a.stdout == b.stdout)
    }

    @Test func specErrorExitsTwoWithFileLineColumn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-verify-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let spec = dir + "/bad.verify.yaml"
        try "clusters:\n  mgmt: { snapshot: ./m }\nverify:\n  - nodes-ready: { on: mgmt, within: 5 min }\n".write(toFile: spec, atomically: true, encoding: .utf8)
        let run = try Self.tkgqa(["verify", spec])
        #expect(run.status == 2)
        #expect(run.stderr.contains("\(spec):4:38: nodes-ready: bad duration \"5 min\""), "\(run.stderr)")
    }

    @Test func clusterOverrideAndFailOn() throws {
        let spec = "corpora/clusters/broken-crashloop/broken-crashloop.verify.yaml"
        let healthy = try Self.tkgqa(["verify", spec, "--cluster", "wl1=snapshot:corpora/clusters/healthy-workload/snapshot"])
        #expect(healthy.status == 0, "\(healthy.stdout)\(healthy.stderr)")
        let dump = "corpora/clusters/cluster-info-dump/cluster-info-dump.verify.yaml"
        #expect(try Self.tkgqa(["verify", dump]).status == 3)
        #expect(try Self.tkgqa(["verify", dump, "--fail-on", "inconclusive"]).status == 1)
        #expect(try Self.tkgqa(["verify", dump, "--cluster", "wl1=ctx:x"]).status == 64)
        // A live override is accepted; a context kubectl does not know (or kubectl missing) cannot be evaluated.
        let live = try Self.tkgqa(["verify", dump, "--cluster", "wl1=context:tkgqa-no-such-context", "--kubeconfig", "/dev/null"])
        #expect(live.status == 2, "\(live.stderr)")
    }

    @Test func listChecksAndExplain() throws {
        let list = try Self.tkgqa(["verify", "--list-checks"])
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count == 16)
        let explain = try Self.tkgqa(["verify", "--explain", "corpora/clusters/healthy-workload/healthy-workload.verify.yaml"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("[management cluster] Machine.cluster.x-k8s.io with label cluster.x-k8s.io/cluster-name=tkg-wl1: none where not (Ready=True)"),
                "\(explain.stdout)")
    }
}
