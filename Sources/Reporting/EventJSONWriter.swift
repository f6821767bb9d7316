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
    private var heads: [[UInt8]] = []
    private var fieldKeys: [[[UInt8]]] = []
    private var fieldTypes: [[FieldType]] = []
    private var fieldGroups: [[[Int]]] = []
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
        heads[r].withUnsafeBytes { out.write(bytes: $0) }
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
        let groups = fieldGroups[r]
        for index in 0..<groups.count {
            var range: Range<Int>?
            for g in groups[index] {
                if let found = raw.captures.range(ofGroup: g) { range = found; break }
            }
            guard let range else { continue }
            if !first { out.write(byte: 0x2C) }
            first = false
            fieldKeys[r][index].withUnsafeBytes { out.write(bytes: $0) }
            let bytes = UnsafeRawBufferPointer(rebasing: body[range])
            switch fieldTypes[r][index] {
            case .string:
                out.writeJSONStringASCII(bytes)
            case .int where EventJSONLines.isPlainInt(bytes):
                out.write(bytes: bytes)
            default:
                let text = String(decoding: bytes, as: UTF8.self)
                EventJSONLines.writeValue(fieldTypes[r][index].convert(text[...]) ?? .string(text), to: out)
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
        heads = matcher.rules.map { rule in
            scratch.render { w in
                w.write("{\"kind\":")
                w.writeJSONString(rule.id)
                w.write(",\"file\":")
                w.writeJSONString(file)
                w.write(",\"line\":")
            }
        }
        fieldKeys = matcher.rules.map { rule in
            rule.fields.map { spec in scratch.render { w in w.writeJSONString(spec.name); w.write(byte: 0x3A) } }
        }
        fieldTypes = matcher.rules.map { $0.fields.map(\.type) }
        fieldGroups = matcher.rules.map(\.fieldGroups)
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
