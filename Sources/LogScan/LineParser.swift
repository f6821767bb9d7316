import LogModel

/// Recognises the shape of one log line: CI wrapper, header format, clock, and message body.
///
/// Works on raw bytes with integer arithmetic only (no `String`, no allocation), because it runs on
/// every line of a log. See `../shared/format-zoo.md` for the shapes.
public enum LineParser {
    /// Parses the record in `b`; a second record glued onto the line is reported in `gluedRecord`.
    public static func parse(_ b: UnsafeRawBufferPointer) -> ParsedLine {
        let n = b.count
        var i = skipBlanks(b, 0)
        var indented = i > 0
        var wrapper: LineWrapper?
        var wrapperTime: Timestamp?
        var glued: Int?
        var limit = n

        if i < n, b[i] == UInt8(ascii: "["), let (t, after) = isoStamp(b, i + 1), after < n, b[after] == UInt8(ascii: "]") {
            wrapper = .jenkins
            wrapperTime = t
            i = after + 1
            if i < n && b[i] == 0x20 { i += 1 }
            if let next = findGlued(b, from: i) { glued = next; limit = next }
        } else if i < n, isDigit(b[i]), let (t, after) = isoStamp(b, i), after < n, b[after] == 0x20 {
            wrapper = .isoStamp
            wrapperTime = t
            i = after + 1
        }
        if wrapper != nil {
            let j = skipBlanks(b, i, limit: limit)
            if j > i { indented = true }
            i = j
        }

        // Inner header.
        let h = klogHeader(b, i, limit: limit)
        if h.found {
            return ParsedLine(wrapper: wrapper, wrapperTime: wrapperTime, format: h.pid ? .klogPID : .klog, level: h.level,
                              local: h.time, body: trim(b, h.body, limit), indented: indented, gluedRecord: glued)
        }
        if let h = ui(b, i, limit: limit) {
            var body = trim(b, h.body, limit)
            body = stripTrailingGlyph(b, body)
            return ParsedLine(wrapper: wrapper, wrapperTime: wrapperTime, format: .ui, level: nil,
                              local: h.time, body: body, indented: false, gluedRecord: glued)
        }
        if let (level, bodyStart) = pylog(b, i, limit: limit) {
            return ParsedLine(wrapper: wrapper, wrapperTime: wrapperTime, format: .pylog, level: level,
                              local: nil, body: trim(b, bodyStart, limit), indented: false, gluedRecord: glued)
        }
        var body = trim(b, i, limit)
        let format: LineFormat = isPrompt(b, body) ? .prompt : .plain
        if format == .plain { body = stripLeadingGlyph(b, body) }
        return ParsedLine(wrapper: wrapper, wrapperTime: wrapperTime, format: format, level: nil,
                          local: nil, body: body, indented: indented, gluedRecord: glued)
    }

    // MARK: - Pieces

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

    @inline(__always) static func digits(_ b: UnsafeRawBufferPointer, _ at: Int, _ count: Int) -> Int? {
        guard at >= 0, at + count <= b.count else { return nil }
        var v = 0
        for k in at..<(at + count) {
            let d = b[k] &- 48
            guard d < 10 else { return nil }
            v = v * 10 + Int(d)
        }
        return v
    }

    @inline(__always) static func skipBlanks(_ b: UnsafeRawBufferPointer, _ from: Int, limit: Int? = nil) -> Int {
        var i = from
        let end = limit ?? b.count
        while i < end && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        return i
    }

    @inline(__always) static func trim(_ b: UnsafeRawBufferPointer, _ from: Int, _ limit: Int) -> Range<Int> {
        var lo = from, hi = limit
        while lo < hi && (b[lo] == 0x20 || b[lo] == 0x09) { lo += 1 }
        while hi > lo && (b[hi - 1] == 0x20 || b[hi - 1] == 0x09 || b[hi - 1] == 0x0D) { hi -= 1 }
        return lo..<hi
    }

    /// `YYYY-MM-DDThh:mm:ss[.f+]Z` starting at `i`; returns the UTC time and the index after `Z`.
    static func isoStamp(_ b: UnsafeRawBufferPointer, _ i: Int) -> (Timestamp, Int)? {
        guard i + 20 <= b.count, b[i + 4] == 0x2D, b[i + 7] == 0x2D, b[i + 10] == UInt8(ascii: "T"),
              b[i + 13] == 0x3A, b[i + 16] == 0x3A,
              let y = digits(b, i, 4), let mo = digits(b, i + 5, 2), let d = digits(b, i + 8, 2),
              let h = digits(b, i + 11, 2), let mi = digits(b, i + 14, 2), let s = digits(b, i + 17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var k = i + 19
        var micros = 0
        if k < b.count && b[k] == 0x2E {
            k += 1
            var count = 0
            while k < b.count && isDigit(b[k]) {
                if count < 6 { micros = micros * 10 + Int(b[k] - 48) }
                count += 1
                k += 1
            }
            guard count > 0 else { return nil }
            var c = count
            while c < 6 { micros *= 10; c += 1 }
        }
        guard k < b.count, b[k] == UInt8(ascii: "Z") else { return nil }
        return (Timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, microsecond: micros), k + 1)
    }

    /// A second `[ISO] ` wrapper in the middle of a line (Jenkins glued two records together).
    static func findGlued(_ b: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        let n = b.count
        while i + 26 <= n {
            if b[i] == UInt8(ascii: "["), b[i + 1] == UInt8(ascii: "2"), b[i + 11] == UInt8(ascii: "T"),
               let (_, after) = isoStamp(b, i + 1), after < n, b[after] == UInt8(ascii: "]") {
                return i
            }
            i += 1
        }
        return nil
    }

    /// A klog header (`Lmmdd hh:mm:ss.uuuuuu [pid ]file:line] `) packed into two words, so it comes back in registers (this runs on every line:
    /// a header returned through memory cost a store-forwarding stall per line).
    struct KlogHeader {
        /// month, day, hour, minute, second, microsecond in 4+5+5+6+6+20 bits.
        var packedTime: UInt64
        /// body offset (bits 0–31), PID column (bit 32), level letter (bits 40–47); 0 when absent.
        var info: UInt64
        @inline(__always) var found: Bool { info != 0 }
        @inline(__always) var body: Int { Int(info & 0xFFFF_FFFF) }
        @inline(__always) var pid: Bool { info & (1 << 32) != 0 }
        @inline(__always) var level: String {
            switch UInt8(truncatingIfNeeded: info >> 40) {
            case UInt8(ascii: "I"): return "I"
            case UInt8(ascii: "W"): return "W"
            case UInt8(ascii: "E"): return "E"
            case UInt8(ascii: "O"): return "O"
            default: return "F"
            }
        }
        @inline(__always) var time: LocalTime {
            let t = packedTime
            return LocalTime(month: Int(t >> 42), day: Int((t >> 37) & 31), hour: Int((t >> 32) & 31),
                             minute: Int((t >> 26) & 63), second: Int((t >> 20) & 63), microsecond: Int(t & 0xF_FFFF))
        }
    }

    @inline(__always) static func klogHeader(_ b: UnsafeRawBufferPointer, _ i: Int, limit: Int) -> KlogHeader {
        let none = KlogHeader(packedTime: 0, info: 0)
        guard i + 22 < limit, b.count <= 0xFFFF_FFFF else { return none }
        let letter = b[i]
        switch letter {
        case UInt8(ascii: "I"), UInt8(ascii: "W"), UInt8(ascii: "E"), UInt8(ascii: "O"), UInt8(ascii: "F"): break
        default: return none
        }
        guard b[i + 5] == 0x20, b[i + 8] == 0x3A, b[i + 11] == 0x3A, b[i + 14] == 0x2E,
              let mo = digits(b, i + 1, 2), let d = digits(b, i + 3, 2),
              let h = digits(b, i + 6, 2), let mi = digits(b, i + 9, 2), let s = digits(b, i + 12, 2),
              let us = digits(b, i + 15, 6), (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61
        else { return none }
        var k = i + 21
        guard k < limit, b[k] == 0x20 else { return none }
        k = skipBlanks(b, k, limit: limit)
        var pid = false
        var p = k
        while p < limit && isDigit(b[p]) { p += 1 }
        if p > k && p < limit && b[p] == 0x20 {
            pid = true
            k = p + 1
        }
        // file:line]
        guard let close = fileLine(b, k, limit: limit) else { return none }
        var body = close + 1
        if body < limit && b[body] == 0x20 { body += 1 }
        let packed = UInt64(mo) << 42 | UInt64(d) << 37 | UInt64(h) << 32 | UInt64(mi) << 26 | UInt64(s) << 20 | UInt64(us)
        return KlogHeader(packedTime: packed, info: UInt64(body) | (pid ? 1 << 32 : 0) | UInt64(letter) << 40)
    }

    /// `name.go:123]` starting at `k`: returns the index of `]`.
    @inline(__always) static func fileLine(_ b: UnsafeRawBufferPointer, _ k: Int, limit: Int) -> Int? {
        var p = k
        var colon = -1
        while p < limit && p - k < 96 {
            let c = b[p]
            if c == UInt8(ascii: "]") {
                guard colon > k, p > colon + 1 else { return nil }
                return p
            }
            if c == 0x3A { colon = p } else if c == 0x20 { return nil } else if colon >= 0 && !isDigit(c) { return nil }
            p += 1
        }
        return nil
    }

    /// The UI installer view: optional glyph, `[MMDD hh:mm:ss.fffff]: file:line] `.
    static func ui(_ b: UnsafeRawBufferPointer, _ i0: Int, limit: Int) -> (time: LocalTime, body: Int)? {
        var i = i0
        if i < limit && b[i] >= 0x80 {
            while i < limit && b[i] >= 0x80 { i += 1 }
            i = skipBlanks(b, i, limit: limit)
        }
        guard i + 21 < limit, b[i] == UInt8(ascii: "["), b[i + 5] == 0x20, b[i + 8] == 0x3A, b[i + 11] == 0x3A, b[i + 14] == 0x2E,
              let mo = digits(b, i + 1, 2), let d = digits(b, i + 3, 2), let h = digits(b, i + 6, 2),
              let mi = digits(b, i + 9, 2), let s = digits(b, i + 12, 2), (1...12).contains(mo) else { return nil }
        var k = i + 15
        var micros = 0, count = 0
        while k < limit && isDigit(b[k]) {
            if count < 6 { micros = micros * 10 + Int(b[k] - 48) }
            count += 1
            k += 1
        }
        guard count > 0, k + 1 < limit, b[k] == UInt8(ascii: "]"), b[k + 1] == 0x3A else { return nil }
        while count < 6 { micros *= 10; count += 1 }
        k = skipBlanks(b, k + 2, limit: limit)
        guard let close = fileLine(b, k, limit: limit) else { return nil }
        return (LocalTime(month: mo, day: d, hour: h, minute: mi, second: s, microsecond: micros), close + 1)
    }

    private static let pyLevels: [[UInt8]] = ["INFO", "WARNING", "ERROR", "DEBUG", "CRITICAL"].map { Array($0.utf8) }

    /// Python logging: `LEVEL:logger:message`.
    static func pylog(_ b: UnsafeRawBufferPointer, _ i: Int, limit: Int) -> (String, Int)? {
        guard i < limit, b[i] >= UInt8(ascii: "C"), b[i] <= UInt8(ascii: "W") else { return nil }
        for level in pyLevels where i + level.count < limit {
            var same = true
            for (k, c) in level.enumerated() where b[i + k] != c { same = false; break }
            guard same, b[i + level.count] == 0x3A else { continue }
            var k = i + level.count + 1
            let loggerStart = k
            while k < limit && k - loggerStart < 64 && b[k] != 0x3A && b[k] != 0x20 { k += 1 }
            guard k < limit, b[k] == 0x3A, k > loggerStart else { return nil }
            return (String(decoding: level, as: UTF8.self), k + 1)
        }
        return nil
    }

    /// A pasted shell prompt: `$ cmd`, `> cmd`, `user@host:path$ cmd`.
    static func isPrompt(_ b: UnsafeRawBufferPointer, _ body: Range<Int>) -> Bool {
        guard body.count >= 3 else { return false }
        let f = b[body.lowerBound]
        if (f == UInt8(ascii: "$") || f == UInt8(ascii: ">")) && b[body.lowerBound + 1] == 0x20 { return true }
        var k = body.lowerBound
        var at = false, colon = false
        while k < body.upperBound - 1 {
            let c = b[k]
            if c == 0x20 { return false }
            if c == UInt8(ascii: "@") { at = true }
            if c == 0x3A && at { colon = true }
            if (c == UInt8(ascii: "$") || c == UInt8(ascii: "#")) && colon && b[k + 1] == 0x20 { return true }
            k += 1
        }
        return false
    }

    /// Drops a leading emoji/symbol glyph and its space (`📁 Created cluster directory`).
    static func stripLeadingGlyph(_ b: UnsafeRawBufferPointer, _ body: Range<Int>) -> Range<Int> {
        guard !body.isEmpty, b[body.lowerBound] >= 0x80 else { return body }
        var k = body.lowerBound
        while k < body.upperBound && b[k] != 0x20 && k - body.lowerBound < 16 {
            if b[k] < 0x80 { return body }  // a word, not a glyph
            k += 1
        }
        guard k < body.upperBound, b[k] == 0x20 else { return body }
        return trim(b, k, body.upperBound)
    }

    /// Drops a trailing severity glyph (`... investigate the cause: ‼`).
    static func stripTrailingGlyph(_ b: UnsafeRawBufferPointer, _ body: Range<Int>) -> Range<Int> {
        var k = body.upperBound
        while k > body.lowerBound && b[k - 1] >= 0x80 && body.upperBound - k < 8 { k -= 1 }
        guard k < body.upperBound, k > body.lowerBound, b[k - 1] == 0x20 else { return body }
        return trim(b, body.lowerBound, k)
    }
}
