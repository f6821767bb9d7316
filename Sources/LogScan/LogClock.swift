import LogModel

/// Turns year-less, zone-less header clocks into UTC timestamps.
///
/// klog and the UI installer print the CLI host's local time without a year. The clock takes a
/// reference year (and month, for the Dec→Jan rollover) and the host's UTC offset from anchors in the
/// log — a CI wrapper's UTC stamp on the same line as a klog time, or the UTC
/// `OperationStartTimestamp` of a `TKGOperationInfo` patch next to a klog time — or from `--year`,
/// `--tz` and the file's mtime, in that order. The settings are fixed before the first event, so all
/// times of a file shift by the same amount and durations stay right.
public struct LogClock: Sendable, Equatable {
    /// The year used for header times in `referenceMonth`; months far from it roll into the adjacent year.
    public var referenceYear: Int?
    public var referenceMonth: Int
    /// The CLI host's offset from UTC in seconds (local = UTC + offset), when known.
    public var utcOffsetSeconds: Int?
    /// How the year and offset were found, for the `events` summary and tests.
    public var yearSource: String
    public var offsetSource: String

    public init(referenceYear: Int? = nil, referenceMonth: Int = 6, utcOffsetSeconds: Int? = nil,
                yearSource: String = "none", offsetSource: String = "none") {
        self.referenceYear = referenceYear
        self.referenceMonth = referenceMonth
        self.utcOffsetSeconds = utcOffsetSeconds
        self.yearSource = yearSource
        self.offsetSource = offsetSource
    }

    /// The UTC time of a header reading (or local time marked zone-unknown when no offset is known).
    public func timestamp(_ t: LocalTime) -> Timestamp {
        var year = referenceYear ?? 2000
        if t.month - referenceMonth > 6 { year -= 1 }
        if referenceMonth - t.month > 6 { year += 1 }
        var ts = Timestamp(year: year, month: t.month, day: t.day, hour: t.hour, minute: t.minute,
                           second: t.second, microsecond: t.microsecond, zoneKnown: utcOffsetSeconds != nil)
        if let offset = utcOffsetSeconds { ts.microseconds -= Int64(offset) * 1_000_000 }
        if referenceYear == nil { ts.zoneKnown = false }
        return ts
    }

    /// The offset that maps `local` onto the UTC time `utc`, rounded to a quarter hour (a CI wrapper may
    /// stamp a line a little after the CLI wrote it).
    public static func offset(local: LocalTime, year: Int, utc: Timestamp) -> Int {
        let asUTC = Timestamp(year: year, month: local.month, day: local.day, hour: local.hour, minute: local.minute,
                              second: local.second, microsecond: local.microsecond)
        let seconds = Double(asUTC.microseconds - utc.microseconds) / 1_000_000
        return Int((seconds / 900).rounded()) * 900
    }

    /// Parses `--tz` values: `+02:00`, `-0530`, `UTC`, `Z`.
    public static func parseOffset(_ text: String) -> Int? {
        if text == "UTC" || text == "Z" || text == "utc" { return 0 }
        var s = Substring(text)
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        s = s.dropFirst()
        let digits = s.filter { $0 != ":" }
        guard digits.count == 4 || digits.count == 2, digits.allSatisfy(\.isNumber) else { return nil }
        let h = Int(digits.prefix(2))!, m = digits.count == 4 ? Int(digits.suffix(2))! : 0
        guard h <= 14, m < 60 else { return nil }
        return (sign == "-" ? -1 : 1) * (h * 3600 + m * 60)
    }
}
