import LogModel
import LogScan
import Patterns

/// Writes events as JSON Lines, one object per event, with a fixed key order:
/// `{"kind","file","line","time","timeSource","format","wrapper","level","fields","text"}`.
///
/// `EventJSONWriter` is the hot path that writes the same objects straight from a line's bytes.
public enum EventJSONLines {
    /// Appends one event and a newline to `out`.
    public static func write(_ event: Event, to out: ByteWriter) {
        writeHead(kind: event.kind, file: event.location.file, line: event.location.line, time: event.time,
                  source: event.timeSource, format: event.format, wrapper: event.wrapper, level: event.level, to: out)
        writeTail(event, to: out)
    }

    /// Appends what follows `"fields":{` — the fields, the text and the newline — which depends only
    /// on the event's rule and message, not on where or when it was logged.
    public static func writeTail(_ event: Event, to out: ByteWriter) {
        for (i, field) in event.fields.enumerated() {
            if i > 0 { out.write(byte: 0x2C) }
            out.writeJSONString(field.name)
            out.write(byte: 0x3A)
            writeValue(field.value, to: out)
        }
        out.write("},\"text\":")
        out.writeJSONString(event.text)
        out.write("}\n")
    }

    private static func writeHead(kind: String, file: String, line: Int, time: Timestamp?, source: TimeSource,
                                  format: LineFormat, wrapper: LineWrapper?, level: String?, to out: ByteWriter) {
        out.write("{\"kind\":")
        out.writeJSONString(kind)
        out.write(",\"file\":")
        out.writeJSONString(file)
        out.write(",\"line\":")
        out.write(int: line)
        out.write(",\"time\":")
        if let t = time { out.writeJSONTimestamp(t) } else { out.write("null") }
        out.write(",\"timeSource\":\"")
        out.write(source.rawValue)
        out.write("\",\"format\":\"")
        out.write(format.rawValue)
        out.write(byte: 0x22)
        if let w = wrapper {
            out.write(",\"wrapper\":\"")
            out.write(w.rawValue)
            out.write(byte: 0x22)
        }
        if let level {
            out.write(",\"level\":")
            out.writeJSONString(level)
        }
        out.write(",\"fields\":{")
    }

    /// Digits with an optional sign, short enough for an `Int`, in the form JSON accepts.
    static func isPlainInt(_ b: UnsafeRawBufferPointer) -> Bool {
        guard !b.isEmpty, b.count <= 18 else { return false }
        var i = 0
        if b[0] == UInt8(ascii: "-") { i = 1 } else if b[0] == UInt8(ascii: "+") { return false }
        guard i < b.count, b[i] != UInt8(ascii: "0") || b.count == i + 1 else { return false }
        while i < b.count { guard b[i] &- 48 < 10 else { return false }; i += 1 }
        return true
    }

    static func writeValue(_ value: FieldValue, to out: ByteWriter) {
        switch value {
        case .string(let s): out.writeJSONString(s)
        case .int(let i): out.write(int: i)
        case .float(let f), .duration(let f): out.write(f.isFinite ? String(f) : "null")
        }
    }
}
