import LogModel
import Matching
import Patterns

/// The per-line work of a scan: format, clock, continuation, matching. Shared by `LogScanner` (a
/// whole file) and `LogFollower`-driven `watch` (lines as they arrive).
public final class LineProcessor {
    public let matcher: EventMatcher
    let scratch: EventMatcher.Scratch
    let name: String
    let fileName: LogScanner.FileName
    let clock: LogClock
    let anchor: Timestamp?
    private var lastTime: Timestamp?
    private var sawHeader = false
    private var limitError: MatchError?
    private var stats: ScanStats
    /// Inside a PEM block (a certificate or key spread over lines): those lines are key material,
    /// never matched, shown or counted as shapes.
    private var inPEM = false

    public convenience init(patterns: PatternSet, name: String, clock: LogClock, anchor: Timestamp?, sample: UnsafeRawBufferPointer?) {
        self.init(matcher: EventMatcher(rules: patterns.events, sample: sample), name: name, clock: clock, anchor: anchor)
    }

    /// A processor that shares `matcher` (read-only while matching) with others on the same thread,
    /// and `scratch` (its remembered answers too, which depend on the body alone) with those that run
    /// one after another on it.
    public init(matcher: EventMatcher, scratch: EventMatcher.Scratch? = nil, name: String, clock: LogClock, anchor: Timestamp?) {
        self.matcher = matcher
        self.scratch = scratch ?? EventMatcher.Scratch(ruleCount: matcher.kinds.count)
        self.name = name
        fileName = FileName.intern(name)
        self.clock = clock
        self.anchor = anchor
        stats = ScanStats(file: name)
    }

    /// Processes one line (a glued line yields several records). `arrival` is the clock of lines
    /// that have none of their own (console output read live).
    @inline(__always)
    public func process(_ bytes: UnsafeRawBufferPointer, number: Int, arrival: Timestamp? = nil,
                        observe: ((LogScanner.LineInfo) -> Void)?, sink: (RawEvent) throws -> Void) throws {
        stats.lines += 1
        var record = bytes
        var parsed = LineParser.parse(record)
        while true {
            var format = parsed.format
            let time: Timestamp?
            let source: TimeSource
            if let local = parsed.local {
                sawHeader = true
                if clock.utcOffsetSeconds == nil, let w = parsed.wrapperTime {
                    time = w; source = .wrapper
                } else {
                    time = headerTime(local); source = .header
                }
            } else if let w = parsed.wrapperTime {
                time = w; source = .wrapper
                if sawHeader && parsed.indented && format == .plain { format = .continuation }
            } else if sawHeader && format == .plain {
                format = .continuation
                time = lastTime; source = lastTime == nil ? .none : .inherited
            } else if let a = arrival {
                time = a; source = .arrival
            } else if let t = lastTime {
                time = t; source = .inherited
            } else if let a = anchor {
                time = a; source = .anchor
            } else {
                time = nil; source = .none
            }
            if parsed.local != nil || parsed.wrapperTime != nil || arrival != nil { lastTime = time }
            stats.formatCounts[format.ordinal] += 1
            if parsed.wrapper != nil { stats.wrappedLines += 1 }

            let body = UnsafeRawBufferPointer(rebasing: record[parsed.body])
            var matched = false
            var secret = false
            var found: Int?
            if inPEM {
                secret = true
                if containsPEMMarker(body, end: true) { inPEM = false }
            } else if !body.isEmpty {
                // A remembered body is not a PEM opening (those are never remembered).
                let hash = MatchCache.hash(body)
                switch scratch.cache.lookup(body, hash: hash, scratch: scratch.match) {
                case .rule(let r): found = r
                case .noRule: break
                case .unknown:
                    if opensPEM(body) {
                        secret = true
                    } else {
                        found = matcher.matchAndRemember(body, hash: hash, scratch: scratch, limitError: &limitError)
                    }
                }
            }
            if let rule = found {
                matched = true
                stats.events += 1
                try sink(RawEvent(matcherRef: Unmanaged.passUnretained(matcher), ruleIndex: rule, fileRef: Unmanaged.passUnretained(fileName), line: number, time: time,
                                  timeSource: source, format: format, wrapper: parsed.wrapper, level: parsed.level,
                                  body: body, captures: scratch.match, bodyKey: scratch.cache.lastKey))
            }
            if let error = limitError {
                stats.limitErrors += 1
                if stats.limitErrorSamples.count < 10 { stats.limitErrorSamples.append("\(name):\(number): \(error.message)") }
                limitError = nil
            }
            if observe != nil {
                // Called through the parameter (not an `if let` copy): no retain of the closure per line.
                parsed.format = format
                observe?(LogScanner.LineInfo(file: fileName, line: number, parsed: parsed,
                                            body: secret ? UnsafeRawBufferPointer(start: nil, count: 0) : body,
                                            time: time, matched: matched))
            }
            guard let glued = parsed.gluedRecord else { break }
            record = UnsafeRawBufferPointer(rebasing: record[glued...])
            parsed = LineParser.parse(record)
        }
    }

    /// The PEM markers (instance constants: a static read per line costs a global once-check).
    private let pemBegin = Array("-----BEGIN ".utf8), pemEnd = Array("-----END ".utf8)

    /// Whether `body` holds `-----BEGIN ` (or `-----END ` when `end`).
    @inline(__always)
    private func containsPEMMarker(_ body: UnsafeRawBufferPointer, end: Bool) -> Bool {
        ByteSearch.find(end ? pemEnd : pemBegin, in: body) != nil
    }

    /// Whether this line opens a multi-line PEM block (a certificate or key spread over lines):
    /// it and the lines up to the END line are key material.
    @inline(__always)
    private func opensPEM(_ body: UnsafeRawBufferPointer) -> Bool {
        guard containsPEMMarker(body, end: false) else { return false }
        if !containsPEMMarker(body, end: true) { inPEM = true; return true }
        return false
    }

    /// The UTC time of a header reading; the date part is converted once per day of log.
    @inline(__always)
    private func headerTime(_ t: LocalTime) -> Timestamp {
        if t.month != midnightMonth || t.day != midnightDay {
            midnightMonth = t.month
            midnightDay = t.day
            midnight = clock.timestamp(LocalTime(month: t.month, day: t.day, hour: 0, minute: 0, second: 0, microsecond: 0))
        }
        var time = midnight
        time.microseconds += Int64(t.hour * 3600 + t.minute * 60 + t.second) * 1_000_000 + Int64(t.microsecond)
        return time
    }
    private var midnightMonth = -1
    private var midnightDay = -1
    private var midnight = Timestamp(microseconds: 0)

    /// Whether the lines read last are inside a PEM block: besides the time and "a header was seen"
    /// (which a line with a header of its own sets), the one thing that carries from one line to the
    /// next, so a part of a file read from a line with a header goes on as a whole read would when
    /// this is false there.
    public var inPEMBlock: Bool { inPEM }

    /// Adds this processor's counts to `stats`.
    public func merge(into stats: inout ScanStats) {
        stats.lines += self.stats.lines
        stats.events += self.stats.events
        for i in stats.formatCounts.indices { stats.formatCounts[i] += self.stats.formatCounts[i] }
        stats.wrappedLines += self.stats.wrappedLines
        stats.limitErrors += self.stats.limitErrors
        stats.limitErrorSamples += self.stats.limitErrorSamples
        stats.cacheLookups += scratch.cache.lookups
        stats.cacheHits += scratch.cache.hits
    }
}
