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
                    // A remembered body: a poll or counter of a running loop needs no event of its own.
                    if raw.bodyKey != 0, let template = templates.template(raw.bodyKey) {
                        let location = SourceLocation(file: raw.file, line: raw.line)
                        let clock = raw.timeSource.isClock ? raw.time : nil
                        if lastKeys[raw.ruleIndex] == raw.bodyKey,
                           builder.consumeRepeat(kind: template.event.kind, text: template.event.text, location: location, clockTime: clock) {
                            return
                        }
                        lastKeys[raw.ruleIndex] = raw.bodyKey
                        if builder.consumeLoopOnly(template.event, location: location, clockTime: clock) { return }
                    } else {
                        lastKeys[raw.ruleIndex] = raw.bodyKey
                    }
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
    /// The event first built for a body; its own line and time are those of that first line.
    final class Template {
        let event: Event
        init(_ event: Event) { self.event = event }
    }
    private static let slots = 4096
    private var keys = [UInt64](repeating: 0, count: slots)
    private var templates = [Template?](repeating: nil, count: slots)
    /// Bodies seen once and not kept: a body is kept on its second sight, so the many bodies a log
    /// prints once (names, ids, times) are freed while still in cache instead of evicting the ones
    /// that repeat and being freed cold later.
    private var seenOnce = [UInt64](repeating: 0, count: slots)

    /// The event remembered under `key`, if any.
    @inline(__always) func template(_ key: UInt64) -> Template? {
        let slot = Int(truncatingIfNeeded: key) & (Self.slots - 1)
        return keys[slot] == key ? templates[slot] : nil
    }

    /// `raw` as an owned, redacted event.
    mutating func event(_ raw: RawEvent) -> Event {
        let key = raw.bodyKey
        guard key != 0 else { return raw.event() }
        if let template = template(key) {
            var event = template.event
            event.location = SourceLocation(file: raw.file, line: raw.line)
            event.time = raw.time
            event.timeSource = raw.timeSource
            event.format = raw.format
            event.wrapper = raw.wrapper
            event.level = raw.level
            return event
        }
        let event = raw.event()
        let slot = Int(truncatingIfNeeded: key) & (Self.slots - 1)
        if seenOnce[slot] != key {
            seenOnce[slot] = key
            return event
        }
        keys[slot] = key
        templates[slot] = Template(event)
        return event
    }
}
