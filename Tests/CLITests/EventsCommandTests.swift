import CLITestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tkgqa events`: JSON Lines out, one clear error line and exit 2 for input that is not a log.
struct EventsCommandTests {
    @Test func writesJSONLines() throws {
        let run = try CLIRunner.run(["events", "corpora/workload-create-scalingup/input.log"])
        #expect(run.status == 0)
        #expect(run.stderr.isEmpty, "\(run.stderr)")
        let lines = CLIRunner.lines(run.stdout)
        #expect(lines.count > 10)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["kind"] is String && object?["line"] is Int && object?["fields"] is [String: Any], "\(line)")
        }
    }

    /// Body keys and the rendered-JSON cache are per scan: a second log must not reuse the first
    /// one's cached text under a key that now names another body.
    @Test func severalLogsInOneRunMatchSeparateRuns() throws {
        let a = "corpora/workload-create-scalingup/input.log", b = "corpora/mc-create-vsphere/input.log"
        let both = try CLIRunner.run(["events", a, b, a])
        let first = try CLIRunner.run(["events", a])
        let second = try CLIRunner.run(["events", b])
        #expect(both.status == 0)
        #expect(both.stdout == first.stdout + second.stdout + first.stdout)
    }

    @Test func readsStandardInput() throws {
        let run = try CLIRunner.run(["events", "-"], stdin: Data("Validating configuration...\n".utf8))
        #expect(run.status == 0)
        #expect(run.stdout.contains(#""kind":"validating-configuration","file":"<stdin>","line":1"#), "\(run.stdout)")
    }

    @Test func missingFile() throws {
        let run = try CLIRunner.run(["events", "/nonexistent/tkgqa/missing.log"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "tkgqa: /nonexistent/tkgqa/missing.log: no such file\n")
    }

    @Test func directory() throws {
        let dir = try CLIRunner.tempDir()
        let run = try CLIRunner.run(["events", dir])
        #expect(run.status == 2)
        #expect(run.stderr == "tkgqa: \(dir): is a directory, expected a log file\n")
    }

    @Test(.enabled(if: getuid() != 0, "root reads a chmod 000 file anyway, so the error cannot happen when the tests run as root"))
    func unreadableFile() throws {
        let dir = try CLIRunner.tempDir()
        let path = dir + "/secret.log"
        try "Validating configuration...\n".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0)
        defer { chmod(path, 0o644) }
        let run = try CLIRunner.run(["events", path])
        #expect(run.status == 2)
        #expect(CLIRunner.lines(run.stderr).count == 1)
        #expect(run.stderr.hasPrefix("tkgqa: \(path): cannot open: "), "\(run.stderr)")
    }

    @Test func binaryFile() throws {
        let dir = try CLIRunner.tempDir()
        // Deterministic high-entropy bytes (an LCG), like a compressed or executable file.
        var state: UInt32 = 12345
        var bytes = [UInt8]()
        for _ in 0..<(64 * 1024) {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        let path = dir + "/core.bin"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let run = try CLIRunner.run(["events", path])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(CLIRunner.lines(run.stderr).count == 1)
        #expect(run.stderr.hasPrefix("tkgqa: \(path): binary data ("), "\(run.stderr)")
    }

    @Test func elfExecutable() throws {
        // The tkgqa binary itself: a real binary file.
        let run = try CLIRunner.run(["events", CLIRunner.binary])
        #expect(run.status == 2)
        #expect(CLIRunner.lines(run.stderr).count == 1)
        #expect(run.stderr.contains("expected a text log"), "\(run.stderr)")
    }

    @Test func gzipFileGetsAHint() throws {
        let dir = try CLIRunner.tempDir()
        let path = dir + "/run.log.gz"
        try Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 0x4B, 0x4C]).write(to: URL(fileURLWithPath: path))
        let run = try CLIRunner.run(["events", path])
        #expect(run.status == 2)
        #expect(run.stderr == "tkgqa: \(path): gzip-compressed input; decompress it first, e.g. `gunzip -c \(path) | tkgqa events -`\n")
    }

    @Test func goodLogsStillPrintWhenAnotherFails() throws {
        let run = try CLIRunner.run(["events", "/nonexistent/a.log", "corpora/workload-create-scalingup/input.log"])
        #expect(run.status == 2)
        #expect(CLIRunner.lines(run.stderr).count == 1)
        #expect(!run.stdout.isEmpty)
    }

    @Test func brokenPatternFolderExitsTwo() throws {
        let dir = try LintCommandTests.brokenPatterns()
        let run = try CLIRunner.run(["events", "--patterns", dir, "corpora/workload-create-scalingup/input.log"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(dir)/base.grok:3: unknown pattern \"NUMM\""), "\(run.stderr)")
    }

    @Test func usageErrors() throws {
        #expect(try CLIRunner.run(["events"]).status == 64)
        #expect(try CLIRunner.run(["events", "--tz", "Mars/Olympus", "x.log"]).status == 64)
        #expect(try CLIRunner.run(["events", "--year", "1900", "x.log"]).status == 64)
    }
}
