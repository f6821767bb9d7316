import LogModel
import LogScan

/// What one line that matters to the phase rules has of its own, as the scanning side hands it to
/// the building side: its rule, body and place. Its event travels beside it when the line was built
/// in full (`built`: a body seen for the first time, or not remembered); otherwise the building side
/// remembers the body (`EventTemplates`) and only this travels.
struct LineHeader: Sendable {
    var rule: Int
    var bodyKey: UInt64
    var line: Int
    var time: Timestamp?
    var timeSource: TimeSource
    var format: LineFormat
    var wrapper: LineWrapper?
    var level: String?
    /// An event of its own travels with this line.
    var built: Bool

    init(_ raw: RawEvent, built: Bool) {
        rule = raw.ruleIndex
        bodyKey = raw.bodyKey
        line = raw.line
        time = raw.time
        timeSource = raw.timeSource
        format = raw.format
        wrapper = raw.wrapper
        level = raw.level
        self.built = built
    }
}

/// A batch of relevant lines in log order, handed from the scanning thread to the building one:
/// every line's header, and the events of the lines built in full, in the same order. Owned values
/// (the scanner's buffers are reused); two plain arrays, so handing them over copies no enum.
struct RelevantLines: Sendable {
    var headers: [LineHeader] = []
    var events: [Event] = []
}

/// The scanning side's choice of lines: keeps those whose kind some rule reacts to, and says which
/// need an event built (`bodies` mirrors which bodies the building side remembers).
struct RelevantLineFilter {
    let relevantKinds: RelevantKinds
    /// Per matcher rule, whether its kind is relevant, and whether its bodies are remembered from
    /// their first sight (filled on the first event).
    private var relevant: [Bool] = []
    private var eager: [Bool] = []
    private var bodies = BodyKeys()

    /// What to do with a line.
    enum Relevance {
        /// No rule reacts to it.
        case none
        /// Its body is remembered on the building side: hand over its header.
        case remembered
        /// Build its event and hand both over.
        case built
    }

    init(relevantKinds: RelevantKinds) {
        self.relevantKinds = relevantKinds
    }

    @inline(__always)
    mutating func relevance(_ raw: RawEvent) -> Relevance {
        if relevant.isEmpty {
            relevant = raw.matcher.kinds.map(relevantKinds.contains)
            eager = raw.matcher.kinds.map(relevantKinds.remembersOnFirstSight)
        }
        guard relevant[raw.ruleIndex] else { return .none }
        if bodies.isRemembered(raw.bodyKey) { return .remembered }
        _ = bodies.built(raw.bodyKey, eager: eager[raw.ruleIndex])
        return .built
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
    private var eagerRules: [Bool?] = []

    init(builder: PhaseBuilder, file: FileName) {
        self.builder = builder
        self.file = .passUnretained(file)
    }

    /// Feeds a line the scanning side built in full.
    @inline(__always)
    mutating func feed(_ event: consuming Event, rule: Int, bodyKey: UInt64) {
        var event = event
        event.kind = ownKind(rule, event.kind)
        templates.built(event, key: bodyKey, eager: eager(rule, event.kind))
        remember(bodyKey, of: rule)
        builder.consume(event)
    }

    /// Feeds a line of a remembered body.
    @inline(__always)
    mutating func feed(remembered header: borrowing LineHeader) {
        // Both sides agree on the remembered bodies (`BodyKeys`).
        guard let template = templates.template(header.bodyKey) else { preconditionFailure("body \(header.bodyKey) not remembered") }
        let location = SourceLocation(file, line: header.line)
        let clock = header.timeSource.isClock ? header.time : nil
        let repeatsRule = header.rule < lastKeys.count && lastKeys[header.rule] == header.bodyKey
        remember(header.bodyKey, of: header.rule)
        if builder.consumeRemembered(template, repeatsRule: repeatsRule, location: location, clockTime: clock) { return }
        var event = template.event
        event.location = location
        event.time = header.time
        event.timeSource = header.timeSource
        event.format = header.format
        event.wrapper = header.wrapper
        event.level = header.level
        builder.consume(event)
    }

    /// Feeds a batch from the scanning thread, moving each event out (a copy would retain every field).
    mutating func feed(_ batch: consuming RelevantLines) {
        var batch = batch
        batch.events.withUnsafeMutableBufferPointer { events in
            var next = 0
            batch.headers.withUnsafeBufferPointer { headers in
                for header in headers {
                    if header.built {
                        let slot = events.baseAddress! + next
                        next += 1
                        let event = slot.move()
                        // The slot keeps an event that holds nothing to free, for the array to destroy.
                        slot.initialize(to: Event.vacant)
                        feed(event, rule: header.rule, bodyKey: header.bodyKey)
                    } else {
                        feed(remembered: header)
                    }
                }
            }
        }
    }

    /// Whether bodies of `rule` are remembered from their first sight (as the scanning side decides).
    @inline(__always)
    private mutating func eager(_ rule: Int, _ kind: String) -> Bool {
        if rule < eagerRules.count, let known = eagerRules[rule] { return known }
        if rule >= eagerRules.count { eagerRules += Array(repeating: nil, count: rule + 1 - eagerRules.count) }
        let eager = builder.remembersOnFirstSight(kind)
        eagerRules[rule] = eager
        return eager
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

extension Event {
    /// An event of no line, whose strings and fields are empty (nothing to free).
    static let vacant = Event(kind: "", location: SourceLocation(file: "", line: 0), time: nil, timeSource: .none, format: .plain, text: "")
}
