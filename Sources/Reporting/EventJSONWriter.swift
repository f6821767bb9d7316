import LogModel
import LogScan
import Patterns

/// The hot path of `tkgqa events`: writes scanner events as JSON Lines straight from the line's bytes.
///
/// Per rule it pre-renders the constant parts of an event object (`{"kind":"…","file":"…","line":`
/// and each `"field":`), so an event costs little more than copying its bytes. Lines that might hold
/// a secret, are not ASCII or are longer than `Event.maxTextBytes` go through the owned, redacted
/// `Event` instead (`EventJSONLines.write`). The output is byte-for-byte what `EventJSONLines` writes.
public final class EventJSONWriter {
    private let out: ByteWriter
    private var matcher: EventMatcher?
    private var file = ""
    /// Everything pre-rendered, in flat raw memory: per-event access costs no reference counting.
    private var compiled: Compiled?
    private var lastDay = Int64.min
    private var dayText: [UInt8] = []

    public init(out: ByteWriter) { self.out = out }

    /// Writes one event.
    public func write(_ raw: RawEvent) {
        let body = raw.body
        guard Self.isASCII(body), body.count <= Event.maxTextBytes, !raw.mightHoldSecret else {
            EventJSONLines.write(raw.event(), to: out)
            return
        }
        if raw.matcher !== matcher || raw.file != file { prepare(raw.matcher, file: raw.file) }
        let r = raw.ruleIndex
        let c = compiled!
        out.write(bytes: c.head(r))
        out.write(int: raw.line)
        out.write(",\"time\":")
        if let t = raw.time { writeTime(t) } else { out.write("null") }
        out.write(",\"timeSource\":\"")
        out.write(raw.timeSource.rawValue)
        out.write("\",\"format\":\"")
        out.write(raw.format.rawValue)
        out.write(byte: 0x22)
        if let w = raw.wrapper {
            out.write(",\"wrapper\":\"")
            out.write(w.rawValue)
            out.write(byte: 0x22)
        }
        if let level = raw.level {
            out.write(",\"level\":")
            out.writeJSONString(level)
        }
        out.write(",\"fields\":{")
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

    private func prepare(_ matcher: EventMatcher, file: String) {
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
                w.writeJSONString(file)
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
        compiled = Compiled(arena: arena, heads: heads, fieldStarts: fieldStarts, fields: fields, groups: groups)
    }

    /// Pre-rendered JSON pieces and field tables in manually allocated memory.
    final class Compiled {
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

        deinit {
            arena.deallocate(); heads.deallocate(); fieldStarts.deallocate(); fields.deallocate(); groups.deallocate()
        }

        @inline(__always) func bytes(_ start: Int, _ count: Int) -> UnsafeRawBufferPointer {
            UnsafeRawBufferPointer(rebasing: arena[start..<(start + count)])
        }

        @inline(__always) func head(_ rule: Int) -> UnsafeRawBufferPointer { bytes(heads[rule].0, heads[rule].1) }

        @inline(__always) func fieldRange(_ rule: Int) -> Range<Int> { fieldStarts[rule]..<fieldStarts[rule + 1] }
    }

    /// Writes a timestamp, re-rendering the date part only when the day changes.
    private func writeTime(_ t: Timestamp) {
        var micros = t.microseconds
        var seconds = micros / 1_000_000
        micros -= seconds * 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var day = seconds / 86_400
        var rest = seconds - day * 86_400
        if rest < 0 { rest += 86_400; day -= 1 }
        if day != lastDay {
            lastDay = day
            let (y, m, d) = Timestamp.civilFromDays(Int(day))
            dayText = ByteWriterCapture().render { w in
                w.write(byte: 0x22)
                w.write(padded: y, width: 4); w.write(byte: 0x2D)
                w.write(padded: m, width: 2); w.write(byte: 0x2D)
                w.write(padded: d, width: 2); w.write(byte: UInt8(ascii: "T"))
            }
        }
        dayText.withUnsafeBytes { out.write(bytes: $0) }
        out.write(padded: Int(rest / 3600), width: 2); out.write(byte: 0x3A)
        out.write(padded: Int(rest % 3600 / 60), width: 2); out.write(byte: 0x3A)
        out.write(padded: Int(rest % 60), width: 2); out.write(byte: 0x2E)
        out.write(padded: Int(micros), width: 6)
        if t.zoneKnown { out.write(byte: UInt8(ascii: "Z")) }
        out.write(byte: 0x22)
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
