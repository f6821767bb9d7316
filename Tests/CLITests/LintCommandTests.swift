import CLITestSupport
import Foundation
import Testing

/// `tkgqa lint`: every problem of a pattern folder with `path:line`, exit 2; the embedded set is clean.
struct LintCommandTests {
    /// A pattern folder with four problems in three files.
    static func brokenPatterns() throws -> String {
        let dir = try CLIRunner.tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/events", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/phases", withIntermediateDirectories: true)
        try "NUM \\d+\n#@sample NUM x1\nHEAD %{NUMM}\n".write(toFile: dir + "/base.grok", atomically: true, encoding: .utf8)
        try """
        events:
          - id: took
            match: 'took %{NUM:n:int} tries'
            samples:
              - text: 'took 3 tries'
                fields: { n: '4' }
        """.write(toFile: dir + "/events/a.yaml", atomically: true, encoding: .utf8)
        try "operation: demo\nstart: [tookk]\n".write(toFile: dir + "/phases/demo.yaml", atomically: true, encoding: .utf8)
        return dir
    }

    @Test func brokenFolderListsEveryErrorWithPathAndLine() throws {
        let dir = try Self.brokenPatterns()
        let run = try CLIRunner.run(["lint", dir])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        let lines = CLIRunner.lines(run.stderr)
        #expect(lines.contains("tkgqa: \(dir)/base.grok:3: unknown pattern \"NUMM\" in %{NUMM}; did you mean NUM?"), "\(run.stderr)")
        #expect(lines.contains("tkgqa: \(dir)/base.grok:2: NUM does not match sample \"x1\"; fix the pattern at \(dir)/base.grok:1 or the sample"))
        #expect(lines.contains("tkgqa: \(dir)/events/a.yaml:5: event \"took\": sample field n is \"3\", expected \"4\""))
        #expect(lines.last == "tkgqa: \(lines.count - 1) problems found")
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("tkgqa: \(dir)/") && $0.range(of: #"\.(grok|yaml):\d+: "#, options: .regularExpression) != nil },
                "\(run.stderr)")
    }

    @Test func phaseRuleErrorsAreLintedToo() throws {
        let dir = try CLIRunner.tempDir()
        try FileManager.default.createDirectory(atPath: dir + "/events", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/phases", withIntermediateDirectories: true)
        try "events:\n  - id: took\n    match: 'took'\n    samples: ['took']\n".write(toFile: dir + "/events/a.yaml", atomically: true, encoding: .utf8)
        try "operation: demo\nstart: [tookk]\n".write(toFile: dir + "/phases/demo.yaml", atomically: true, encoding: .utf8)
        let run = try CLIRunner.run(["lint", dir])
        #expect(run.status == 2)
        #expect(run.stderr.contains("phases/demo.yaml:2: unknown event \"tookk\"; did you mean took?"), "\(run.stderr)")
    }

    @Test func embeddedSetIsClean() throws {
        let run = try CLIRunner.run(["lint"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.isEmpty)
        #expect(run.stdout.hasPrefix("embedded: "))
        #expect(run.stdout.hasSuffix(": ok\n"))
    }

    @Test func packageFolderIsClean() throws {
        let run = try CLIRunner.run(["lint", "patterns"])
        #expect(run.status == 0, "\(run.stderr)")
    }

    @Test func missingFolder() throws {
        let run = try CLIRunner.run(["lint", "/nonexistent/tkgqa-patterns"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("pattern folder \"/nonexistent/tkgqa-patterns\" does not exist or is not a folder"), "\(run.stderr)")
    }
}
