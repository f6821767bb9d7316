import ArgumentParser
import Foundation
import LogModel
import LogScan
import Patterns
import Phases
import Reporting

/// `tkgqa analyze LOG...`: operations, phases, timings and loops of a testbed log.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show which operations ran, their phases with timings and loops, and how each ended.",
        discussion: """
        Exit codes: 0 every operation succeeded; 1 an operation failed or was left open (the log ends \
        mid-operation); 2 a log or the patterns could not be read; 3 the log holds no operation tkgqa \
        recognises (a controller log, a fragment). Several logs are separate runs unless --merge \
        makes them one (e.g. a harness console in UTC and the CLI audit log in local time).
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, markdown
    }

    @OptionGroup var log: LogOptions

    @Option(name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: Format = .text

    @Option(name: [.short, .long], help: "Write the output to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Treat all logs as one run and interleave them by time.")
    var merge = false

    @Flag(name: .long, help: "Also report how many lines matched a rule and the most frequent unmatched message shapes (stderr).")
    var coverage = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Colour the text output (default: on a terminal, unless NO_COLOR is set).")
    var color: Bool?

    @Argument(help: ArgumentHelp("Log files (- for standard input).", valueName: "log"))
    var logs: [String]

    func validate() throws {
        if logs.isEmpty { throw ValidationError("name at least one log file (or - for standard input)") }
    }

    func run() throws {
        let counter = coverage ? CoverageCounter() : nil
        let timeline = try Self.analyze(logs, options: log, merge: merge, coverage: counter)
        if let counter { Console.info(counter.report()) }
        let text: String
        switch format {
        case .text:
            let useColor = color ?? (output == nil && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
            text = TerminalTimeline(color: useColor).render(timeline)
        case .json:
            text = try JSONTimeline.render(timeline)
        case .markdown:
            text = MarkdownTimeline.render(timeline)
        }
        try Output.write(text, to: output)
        throw ExitCode(Self.exitCode(timeline))
    }

    /// Analyzes logs with the shared options, mapping unreadable input and bad patterns to exit 2.
    static func analyze(_ logs: [String], options: LogOptions, merge: Bool, coverage: CoverageCounter? = nil) throws -> Timeline {
        let patterns = try options.loadPatterns()
        do {
            let analyzer = try Analyzer(patterns: patterns, options: options.scanOptions)
            return try analyzer.analyze(paths: logs, merge: merge, coverage: coverage)
        } catch let errors as PatternErrors {
            for error in errors.errors { Console.error(error.description) }
            throw ExitCode(2)
        } catch let error as ScanError {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }

    /// 0 ok, 1 failed or open, 3 nothing recognised.
    static func exitCode(_ timeline: Timeline) -> Int32 {
        switch timeline.verdict {
        case .ok: return 0
        case .failed, .open: return 1
        case .none: return 3
        }
    }
}

/// Writes command output to stdout or a file.
enum Output {
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            Console.error("\(path): cannot write: \(error.localizedDescription)")
            throw ExitCode(2)
        }
    }
}
