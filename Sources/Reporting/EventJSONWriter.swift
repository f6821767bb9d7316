import LogModel
import LogScan
import Patterns

/// The hot path of `tkgqa events`: writes scanner events as JSON Lines straight from the line's bytes.
///
/// An event line is a head (kind, file, line, time, format, level) and a tail (fields and text). Per
/// rule the constant parts of the head are pre-rendered; the tail depends only on the message body,
/// so it is rendered once per distinct body the scanner remembers (`RawEvent.bodyKey`) and copied
/// for every repeat — a poll printed a million times costs a copy. Lines that might hold a secret,
/// are not ASCII or are longer than `Event.maxTextBytes` get their tail from the owned, redacted
/// `Event`. The output is byte-for-byte what `EventJSONLines` writes.
public final class EventJSONWriter {
    private let out: ByteWriter
    private var matcher: EventMatcher?
    private var file: LogScanner.FileName?
    /// Everything pre-rendered, in flat raw memory: per-event access costs no reference counting.
    private var compiled = Compiled(arena: [], heads: [], fieldStarts: [0], fields: [], groups: [])
    /// The matcher and file `compiled` was built for, compared by address (no reference counting).
    private var compiledFor: (matcher: UnsafeMutableRawPointer?, file: UnsafeMutableRawPointer?) = (nil, nil)
    /// The last rendered time, quoted; only the microseconds change within a second.
    private let timeText: UnsafeMutablePointer<UInt8> = {
        let text = UnsafeMutablePointer<UInt8>.allocate(capacity: 48)
        for (k, c) in ",\"time\":\"".utf8.enumerated() { text[k] = c }
        return text
    }()
    private var timeSecond = Int64.min
    private var timeDay = Int64.min
    /// Rendered tails by body key, direct-mapped (see `TailCache`).
    private let tails = TailCache()
    /// Where a tail is rendered before it is remembered and copied out.
    private let tailOut = ByteWriter(fd: -1, flushAt: 1 << 16)

    /// The shape of the last line and its rendered JSON.
    private var shape = LineShape(timeSource: .none, format: .plain, wrapper: nil, level: "\u{0}")
    private let shapeText = ByteWriter(fd: -1, flushAt: 4096)

    public init(out: ByteWriter) { self.out = out }

    deinit { timeText.deallocate(); compiled.deallocate() }

    /// Writes one event.
    public func write(_ raw: RawEvent) {
        if raw.matcherRef.toOpaque() != compiledFor.matcher || raw.fileRef.toOpaque() != compiledFor.file {
            prepare(raw.matcher, file: raw.fileName)
        }
        let c = compiled
        let key = raw.bodyKey
        if key != 0, let tail = tails[key], writeWhole(raw, c, tail: tail) { return }
        writeHead(raw, c)
        guard key != 0 else {
            writeTail(raw, c, to: out)
            return
        }
        if let tail = tails[key] {
            out.write(bytes: tail)
            return
        }
        tailOut.discard()
        writeTail(raw, c, to: tailOut)
        tails.remember(tailOut.buffered, for: key)
        out.write(bytes: tailOut.buffered)
    }

    /// The common case — a remembered body on a line of the same shape as the last — as one write
    /// into the output buffer: no per-piece capacity checks or copies through scratch space.
    @inline(__always)
    private func writeWhole(_ raw: RawEvent, _ c: Compiled, tail: UnsafeRawBufferPointer) -> Bool {
        guard let time = raw.time, raw.timeSource == shape.timeSource, raw.format == shape.format,
              raw.wrapper == shape.wrapper, raw.level == shape.level else { return false }
        let head = c.head(raw.ruleIndex)
        let shapeBytes = shapeText.buffered
        guard let to = out.reserve(head.count + 20 + 40 + shapeBytes.count + tail.count) else { return false }
        var n = 0
        UnsafeMutableRawPointer(to).copyMemory(from: head.baseAddress!, byteCount: head.count)
        n += head.count
        n += Self.decimal(raw.line, to + n)
        n += renderTime(time, to + n)
        UnsafeMutableRawPointer(to + n).copyMemory(from: shapeBytes.baseAddress!, byteCount: shapeBytes.count)
        n += shapeBytes.count
        UnsafeMutableRawPointer(to + n).copyMemory(from: tail.baseAddress!, byteCount: tail.count)
        n += tail.count
        out.commit(n)
        return true
    }

    /// `value` (not negative) in decimal at `to`; returns the digit count.
    @inline(__always)
    private static func decimal(_ value: Int, _ to: UnsafeMutablePointer<UInt8>) -> Int {
        guard value >= 0 else {
            let text = Array(String(value).utf8)
            for (i, b) in text.enumerated() { to[i] = b }
            return text.count
        }
        var width = 1
        var limit = 10
        while value >= limit && width < 19 { width += 1; limit &*= 10 }
        digits(value, width, to)
        return width
    }

    /// Everything up to and including `"fields":{`.
    @inline(__always)
    private func writeHead(_ raw: RawEvent, _ c: Compiled) {
        out.write(bytes: c.head(raw.ruleIndex))
        out.write(int: raw.line)
        if let t = raw.time { writeTime(t) } else { out.write(",\"time\":null") }
        let line = LineShape(timeSource: raw.timeSource, format: raw.format, wrapper: raw.wrapper, level: raw.level)
        if line != shape {
            shape = line
            shapeText.discard()
            shapeText.write(",\"timeSource\":\"")
            shapeText.write(line.timeSource.rawValue)
            shapeText.write("\",\"format\":\"")
            shapeText.write(line.format.rawValue)
            shapeText.write(byte: 0x22)
            if let w = line.wrapper {
                shapeText.write(",\"wrapper\":\"")
                shapeText.write(w.rawValue)
                shapeText.write(byte: 0x22)
            }
            if let level = line.level {
                shapeText.write(",\"level\":")
                shapeText.writeJSONString(level)
            }
            shapeText.write(",\"fields\":{")
        }
        out.write(bytes: shapeText.buffered)
    }

    /// What the JSON between the time and the fields depends on; it changes rarely from line to line.
    struct LineShape: Equatable {
        var timeSource: TimeSource
        var format: LineFormat
        var wrapper: LineWrapper?
        var level: String?
    }

    /// The fields, the text and the newline: straight from the bytes when the body is plain ASCII
    /// with nothing secret-looking in it, otherwise from the redacted `Event`.
    private func writeTail(_ raw: RawEvent, _ c: Compiled, to out: ByteWriter) {
        let body = raw.body
        guard Self.isASCII(body), body.count <= Event.maxTextBytes, !raw.mightHoldSecret else {
            EventJSONLines.writeTail(raw.event(), to: out)
            return
        }
        let r = raw.ruleIndex
        var first = true
        let captures = raw.captures
        for f in c.fieldRange(r) {
            let field = c.fields[f]
            var range: Range<Int>?
            for g in field.groupStart..<(field.groupStart + field.groupCount) {
                if let found = captures.range(ofGroup: c.groups[g]) { range = found; break }
            }
            guard let range else { continue }
            if !first { out.write(byte: 0x2C) }
            first = false
            out.write(bytes: c.bytes(field.keyStart, field.keyCount))
            let bytes = UnsafeRawBufferPointer(rebasing: body[range])
            switch field.type {
            case .string:
                out.writeJSONStringASCII(bytes)
            case .int where EventJSONLines.isPlainInt(bytes):
                out.write(bytes: bytes)
            default:
                let text = String(decoding: bytes, as: UTF8.self)
                EventJSONLines.writeValue(field.type.convert(text[...]) ?? .string(text), to: out)
            }
        }
        out.write("},\"text\":")
        out.writeJSONStringASCII(body)
        out.write("}\n")
    }

    @inline(__always) static func isASCII(_ b: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = b.count
        while i + 8 <= n {
            if b.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n { if b[i] >= 0x80 { return false }; i += 1 }
        return true
    }

    private func prepare(_ matcher: EventMatcher, file: LogScanner.FileName) {
        if matcher !== self.matcher { tails.clear() }  // body keys are per scan
        self.matcher = matcher
        self.file = file
        let scratch = ByteWriterCapture()
        var arena: [UInt8] = []
        var heads: [(Int, Int)] = []
        var fields: [Compiled.Field] = []
        var fieldStarts: [Int] = []
        var groups: [Int] = []
        for rule in matcher.rules {
            let head = scratch.render { w in
                w.write("{\"kind\":")
                w.writeJSONString(rule.id)
                w.write(",\"file\":")
                w.writeJSONString(file.name)
                w.write(",\"line\":")
            }
            heads.append((arena.count, head.count))
            arena += head
            fieldStarts.append(fields.count)
            for (spec, ruleGroups) in zip(rule.fields, rule.fieldGroups) {
                let key = scratch.render { w in w.writeJSONString(spec.name); w.write(byte: 0x3A) }
                fields.append(Compiled.Field(keyStart: arena.count, keyCount: key.count, type: spec.type,
                                             groupStart: groups.count, groupCount: ruleGroups.count))
                arena += key
                groups += ruleGroups
            }
        }
        fieldStarts.append(fields.count)
        compiled.deallocate()
        compiled = Compiled(arena: arena, heads: heads, fieldStarts: fieldStarts, fields: fields, groups: groups)
        compiledFor = (Unmanaged.passUnretained(matcher).toOpaque(), Unmanaged.passUnretained(file).toOpaque())
    }

    /// Pre-rendered JSON pieces and field tables in manually allocated memory (a struct of pointers:
    /// copying it costs no reference counting; the writer frees it).
    struct Compiled {
        struct Field {
            var keyStart: Int
            var keyCount: Int
            var type: FieldType
            var groupStart: Int
            var groupCount: Int
        }

        let arena: UnsafeMutableRawBufferPointer
        let heads: UnsafeMutableBufferPointer<(Int, Int)>
        let fieldStarts: UnsafeMutableBufferPointer<Int>
        let fields: UnsafeMutableBufferPointer<Field>
        let groups: UnsafeMutableBufferPointer<Int>

        init(arena a: [UInt8], heads h: [(Int, Int)], fieldStarts s: [Int], fields f: [Field], groups g: [Int]) {
            arena = .allocate(byteCount: max(a.count, 1), alignment: 8)
            arena.copyBytes(from: a)
            heads = .allocate(capacity: max(h.count, 1)); _ = heads.initialize(from: h)
            fieldStarts = .allocate(capacity: max(s.count, 1)); _ = fieldStarts.initialize(from: s)
            fields = .allocate(capacity: max(f.count, 1)); _ = fields.initialize(from: f)
            groups = .allocate(capacity: max(g.count, 1)); _ = groups.initialize(from: g)
        }

        func deallocate() {
            arena.deallocate(); heads.deallocate(); fieldStarts.deallocate(); fields.deallocate(); groups.deallocate()
        }

        @inline(__always) func bytes(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: arena[start..<(start + count)])
        }

        @inline(__always) func head(_ rule: Int) -> UnsafeRawBufferPointer { bytes(heads[rule].0, heads[rule].1) }

        @inline(__always) func fieldRange(_ rule: Int) -> Range<Int> { fieldStarts[rule]..<fieldStarts[rule + 1] }
    }

    /// Writes `,"time":"YYYY-MM-DDTHH:MM:SS.ffffff[Z]"`, re-rendering the part up to the seconds only
    /// when the second changes (log lines come in time order, many per second).
    @inline(__always)
    private func writeTime(_ t: Timestamp) {
        var scratch: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &scratch) { buffer in
            let to = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
            out.write(bytes: UnsafeRawBufferPointer(start: to, count: renderTime(t, to)))
        }
    }

    /// Renders `,"time":"…"` at `to` (at most 37 bytes); returns its length.
    @inline(__always)
    private func renderTime(_ t: Timestamp, _ to: UnsafeMutablePointer<UInt8>) -> Int {
        var micros = t.microseconds
        var seconds = micros / 1_000_000
        micros -= seconds * 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        let text = timeText
        if seconds != timeSecond {
            timeSecond = seconds
            var day = seconds / 86_400
            var rest = seconds - day * 86_400
            if rest < 0 { rest += 86_400; day -= 1 }
            if day != timeDay {
                timeDay = day
                let (y, m, d) = Timestamp.civilFromDays(Int(day))
                Self.digits(y, 4, text + 9); text[13] = 0x2D
                Self.digits(m, 2, text + 14); text[16] = 0x2D
                Self.digits(d, 2, text + 17); text[19] = UInt8(ascii: "T")
            }
            Self.digits(Int(rest / 3600), 2, text + 20); text[22] = 0x3A
            Self.digits(Int(rest % 3600 / 60), 2, text + 23); text[25] = 0x3A
            Self.digits(Int(rest % 60), 2, text + 26); text[28] = 0x2E
        }
        to.update(from: text, count: 29)
        Self.digits(Int(micros), 6, to + 29)
        var n = 35
        if t.zoneKnown { to[n] = UInt8(ascii: "Z"); n += 1 }
        to[n] = 0x22
        return n + 1
    }

    /// `value` as `width` decimal digits at `to` (zero-padded, the highest digits dropped).
    @inline(__always)
    private static func digits(_ value: Int, _ width: Int, _ to: UnsafeMutablePointer<UInt8>) {
        var v = value
        var i = width - 1
        while i >= 0 {
            to[i] = UInt8(truncatingIfNeeded: 48 + v % 10)
            v /= 10
            i -= 1
        }
    }
}

/// Renders small byte strings with the `ByteWriter` API (for pre-rendered JSON pieces).
final class ByteWriterCapture {
    func render(_ body: (ByteWriter) -> Void) -> [UInt8] {
        let pipe = ByteWriter(fd: -1, flushAt: 4096)
        body(pipe)
        return pipe.drain()
    }
}

/// Rendered event tails by body key: a direct-mapped table in flat memory (slots of `stride` bytes,
/// touched only when used). Longer tails are not remembered.
final class TailCache {
    static let slots = 4096
    static let stride = 1024
    private let keys: UnsafeMutablePointer<UInt64>
    private let lengths: UnsafeMutablePointer<Int32>
    private let arena: UnsafeMutableRawPointer

    init() {
        keys = .allocate(capacity: Self.slots); keys.initialize(repeating: 0, count: Self.slots)
        lengths = .allocate(capacity: Self.slots); lengths.initialize(repeating: 0, count: Self.slots)
        arena = .allocate(byteCount: Self.slots * Self.stride, alignment: 64)
    }

    deinit { keys.deallocate(); lengths.deallocate(); arena.deallocate() }

    @inline(__always) subscript(key: UInt64) -> UnsafeRawBufferPointer? {
        let s = Int(truncatingIfNeeded: key) & (Self.slots - 1)
        guard keys[s] == key else { return nil }
        return UnsafeRawBufferPointer(start: arena + s * Self.stride, count: Int(lengths[s]))
    }

    func remember(_ tail: UnsafeRawBufferPointer, for key: UInt64) {
        let s = Int(truncatingIfNeeded: key) & (Self.slots - 1)
        guard tail.count <= Self.stride else { keys[s] = 0; return }
        (arena + s * Self.stride).copyMemory(from: tail.baseAddress!, byteCount: tail.count)
        lengths[s] = Int32(tail.count)
        keys[s] = key
    }

    func clear() { keys.update(repeating: 0, count: Self.slots) }
}
