import LogModel

/// Writes events as JSON Lines, one object per event, with a fixed key order:
/// `{"kind","file","line","time","timeSource","format","wrapper","level","fields","text"}`.
public enum EventJSONLines {
    /// Appends one event and a newline to `out`.
    public static func write(_ event: Event, to out: ByteWriter) {
        out.write("{\"kind\":")
        out.writeJSONString(event.kind)
        out.write(",\"file\":")
        out.writeJSONString(event.location.file)
        out.write(",\"line\":")
        out.write(String(event.location.line))
        out.write(",\"time\":")
        if let t = event.time { out.writeJSONString(t.format(fractionDigits: 6)) } else { out.write("null") }
        out.write(",\"timeSource\":\"")
        out.write(event.timeSource.rawValue)
        out.write("\",\"format\":\"")
        out.write(event.format.rawValue)
        out.write("\"")
        if let w = event.wrapper {
            out.write(",\"wrapper\":\"")
            out.write(w.rawValue)
            out.write("\"")
        }
        if let level = event.level {
            out.write(",\"level\":")
            out.writeJSONString(level)
        }
        out.write(",\"fields\":{")
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

    static func writeValue(_ value: FieldValue, to out: ByteWriter) {
        switch value {
        case .string(let s): out.writeJSONString(s)
        case .int(let i): out.write(String(i))
        case .float(let f), .duration(let f): out.write(f.isFinite ? String(f) : "null")
        }
    }
}
