import Dispatch
import LogModel
import LogScan
import Patterns

/// Reads logs and builds their `Timeline`: scanner → events → `PhaseBuilder`, plus unknown loops.
public struct Analyzer: Sendable {
    public let patterns: PatternSet
    public let rules: PhaseRuleSet
    public let options: ScanOptions
    /// The event kinds some rule reacts to: no event is built for the others.
    let relevantKinds: RelevantKinds

    /// Loads the phase rules of `patterns` (errors with `path:line`).
    public init(patterns: PatternSet, options: ScanOptions = ScanOptions()) throws(PatternErrors) {
        self.patterns = patterns
        rules = try PhaseRuleLoader.load(patterns)
        self.options = options
        relevantKinds = RelevantKinds(rules: rules)
    }

    /// Analyzes each log as its own run, or — with `merge` — all of them as one run (e.g. the harness
    /// console in UTC and the CLI's audit log in local time), with lines seen in both counted once.
    /// `names` are how evidence names the files (default: the paths as given).
    public func analyze(paths: [String], names: [String]? = nil, merge: Bool = false,
                        coverage: CoverageCounter? = nil, threads: Int = 1) throws -> Timeline {
        var operations: [Operation] = []
        var timeline = try stream(paths: paths, names: names, merge: merge, coverage: coverage, threads: threads) { operations.append($0) }
        timeline.operations = operations
        return timeline
    }

    /// Like `analyze`, but hands out each operation as soon as it is complete, in order, and returns a
    /// timeline without operations (inputs, unknown loops, findings): memory stays bounded by one
    /// operation, not by the log.
    ///
    /// With `threads` > 1 each log is scanned on a second thread while this one builds its phases
    /// (same result, less waiting); `onOperation` is always called on the calling thread.
    public func stream(paths: [String], names: [String]? = nil, merge: Bool = false, coverage: CoverageCounter? = nil,
                       threads: Int = 1, onOperation: @escaping (Operation) -> Void) throws -> Timeline {
        let scanner = LogScanner(patterns: patterns, options: options)
        let names = names ?? paths
        var timeline = Timeline(inputs: names)
        let unknown = UnknownLoopDetector()
        // Plain closures (not built by generic `map`/`??`, which add a re-abstraction thunk and a copy
        // of the line per call).
        let observe: (LogScanner.LineInfo) -> Void
        if let coverage {
            observe = { info in unknown.observe(info); coverage.observe(info) }
        } else {
            observe = { info in unknown.observe(info) }
        }
        let detector = unknown
        if merge && paths.count > 1 {
            var events: [Event] = []
            var files: [[Event]] = []
            for (path, name) in zip(paths, names) {
                var fileEvents: [Event] = []
                _ = try scanner.scan(path: path, name: name, observe: observe) { raw in
                    if relevantKinds.contains(raw.kind) { fileEvents.append(raw.event()) }
                }
                files.append(fileEvents)
            }
            events = Self.merged(files)
            let builder = PhaseBuilder(rules: rules)
            builder.onOperation = onOperation
            for event in events { builder.consume(event) }
            let (ops, findings) = builder.finish()
            ops.forEach(onOperation)
            timeline.findings = findings
        } else {
            for (path, name) in zip(paths, names) {
                let builder = PhaseBuilder(rules: rules)
                builder.onOperation = onOperation
                var feeder = RelevantLineFeeder(builder: builder, file: FileName.intern(name))
                if threads > 1 {
                    try scanOnSecondThread(scanner, path: path, name: name, observe: observe) { feeder.feed($0) }
                } else {
                    var filter = RelevantLineFilter(relevantKinds: relevantKinds)
                    _ = try scanner.scan(path: path, name: name, observe: observe) { raw in
                        if let line = filter.line(raw) { feeder.feed(line) }
                    }
                }
                let (ops, findings) = builder.finish()
                ops.forEach(onOperation)
                timeline.findings += findings
            }
        }
        timeline.unknownLoops = detector.candidates()
        return timeline
    }

    /// Scans `path` on a second thread while this one hands the relevant lines, in order, to
    /// `consume`. At most a few batches wait between the two (bounded memory); a scan error is
    /// thrown here once the lines before it were consumed.
    private func scanOnSecondThread(_ scanner: LogScanner, path: String, name: String,
                                    observe: @escaping (LogScanner.LineInfo) -> Void,
                                    consume: (RelevantLine) -> Void) throws {
        let job = ScanJob(scanner: scanner, path: path, name: name, observe: observe, relevantKinds: relevantKinds)
        DispatchQueue.global().async { job.run() }
        while case .lines(var lines) = job.batches.take() {
            // Moved out one by one (reversed, then popped), not copied: a copy retains every field.
            lines.reverse()
            while let line = lines.popLast() { consume(line) }
        }
        if let error = job.error { throw error }
    }

    /// Interleaves the events of several logs of one run by time and drops the second copy of a line
    /// seen in both (same kind and text within 2 s). Events without a clock keep their file order.
    static func merged(_ files: [[Event]]) -> [Event] {
        var all: [(Event, Int, Int)] = []
        for (f, events) in files.enumerated() { for (i, e) in events.enumerated() { all.append((e, f, i)) } }
        let timed = all.allSatisfy { $0.0.clockTime != nil }
        if timed {
            all.sort { a, b in
                let ta = a.0.clockTime!, tb = b.0.clockTime!
                return ta != tb ? ta < tb : (a.1, a.2) < (b.1, b.2)
            }
        }
        var result: [Event] = []
        var recent: [Event] = []
        for (event, _, _) in all {
            if let t = event.clockTime,
               recent.contains(where: { $0.kind == event.kind && $0.text == event.text && $0.location.file != event.location.file
                   && abs(($0.clockTime ?? t).seconds(to: t)) <= 2 }) {
                continue
            }
            result.append(event)
            recent.append(event)
            if recent.count > 64 { recent.removeFirst(recent.count - 64) }
        }
        return result
    }
}
