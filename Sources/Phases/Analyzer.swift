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
    /// timeline without operations (inputs, unknown loops, findings): memory stays bounded by a few
    /// operations, not by the log.
    ///
    /// With `threads` > 1 a large file is analyzed in segments on several threads, and another is
    /// scanned on a second thread while a third hands out its operations (same result, less
    /// waiting). `onOperation` is called in log order, one call at a time, all before this returns.
    public func stream(paths: [String], names: [String]? = nil, merge: Bool = false, coverage: CoverageCounter? = nil,
                       threads: Int = 1, onOperation: @escaping (Operation) -> Void) throws -> Timeline {
        try stream(paths: paths, names: names, merge: merge, coverage: coverage, threads: threads, prepare: { $0 }) { $0.forEach(onOperation) }
    }

    /// `stream`, with work done on the operations where they were finished, a batch at a time:
    /// `prepare` (e.g. rendering them) runs on the thread that built them — with `threads` > 1, on
    /// several threads at once, so it must be safe to call concurrently — and `deliver` gets what it
    /// made in log order, one call at a time, all before this returns. (A batch, not each operation:
    /// what `prepare` makes is freed by the thread that delivers it, and one buffer per batch crosses
    /// between threads instead of one per operation.)
    public func stream<Prepared>(paths: [String], names: [String]? = nil, merge: Bool = false, coverage: CoverageCounter? = nil,
                                 threads: Int = 1, prepare: @escaping @Sendable ([Operation]) -> Prepared,
                                 deliver: @escaping (Prepared) -> Void) throws -> Timeline {
        let onOperation: (Operation) -> Void = { deliver(prepare([$0])) }
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
                // A large file on several threads: in segments, as one pass would analyze it.
                if threads > 1, coverage == nil,
                   let segmented = try SegmentedAnalysis<Prepared>(analyzer: self, path: path, name: name, threads: threads) {
                    let (findings, fileUnknown) = try segmented.run(prepare: prepare, deliver: deliver)
                    timeline.findings += findings
                    unknown.absorb(fileUnknown, shift: LineShift(file: FileName.intern(name), lines: 0))
                    continue
                }
                let builder = PhaseBuilder(rules: rules)
                // With two threads, a third prepares and delivers the operations while the next are built.
                let stage = threads > 1 ? DeliveryStage(prepare: prepare, deliver: deliver) : nil
                defer { stage?.finish() }
                let handOut: (Operation) -> Void = stage.map { stage in { stage.submit($0) } } ?? onOperation
                builder.onOperation = handOut
                var feeder = RelevantLineFeeder(builder: builder, file: FileName.intern(name))
                if threads > 1 {
                    try scanOnSecondThread(scanner, path: path, name: name, observe: observe) { feeder.feed($0) }
                } else {
                    var filter = RelevantLineFilter(relevantKinds: relevantKinds)
                    _ = try scanner.scan(path: path, name: name, observe: observe) { raw in
                        switch filter.relevance(raw) {
                        case .none: break
                        case .remembered: feeder.feed(remembered: LineHeader(raw, built: false))
                        case .built: feeder.feed(raw.event(), rule: raw.ruleIndex, bodyKey: raw.bodyKey)
                        }
                    }
                }
                let (ops, findings) = builder.finish()
                ops.forEach(handOut)
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
                                    consume: (consuming RelevantLines) -> Void) throws {
        let job = ScanJob(scanner: scanner, path: path, name: name, observe: observe, relevantKinds: relevantKinds)
        let thread = BackgroundThread { job.run() }
        defer { thread.join() }
        while case .lines(let lines) = job.batches.take() { consume(lines) }
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
