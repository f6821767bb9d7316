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
                var templates = EventTemplates()
                // Per rule, the body key of its last event: the same key again is a repeated line.
                var lastKeys: [UInt64] = []
                _ = try scanner.scan(path: path, name: name, observe: observe) { raw in
                    if relevant.isEmpty {
                        relevant = raw.matcher.kinds.map(builder.isRelevant)
                        lastKeys = Array(repeating: 0, count: relevant.count)
                    }
                    guard relevant[raw.ruleIndex] else { return }
                    if raw.bodyKey != 0 && lastKeys[raw.ruleIndex] == raw.bodyKey, let text = templates.text(raw.bodyKey),
                       builder.consumeRepeat(kind: raw.kind, text: text, location: SourceLocation(file: raw.file, line: raw.line),
                                             clockTime: raw.time.flatMap { raw.timeSource.isClock ? $0 : nil }) {
                        return
                    }
                    lastKeys[raw.ruleIndex] = raw.bodyKey
                    builder.consume(templates.event(raw))
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

/// Owned events for the message bodies the scanner remembers (`RawEvent.bodyKey`): a body seen
/// again reuses the kind, fields and text built the first time (shared storage, no extraction or
/// redaction); only the line, time and header change.
struct EventTemplates {
    private static let slots = 4096
    private var keys = [UInt64](repeating: 0, count: slots)
    private var events = [Event?](repeating: nil, count: slots)

    /// The (redacted) text of the event remembered under `key`.
    func text(_ key: UInt64) -> String? {
        let slot = Int(truncatingIfNeeded: key) & (Self.slots - 1)
        return keys[slot] == key ? events[slot]?.text : nil
    }

    /// `raw` as an owned, redacted event.
    mutating func event(_ raw: RawEvent) -> Event {
        let key = raw.bodyKey
        guard key != 0 else { return raw.event() }
        let slot = Int(truncatingIfNeeded: key) & (Self.slots - 1)
        if keys[slot] == key, var event = events[slot] {
            event.location = SourceLocation(file: raw.file, line: raw.line)
            event.time = raw.time
            event.timeSource = raw.timeSource
            event.format = raw.format
            event.wrapper = raw.wrapper
            event.level = raw.level
            return event
        }
        let event = raw.event()
        keys[slot] = key
        events[slot] = event
        return event
    }
}
