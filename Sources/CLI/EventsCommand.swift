import ArgumentParser
import LogModel
import LogScan
import Patterns
import Reporting

/// `tkgqa events LOG...`: the recognised events of each log as JSON Lines.
struct EventsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Write the events recognised in logs as JSON Lines.",
        discussion: """
        Each line of output is one event: {"kind","file","line","time","timeSource","format",\
        "wrapper","level","fields","text"}. Times are UTC (ISO 8601) when the log shows its clock's \
        offset, otherwise the CLI host's local time without a Z. Secrets are masked. Use - to read \
        standard input. Exit 2 when a log cannot be read.
        """
    )

    @OptionGroup var log: LogOptions

    @Flag(name: .long, help: "Print a per-file summary (lines, formats, clock) to stderr.")
    var summary = false

    @Flag(name: .long, help: "Print only the number of events per kind (kind<TAB>count), most frequent first.")
    var count = false

    @Argument(help: ArgumentHelp("Log files to read (- for standard input).", valueName: "log"))
    var logs: [String]

    func validate() throws {
        if logs.isEmpty { throw ValidationError("name at least one log file (or - for standard input)") }
    }

    func run() throws {
        let patterns = try log.loadPatterns()
        let scanner = LogScanner(patterns: patterns, options: log.scanOptions)
        let out = ByteWriter()
        let writer = EventJSONWriter(out: out)
        var failed = false
        // Read the flag once: a property-wrapper read per event costs a generic metadata lookup.
        let countOnly = count
        var counts = [Int](repeating: 0, count: patterns.events.count)
        for path in logs {
            do {
                let stats = try scanner.scan(path: path) { event in
                    if countOnly { counts[event.ruleIndex] += 1 } else { writer.write(event) }
                }
                if summary { Console.info(ScanSummary.describe(stats)) }
                if stats.limitErrors > 0 {
                    Console.warning("\(path): \(stats.limitErrors) line(s) hit a regex limit and were skipped by that rule, e.g. \(stats.limitErrorSamples.first ?? "")")
                }
            } catch let error as ScanError {
                out.flush()
                Console.error(error.description)
                failed = true
            }
        }
        if countOnly {
            let byKind = zip(patterns.events.map(\.id), counts).filter { $0.1 > 0 }
            for (kind, n) in byKind.sorted(by: { ($0.1, $1.0) > ($1.1, $0.0) }) { out.write("\(kind)\t\(n)\n") }
        }
        out.flush()
        if failed { throw ExitCode(2) }
    }
}

/// One-line descriptions of a scan for `--summary`.
enum ScanSummary {
    static func describe(_ s: ScanStats) -> String {
        let formats = s.linesByFormat.sorted { $0.value > $1.value }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        var text = "\(s.file): \(s.lines) lines, \(s.events) events; formats: \(formats.isEmpty ? "none" : formats)"
        if s.wrappedLines > 0 { text += "; \(s.wrappedLines) CI-wrapped" }
        if s.truncatedLines > 0 { text += "; \(s.truncatedLines) over-long lines cut" }
        if s.cacheLookups > 0 { text += "; \(s.cacheHits * 100 / s.cacheLookups)% of message bodies seen before" }
        text += "; year from \(s.clock.yearSource)"
        if let offset = s.clock.utcOffsetSeconds {
            text += ", UTC offset \(offset >= 0 ? "+" : "-")\(abs(offset) / 3600):\(String(format2: abs(offset) % 3600 / 60)) from \(s.clock.offsetSource)"
        } else {
            text += ", UTC offset unknown (times are host-local)"
        }
        return text
    }
}

extension String {
    init(format2 value: Int) { self = value < 10 ? "0\(value)" : "\(value)" }
}
