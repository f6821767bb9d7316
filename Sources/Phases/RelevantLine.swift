import LogModel
import LogScan

/// One line that matters to the phase rules, as the scanning side hands it to the analyzing side:
/// an owned value (the scanner's buffers are reused), in log order.
enum RelevantLine: Sendable {
    /// A line whose message body the analyzing side remembers (`EventTemplates`): only what is this
    /// line's own travels.
    case remembered(Header)
    /// A line built into an event of its own (a body seen for the first time, or not remembered).
    case event(Event, rule: Int, bodyKey: UInt64)

    /// What a line of a remembered body has of its own.
    struct Header: Sendable {
        var rule: Int
        var bodyKey: UInt64
        var line: Int
        var time: Timestamp?
        var timeSource: TimeSource
        var format: LineFormat
        var wrapper: LineWrapper?
        var level: String?
    }
}

/// The scanning side's choice of lines: keeps those whose kind some rule reacts to, and hands over a
/// line of a remembered body as its header only (`bodies` mirrors which bodies the analyzing side
/// remembers).
struct RelevantLineFilter {
    let relevantKinds: RelevantKinds
    /// Per matcher rule, whether its kind is relevant (filled on the first event).
    private var relevant: [Bool] = []
    private var bodies = BodyKeys()

    init(relevantKinds: RelevantKinds) {
        self.relevantKinds = relevantKinds
    }

    /// `raw` as a relevant line, or nil when no rule reacts to its kind.
    @inline(__always)
    mutating func line(_ raw: RawEvent) -> RelevantLine? {
        if relevant.isEmpty { relevant = raw.matcher.kinds.map(relevantKinds.contains) }
        guard relevant[raw.ruleIndex] else { return nil }
        if bodies.isRemembered(raw.bodyKey) {
            return .remembered(RelevantLine.Header(rule: raw.ruleIndex, bodyKey: raw.bodyKey, line: raw.line, time: raw.time,
                                                   timeSource: raw.timeSource, format: raw.format, wrapper: raw.wrapper, level: raw.level))
        }
        _ = bodies.built(raw.bodyKey)
        return .event(raw.event(), rule: raw.ruleIndex, bodyKey: raw.bodyKey)
    }
}

/// Feeds relevant lines of one file to a `PhaseBuilder`, taking the cheap paths where it can: a
/// line that repeats the last body of its rule while a loop runs on it, or a remembered poll or
/// counter, only updates that loop; any other line becomes a full event.
struct RelevantLineFeeder {
    let builder: PhaseBuilder
    let file: Unmanaged<FileName>
    /// Per rule, the body key of its last line: the same key again is a repeated line.
    private var lastKeys: [UInt64] = []
    private var templates = EventTemplates()
    /// Per rule, this side's own copy of its kind: with two threads, a string both count references
    /// to would pass its cache line back and forth on every event.
    private var kinds: [String?] = []

    init(builder: PhaseBuilder, file: FileName) {
        self.builder = builder
        self.file = .passUnretained(file)
    }

    @inline(__always)
    mutating func feed(_ line: consuming RelevantLine) {
        switch consume line {
        case .event(var event, let rule, let bodyKey):
            event.kind = ownKind(rule, event.kind)
            templates.built(event, key: bodyKey)
            remember(bodyKey, of: rule)
            builder.consume(event)
        case .remembered(let header):
            // Both sides agree on the remembered bodies (`BodyKeys`).
            guard let template = templates.template(header.bodyKey) else { preconditionFailure("body \(header.bodyKey) not remembered") }
            let location = SourceLocation(file, line: header.line)
            let clock = header.timeSource.isClock ? header.time : nil
            if header.rule < lastKeys.count, lastKeys[header.rule] == header.bodyKey,
               builder.consumeRepeat(kind: template.event.kind, text: template.event.text, location: location, clockTime: clock) {
                return
            }
            remember(header.bodyKey, of: header.rule)
            if builder.consumeLoopOnly(template.event, location: location, clockTime: clock) { return }
            var event = template.event
            event.location = location
            event.time = header.time
            event.timeSource = header.timeSource
            event.format = header.format
            event.wrapper = header.wrapper
            event.level = header.level
            builder.consume(event)
        }
    }

    @inline(__always)
    private mutating func ownKind(_ rule: Int, _ kind: String) -> String {
        if rule < kinds.count, let own = kinds[rule] { return own }
        if rule >= kinds.count { kinds += Array(repeating: nil, count: rule + 1 - kinds.count) }
        let own = String(decoding: Array(kind.utf8), as: UTF8.self)
        kinds[rule] = own
        return own
    }

    @inline(__always)
    private mutating func remember(_ key: UInt64, of rule: Int) {
        if rule >= lastKeys.count { lastKeys += Array(repeating: 0, count: rule + 1 - lastKeys.count) }
        lastKeys[rule] = key
    }
}
