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
        case text, json, markdown, html, chromeTrace = "chrome-trace", junit, prometheus

        /// Formats written one operation at a time (bounded memory on any log).
        var streams: Bool { self == .text || self == .json || self == .markdown }
    }

    @OptionGroup var log: LogOptions

    @Option(name: .long, help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")). html is one self-contained file with a Gantt timeline; chrome-trace opens in Perfetto or chrome://tracing; junit is for Jenkins/GitLab; prometheus is text exposition for a Pushgateway.")
    var format: Format = .text

    @Option(name: [.short, .long], help: "Write the output to this file instead of standard output.")
    var output: String?

    @Flag(name: .long, help: "Treat all logs as one run and interleave them by time.")
    var merge = false

    @Flag(name: .long, help: "Also report how many lines matched a rule and the most frequent unmatched message shapes (stderr).")
    var coverage = false

    @Flag(name: .long, inversion: .prefixedNo, help: "Colour the text output (default: on a terminal, unless NO_COLOR is set).")
    var color: Bool?

    @Option(name: .long, help: "Threads per log: 2 scans it on one thread while another builds its phases (the default when the machine has two or more cores); 1 does both on one. The result is the same.")
    var jobs: Int?

    @Argument(help: ArgumentHelp("Log files (- for standard input).", valueName: "log"))
    var logs: [String]

    func validate() throws {
        if logs.isEmpty { throw ValidationError("name at least one log file (or - for standard input)") }
        if let jobs, !(1...2).contains(jobs) { throw ValidationError("--jobs \(jobs): use 1 or 2") }
    }

    func run() throws {
        let counter = coverage ? CoverageCounter() : nil
        let out = try OutputStream(path: output)
        let useColor = color ?? (output == nil && isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
        let terminal = TerminalTimeline(color: useColor)
        let json = JSONTimelineWriter(write: { out.write($0) }, writeBytes: { out.write(bytes: $0) })
        var briefs: [TerminalTimeline.Brief] = []
        var kept: [LogModel.Operation] = []
        switch format {
        case .json: try json.begin(inputs: logs)
        case .markdown: out.write(MarkdownTimeline.header)
        default: break
        }
        // Operations are written as they finish: a 1 GB log never holds its whole timeline in memory.
        var writeError: Error?
        let tail = try Self.stream(logs, options: log, merge: merge, coverage: counter, threads: jobs ?? Self.defaultThreads) { op in
            briefs.append(TerminalTimeline.brief(op))
            switch format {
            case .text: out.write(terminal.render(op))
            case .json: do { try json.write(op) } catch { writeError = error }
            case .markdown: out.write(MarkdownTimeline.rows(op))
            default: kept.append(op)
            }
        }
        if let writeError { throw writeError }
        let verdict = Timeline.verdict(briefs.map(\.outcome))
        switch format {
        case .text: out.write(terminal.footer(tail, verdict: verdict, operations: briefs))
        case .json: try json.end(unknownLoops: tail.unknownLoops, findings: tail.findings)
        case .markdown: out.write(MarkdownTimeline.footer(verdict))
        default:
            var timeline = tail
            timeline.operations = kept
            switch format {
            case .html: out.write(TimelineHTMLReport.render(timeline, title: "tkgqa analyze " + logs.joined(separator: ", ")))
            case .chromeTrace: out.write(TimelineChromeTrace.render(timeline))
            case .junit: out.write(TimelineJUnit.render(timeline))
            default: out.write(TimelinePrometheus.render(timeline))
            }
        }
        try out.close()
        if let counter { Console.info(counter.report()) }
        throw ExitCode(Self.exitCode(verdict))
    }

    /// Streams the analysis of logs, mapping unreadable input and bad patterns to exit 2.
    static func stream(_ logs: [String], options: LogOptions, merge: Bool, coverage: CoverageCounter?, threads: Int = defaultThreads,
                       onOperation: @escaping (LogModel.Operation) -> Void) throws -> Timeline {
        let patterns = try options.loadPatterns()
        do {
            let analyzer = try Analyzer(patterns: patterns, options: options.scanOptions)
            return try analyzer.stream(paths: logs, merge: merge, coverage: coverage, threads: threads, onOperation: onOperation)
        } catch let errors as PatternErrors {
            for error in errors.errors { Console.error(error.description) }
            throw ExitCode(2)
        } catch let error as ScanError {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }

    /// Analyzes logs into a whole timeline (for summaries and gates), with the same error mapping.
    static func analyze(_ logs: [String], options: LogOptions, merge: Bool, coverage: CoverageCounter? = nil) throws -> Timeline {
        var operations: [LogModel.Operation] = []
        var timeline = try stream(logs, options: options, merge: merge, coverage: coverage) { operations.append($0) }
        timeline.operations = operations
        return timeline
    }

    /// Two threads per log (scanning beside phase building) when the machine has two cores or more.
    static var defaultThreads: Int { ProcessInfo.processInfo.activeProcessorCount >= 2 ? 2 : 1 }

    /// 0 ok, 1 failed or open, 3 nothing recognised.
    static func exitCode(_ verdict: TimelineVerdict) -> Int32 {
        switch verdict {
        case .ok: return 0
        case .failed, .open: return 1
        case .none: return 3
        }
    }
}

/// Buffered output to stdout or to a file that appears whole when done (written to a temporary
/// name, then renamed), so a failed run never leaves half a report.
final class OutputStream {
    private let writer: ByteWriter
    private let path: String?
    private let temporary: String?
    private let fd: Int32

    init(path: String?) throws {
        self.path = path
        if let path {
            let temp = path + ".tkgqa-\(getpid()).tmp"
            fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else {
                Console.error("\(path): cannot write: \(String(cString: strerror(errno)))")
                throw ExitCode(2)
            }
            temporary = temp
        } else {
            fd = 1
            temporary = nil
        }
        writer = ByteWriter(fd: fd, flushAt: 1 << 16)
    }

    func write(_ text: String) { writer.write(text) }

    func write(bytes: UnsafeRawBufferPointer) { writer.write(bytes: bytes) }

    func close() throws {
        writer.flush()
        guard let temporary, let path else { return }
        Glibc.close(fd)
        guard rename(temporary, path) == 0 else {
            Console.error("\(path): cannot write: \(String(cString: strerror(errno)))")
            unlink(temporary)
            throw ExitCode(2)
        }
    }
}

