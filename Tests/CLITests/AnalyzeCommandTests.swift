import CLITestSupport
import Foundation
import Testing

/// `tkgqa analyze`: exit codes, JSON shape, usage errors and help.
struct AnalyzeCommandTests {
    @Test(arguments: [
        ("corpora/workload-create-scalingup/input.log", Int32(0)),
        ("corpora/workload-create-cp-timeout/input.log", 1),
        ("corpora/workload-create-truncated/input.log", 1),
        ("corpora/controller-log-fragment/input.log", 3),
    ])
    func exitCodes(_ log: String, _ status: Int32) throws {
        let run = try CLIRunner.run(["analyze", log])
        #expect(run.status == status, "\(run.stdout)\(run.stderr)")
        #expect(!run.stdout.isEmpty)
    }

    @Test func verdictLineMatchesTheExitCode() throws {
        let ok = try CLIRunner.run(["analyze", "corpora/workload-create-scalingup/input.log"])
        #expect(CLIRunner.lines(ok.stdout).last?.hasPrefix("verdict: ok") == true, "\(ok.stdout)")
        let failed = try CLIRunner.run(["analyze", "corpora/workload-create-cp-timeout/input.log"])
        #expect(CLIRunner.lines(failed.stdout).last?.hasPrefix("verdict: failed") == true, "\(failed.stdout)")
    }

    @Test func jsonOutputDecodes() throws {
        let run = try CLIRunner.run(["analyze", "--format", "json", "corpora/workload-create-scalingup/input.log"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        #expect(object["inputs"] as? [String] == ["corpora/workload-create-scalingup/input.log"])
        let operations = try #require(object["operations"] as? [[String: Any]])
        let create = try #require(operations.first { $0["kind"] as? String == "workload-create" })
        #expect(create["outcome"] as? String == "ok")
        #expect((create["phases"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test func outputIsDeterministic() throws {
        let a = try CLIRunner.run(["analyze", "--format", "json", "corpora/workload-create-cp-timeout/input.log"])
        let b = try CLIRunner.run(["analyze", "--format", "json", "corpora/workload-create-cp-timeout/input.log"])
        #expect(a.stdout == b.stdout)
    }

    @Test func noColorWhenNotATerminal() throws {
        let run = try CLIRunner.run(["analyze", "corpora/workload-create-cp-timeout/input.log"])
        #expect(!run.stdout.contains("\u{1B}["))
        let forced = try CLIRunner.run(["analyze", "--color", "corpora/workload-create-cp-timeout/input.log"])
        #expect(forced.stdout.contains("\u{1B}["))
    }

    @Test func usageErrorWithoutALog() throws {
        let run = try CLIRunner.run(["analyze"])
        #expect(run.status == 64)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("<log>"), "\(run.stderr)")
    }

    @Test func unknownFormatIsAUsageError() throws {
        #expect(try CLIRunner.run(["analyze", "--format", "yaml", "corpora/workload-create-scalingup/input.log"]).status == 64)
    }

    @Test func unreadableInputExitsTwo() throws {
        let run = try CLIRunner.run(["analyze", "/nonexistent/tkgqa/missing.log"])
        #expect(run.status == 2)
        #expect(run.stderr == "tkgqa: /nonexistent/tkgqa/missing.log: no such file\n")
    }

    /// Every corpus log, and a generated log long enough to fill the hand-over between the threads
    /// many times: one thread and two give the same bytes.
    @Test func oneThreadAndTwoGiveTheSameOutput() throws {
        let dir = try CLIRunner.tempDir()
        let generated = dir + "/generated.log"
        #expect(try CLIRunner.run(["generate", "--size", "3M", "--seed", "7", "--noise", "2", "-o", generated]).status == 0)
        let corpora = try FileManager.default.contentsOfDirectory(atPath: CLIRunner.packageRoot + "/corpora").sorted()
            .map { "corpora/\($0)/input.log" }
            .filter { FileManager.default.fileExists(atPath: CLIRunner.packageRoot + "/" + $0) }
        #expect(corpora.count >= 20)
        for log in corpora + [generated] {
            for format in ["json", "text"] {
                let one = try CLIRunner.run(["analyze", "--jobs", "1", "--format", format, log])
                let two = try CLIRunner.run(["analyze", "--jobs", "2", "--format", format, log])
                #expect(one.status == two.status, "\(log)")
                #expect(one.stdout == two.stdout, "\(log) \(format)")
                #expect(!one.stdout.isEmpty)
            }
        }
    }

    @Test func jobsOutOfRangeIsAUsageError() throws {
        for jobs in ["0", "3"] {
            let run = try CLIRunner.run(["analyze", "--jobs", jobs, "corpora/workload-create-scalingup/input.log"])
            #expect(run.status == 64)
            #expect(run.stderr.contains("--jobs \(jobs): use 1 or 2"), "\(run.stderr)")
        }
    }

    @Test func unreadableInputExitsTwoOnEitherThreadCount() throws {
        for jobs in ["1", "2"] {
            let run = try CLIRunner.run(["analyze", "--jobs", jobs, "/nonexistent/tkgqa/missing.log"])
            #expect(run.status == 2)
            #expect(run.stderr == "tkgqa: /nonexistent/tkgqa/missing.log: no such file\n")
            let binary = try CLIRunner.run(["analyze", "--jobs", jobs, "-"], stdin: Data([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0]))
            #expect(binary.status == 2, "\(binary.all)")
            #expect(binary.stdout.isEmpty)
        }
    }

    @Test func helpMentionsTheExitCodes() throws {
        let run = try CLIRunner.run(["analyze", "--help"])
        #expect(run.status == 0)
        let help = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("Exit codes: 0 every operation succeeded; 1 an operation failed or was left open"), "\(run.stdout)")
        #expect(help.contains("2 a log or the patterns could not be read"))
        #expect(help.contains("3 the log holds no operation tkgqa recognises"))
    }
}
