import LogModel
import LogScan
import Patterns

/// Reads logs and builds their `Timeline`: scanner → events → `PhaseBuilder`, plus unknown loops.
public struct Analyzer: Sendable {
    public let patterns: PatternSet
    public let rules: PhaseRuleSet
    public let options: ScanOptions

    /// Loads the phase rules of `patterns` (errors with `path:line`).
    public init(patterns: PatternSet, options: ScanOptions = ScanOptions()) throws(PatternErrors) {
        self.patterns = patterns
        rules = try PhaseRuleLoader.load(patterns)
        self.options = options
    }

    /// Analyzes each log as its own run, or — with `merge` — all of them as one run (e.g. the harness
    /// console in UTC and the CLI's audit log in local time), with lines seen in both counted once.
    /// `names` are how evidence names the files (default: the paths as given).
    public func analyze(paths: [String], names: [String]? = nil, merge: Bool = false,
                        coverage: CoverageCounter? = nil) throws -> Timeline {
        var operations: [Operation] = []
        var timeline = try stream(paths: paths, names: names, merge: merge, coverage: coverage) { operations.append($0) }
        timeline.operations = operations
        return timeline
    }

    /// Like `analyze`, but hands out each operation as soon as it is complete, in order, and returns a
    /// timeline without operations (inputs, unknown loops, findings): memory stays bounded by one
    /// operation, not by the log.
    public func stream(paths: [String], names: [String]? = nil, merge: Bool = false, coverage: CoverageCounter? = nil,
                       onOperation: @escaping (Operation) -> Void) throws -> Timeline {
        let scanner = LogScanner(patterns: patterns, options: options)
        let names = names ?? paths
        var timeline = Timeline(inputs: names)
        let unknown = UnknownLoopDetector()
        let observe: (LogScanner.LineInfo) -> Void = coverage.map { c in { info in unknown.observe(info); c.observe(info) } } ?? unknown.observe
        let detector = unknown
        if merge && paths.count > 1 {
            var events: [Event] = []
            var files: [[Event]] = []
            for (path, name) in zip(paths, names) {
                var fileEvents: [Event] = []
                let builder = PhaseBuilder(rules: rules)
                _ = try scanner.scan(path: path, name: name, observe: observe) { raw in
                    if builder.isRelevant(raw.kind) { fileEvents.append(raw.event()) }
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
                var relevant: [Bool] = []
                var repeats = RepeatDetector()
                _ = try scanner.scan(path: path, name: name, observe: observe) { raw in
                    if relevant.isEmpty { relevant = raw.matcher.rules.map { builder.isRelevant($0.id) } }
                    guard relevant[raw.ruleIndex] else { return }
                    if let again = repeats.repeated(raw) { builder.consumeRepeat(again) } else { builder.consume(repeats.remember(raw)) }
                }
                let (ops, findings) = builder.finish()
                ops.forEach(onOperation)
                timeline.findings += findings
            }
        }
        timeline.unknownLoops = detector.candidates()
        return timeline
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

/// Spots a line whose rule and message bytes equal the last event of that rule (a poll printed
/// again), so the analyzer can reuse that event with a new time and line instead of extracting it.
struct RepeatDetector {
    private var bytes: [Int: [UInt8]] = [:]
    private var last: [Int: Event] = [:]

    /// The rule's last event moved to this line, when `raw` repeats it.
    mutating func repeated(_ raw: RawEvent) -> Event? {
        guard var event = last[raw.ruleIndex], let previous = bytes[raw.ruleIndex], previous.count == raw.body.count,
              previous.withUnsafeBytes({ $0.elementsEqual(raw.body) }) else { return nil }
        event.location = SourceLocation(file: raw.file, line: raw.line)
        event.time = raw.time
        event.timeSource = raw.timeSource
        return event
    }

    /// Materializes `raw` and remembers it as its rule's last event.
    mutating func remember(_ raw: RawEvent) -> Event {
        let event = raw.event()
        bytes[raw.ruleIndex] = Array(raw.body)
        last[raw.ruleIndex] = event
        return event
    }
}
