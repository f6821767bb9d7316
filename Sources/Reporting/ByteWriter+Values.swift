import LogModel

extension ByteWriter {
    /// Writes a non-negative or negative integer in decimal without building a `String`.
    @inline(__always) public func write(int value: Int) {
        if value < 0 { write(byte: UInt8(ascii: "-")) }
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[n] = UInt8(48 + v % 10)
                v /= 10
                n += 1
            } while v > 0
            while n > 0 { n -= 1; write(byte: d[n]) }
        }
    }

    /// Writes `value` zero-padded to `width` digits.
    @inline(__always) public func write(padded value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            write(byte: UInt8(48 + (v / divisor) % 10))
            v %= divisor
            divisor /= 10
        }
    }

    /// Writes a timestamp as a quoted ISO 8601 string with microseconds (`"2023-01-10T20:10:45.875000Z"`).
    public func writeJSONTimestamp(_ t: Timestamp) {
        let c = t.civil
        write(byte: 0x22)
        write(padded: c.year, width: 4); write(byte: 0x2D)
        write(padded: c.month, width: 2); write(byte: 0x2D)
        write(padded: c.day, width: 2); write(byte: UInt8(ascii: "T"))
        write(padded: c.hour, width: 2); write(byte: 0x3A)
        write(padded: c.minute, width: 2); write(byte: 0x3A)
        write(padded: c.second, width: 2); write(byte: 0x2E)
        write(padded: c.microsecond, width: 6)
        if t.zoneKnown { write(byte: UInt8(ascii: "Z")) }
        write(byte: 0x22)
    }

    /// Writes bytes the caller knows to be ASCII as a JSON string. Eight bytes at a time are checked
    /// for characters that need escaping (SWAR), so plain text is copied in runs.
    @inline(__always) public func writeJSONStringASCII(_ bytes: UnsafeRawBufferPointer) {
        write(byte: 0x22)
        let n = bytes.count
        var runStart = 0
        var i = 0
        while i < n {
            if i + 8 <= n {
                let x = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if !Self.needsEscape(x) { i += 8; continue }
            }
            let c = bytes[i]
            if c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F {
                if i > runStart { write(bytes: UnsafeRawBufferPointer(rebasing: bytes[runStart..<i])) }
                runStart = i + 1
                switch c {
                case 0x22: write(byte: 0x5C); write(byte: 0x22)
                case 0x5C: write(byte: 0x5C); write(byte: 0x5C)
                case 0x09: write(byte: 0x5C); write(byte: UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    for b in [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]] { write(byte: b) }
                }
            }
            i += 1
        }
        if n > runStart { write(bytes: UnsafeRawBufferPointer(rebasing: bytes[runStart...])) }
        write(byte: 0x22)
    }

    /// Whether any of the 8 ASCII bytes in `x` is a control character, `"`, `\` or DEL.
    @inline(__always) static func needsEscape(_ x: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let control = (x &- ones &* 0x20) & ~x & high
        let q = x ^ (ones &* 0x22)
        let quote = (q &- ones) & ~q & high
        let bs = x ^ (ones &* 0x5C)
        let backslash = (bs &- ones) & ~bs & high
        let d = x ^ (ones &* 0x7F)
        let del = (d &- ones) & ~d & high
        return (control | quote | backslash | del) != 0
    }
}
