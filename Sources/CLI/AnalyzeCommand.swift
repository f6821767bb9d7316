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

    @Option(name: .long, help: "Threads per log: 2 (the default on two or more cores) analyzes a log file of 64 MB or more in segments side by side, and scans other logs on one thread while another builds their phases; 1 does it all on one. The result is the same.")
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
        // Each is rendered where it was built (with --jobs 2, on several threads) and written in order.
        let format = format
        let tail = try Self.stream(logs, options: log, merge: merge, coverage: counter, threads: jobs ?? Self.defaultThreads,
                                   prepare: { ops in Rendered(ops, format: format, terminal: terminal) }) { rendered in
            briefs += rendered.briefs
            switch format {
            case .text, .markdown: out.write(rendered.text)
            case .json: if let encoded = rendered.json { json.write(encoded: encoded) }
            default: kept += rendered.operations
            }
        }
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
        try stream(logs, options: options, merge: merge, coverage: coverage, threads: threads, prepare: { $0 }) { $0.forEach(onOperation) }
    }

    /// `stream` with each operation prepared where it was built (see `Analyzer.stream`).
    static func stream<Prepared>(_ logs: [String], options: LogOptions, merge: Bool, coverage: CoverageCounter?, threads: Int = defaultThreads,
                                 prepare: @escaping @Sendable ([LogModel.Operation]) -> Prepared,
                                 deliver: @escaping (Prepared) -> Void) throws -> Timeline {
        let patterns = try options.loadPatterns()
        do {
            let analyzer = try Analyzer(patterns: patterns, options: options.scanOptions)
            return try analyzer.stream(paths: logs, merge: merge, coverage: coverage, threads: threads, prepare: prepare, deliver: deliver)
        } catch let errors as PatternErrors {
            for error in errors.errors { Console.error(error.description) }
            throw ExitCode(2)
        } catch let error as ScanError {
            Console.error(error.description)
            throw ExitCode(2)
        }
    }

    /// Analyzes logs into a whole timeline (for summaries and gates), with the same error mapping.
    static func analyze(_ logs: [String], options: LogOptions, merge: Bool, coverage: CoverageCounter? = nil,
                        threads: Int = defaultThreads) throws -> Timeline {
        var operations: [LogModel.Operation] = []
        var timeline = try stream(logs, options: options, merge: merge, coverage: coverage, threads: threads) { operations.append($0) }
        timeline.operations = operations
        return timeline
    }

    /// Two threads per log (segments side by side, or scanning beside phase building) on two cores or more.
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

/// Operations as `analyze` writes them, made on the thread that built them: their briefs for the
/// verdict, and their text in a streamed format (or the operations themselves for the others).
struct Rendered: Sendable {
    var briefs: [TerminalTimeline.Brief]
    var text = ""
    var json: EncodedOperations?
    var operations: [LogModel.Operation] = []

    init(_ ops: [LogModel.Operation], format: AnalyzeCommand.Format, terminal: TerminalTimeline) {
        briefs = ops.map(TerminalTimeline.brief)
        switch format {
        case .text: for op in ops { text += terminal.render(op) }
        case .json: json = JSONTimelineWriter.encode(ops)
        case .markdown: for op in ops { text += MarkdownTimeline.rows(op) }
        default: operations = ops
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

