/// A point in time with microsecond precision, kept as integer microseconds since the Unix epoch.
///
/// `zoneKnown` is false when the time came from a clock whose UTC offset could not be inferred
/// (year-less klog in the CLI host's local time with no anchor): durations are still right, but the
/// wall-clock value is the host's local time, and it is printed without a `Z`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var microseconds: Int64
    public var zoneKnown: Bool

    public init(microseconds: Int64, zoneKnown: Bool = true) {
        self.microseconds = microseconds
        self.zoneKnown = zoneKnown
    }

    /// Builds a timestamp from civil date and time fields (interpreted as UTC).
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int, zoneKnown: Bool = true) {
        let days = Int64(Self.daysFromCivil(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.init(microseconds: seconds * 1_000_000 + Int64(microsecond), zoneKnown: zoneKnown)
    }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    /// Seconds from `self` to `other` (positive when `other` is later).
    public func seconds(to other: Timestamp) -> Double {
        Double(other.microseconds - microseconds) / 1_000_000
    }

    /// A copy moved by `seconds`.
    public func adding(seconds: Double) -> Timestamp {
        Timestamp(microseconds: microseconds + Int64((seconds * 1_000_000).rounded()), zoneKnown: zoneKnown)
    }

    /// The civil (proleptic Gregorian, UTC) fields of this time.
    public var civil: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int) {
        var seconds = microseconds / 1_000_000
        var micros = microseconds % 1_000_000
        if micros < 0 { micros += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = Self.civilFromDays(Int(days))
        return (y, m, d, Int(rest / 3600), Int(rest % 3600 / 60), Int(rest % 60), Int(micros))
    }

    /// ISO 8601 with milliseconds, e.g. `2023-01-10T20:10:45.875Z` (no `Z` when the zone is unknown).
    public var iso8601: String { format(fractionDigits: 3) }

    /// ISO 8601 with the given number of fraction digits (0, 3 or 6), built in one small buffer
    /// (timelines hold many timestamps; string concatenation here showed in profiles).
    public func format(fractionDigits: Int) -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(28)
        append(fractionDigits: fractionDigits, to: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// Appends `format(fractionDigits:)` to `buffer` as UTF-8 (for writers that build bytes).
    public func append(fractionDigits: Int, to buffer: inout [UInt8]) {
        let c = civil
        func put(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            if value >= divisor * 10 || value < 0 { buffer.append(contentsOf: String(value).utf8); return }
            while divisor > 0 {
                buffer.append(UInt8(48 + (v / divisor) % 10))
                v %= divisor
                divisor /= 10
            }
        }
        put(c.year, 4); buffer.append(0x2D); put(c.month, 2); buffer.append(0x2D); put(c.day, 2); buffer.append(0x54)
        put(c.hour, 2); buffer.append(0x3A); put(c.minute, 2); buffer.append(0x3A); put(c.second, 2)
        switch fractionDigits {
        case 3: buffer.append(0x2E); put(c.microsecond / 1000, 3)
        case 6: buffer.append(0x2E); put(c.microsecond, 6)
        default: break
        }
        if zoneKnown { buffer.append(0x5A) }
    }

    public var description: String { iso8601 }


    /// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm; integer arithmetic only).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day count since 1970-01-01.
    public static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// Parses `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]` or with a space instead of `T`; nil when malformed.
    public static func parseISO8601(_ text: Substring) -> Timestamp? {
        let b = Array(text.utf8)
        func num(_ at: Int, _ n: Int) -> Int? {
            guard at + n <= b.count else { return nil }
            var v = 0
            for i in at..<(at + n) {
                let c = b[i]
                guard c >= 48 && c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 32, b[13] == 58, b[16] == 58,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2),
              let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 61 else { return nil }
        var i = 19
        var micros = 0
        if i < b.count && b[i] == 46 {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if digits < 6 { micros = micros * 10 + Int(b[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in min(digits, 6)..<6 { micros *= 10 }
        }
        var t = Timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, microsecond: micros)
        if i < b.count && (b[i] == 43 || b[i] == 45), let oh = num(i + 1, 2) {
            let om = (i + 3 < b.count && b[i + 3] == 58) ? (num(i + 4, 2) ?? 0) : (num(i + 3, 2) ?? 0)
            let sign: Int64 = b[i] == 43 ? 1 : -1
            t.microseconds -= sign * Int64(oh * 3600 + om * 60) * 1_000_000
        }
        return t
    }
}

extension Timestamp: Codable {
    /// Encoded as ISO 8601 with microseconds; `Z` only when the zone is known.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard var t = Timestamp.parseISO8601(text[...]) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time: \(text)"))
        }
        t.zoneKnown = text.hasSuffix("Z")
        self = t
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(format(fractionDigits: 6))
    }
}
