#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogModel

/// Looks through the head of a log for the anchors that fix its clock: a CI wrapper's UTC stamp on a
/// klog line, a `TKGOperationInfo` `OperationStartTimestamp` (UTC, with a year) after a klog header,
/// and the old CLI's `/tmp/tkg-<timestamp>.log` file name.
public struct AnchorProbe: Sendable {
    /// What the probe found.
    public struct Findings: Sendable, Equatable {
        public var year: Int?
        public var referenceMonth: Int?
        public var utcOffsetSeconds: Int?
        public var source: String?
        /// The run start named by the old CLI's log file name (host local time).
        public var oldCLIStart: Timestamp?
    }

    /// Scans the complete lines in `head`.
    public static func probe(_ head: UnsafeRawBufferPointer) -> Findings {
        var found = Findings()
        var lastLocal: LocalTime?
        var start = 0
        let n = head.count
        guard let base = head.baseAddress else { return found }
        while start < n {
            let rest = n - start
            let nl = memchr(base + start, 0x0A, rest)
            let end = nl.map { UnsafeRawPointer($0) - base } ?? n
            let line = UnsafeRawBufferPointer(rebasing: head[start..<end])
            start = end + 1
            var parsed = LineParser.parse(line)
            while true {
                if let local = parsed.local {
                    if found.utcOffsetSeconds == nil, let utc = parsed.wrapperTime {
                        let year = yearOf(local: local, near: utc)
                        found.year = year
                        found.referenceMonth = local.month
                        found.utcOffsetSeconds = LogClock.offset(local: local, year: year, utc: utc)
                        found.source = "ci-wrapper"
                    }
                    lastLocal = local
                }
                if found.utcOffsetSeconds == nil, let utc = operationStart(line), let local = lastLocal {
                    let year = yearOf(local: local, near: utc)
                    found.year = year
                    found.referenceMonth = local.month
                    found.utcOffsetSeconds = LogClock.offset(local: local, year: year, utc: utc)
                    found.source = "OperationStartTimestamp"
                }
                if found.year == nil, let utc = parsed.wrapperTime {
                    let c = utc.civil
                    found.year = c.year
                    found.referenceMonth = c.month
                    found.source = "ci-wrapper"
                }
                if found.oldCLIStart == nil, let t = oldCLILogName(line) {
                    found.oldCLIStart = t
                    if found.year == nil {
                        found.year = t.civil.year
                        found.referenceMonth = t.civil.month
                        found.source = "old-cli-log-name"
                    }
                }
                guard let glued = parsed.gluedRecord else { break }
                parsed = LineParser.parse(UnsafeRawBufferPointer(rebasing: line[glued...]))
            }
            if found.utcOffsetSeconds != nil && found.oldCLIStart != nil { break }
        }
        return found
    }

    /// The year of a local reading that is within a day or so of `utc`.
    static func yearOf(local: LocalTime, near utc: Timestamp) -> Int {
        let c = utc.civil
        if local.month == 12 && c.month == 1 { return c.year - 1 }
        if local.month == 1 && c.month == 12 { return c.year + 1 }
        return c.year
    }

    private static let startKey = Array("OperationStartTimestamp".utf8)
    private static let tkgLog = Array("/tmp/tkg-".utf8)

    /// `OperationStartTimestamp\":\"2023-01-10 20:10:30.295742703 +0000 UTC` anywhere in the line.
    static func operationStart(_ line: UnsafeRawBufferPointer) -> Timestamp? {
        guard let at = find(startKey, in: line) else { return nil }
        var k = at + startKey.count
        // Skip quotes, backslashes, colons and spaces up to the first digit.
        while k < line.count && k - at < startKey.count + 8 && !LineParser.isDigit(line[k]) { k += 1 }
        guard k + 19 <= line.count else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[k..<min(line.count, k + 40)]), as: UTF8.self)
        return Timestamp.parseISO8601(text[...])
    }

    /// `/tmp/tkg-20200917T091522118812114.log`: the old CLI's run start, host local time.
    static func oldCLILogName(_ line: UnsafeRawBufferPointer) -> Timestamp? {
        guard let at = find(tkgLog, in: line) else { return nil }
        let k = at + tkgLog.count
        guard k + 15 <= line.count, line[k + 8] == UInt8(ascii: "T"),
              let y = LineParser.digits(line, k, 4), let mo = LineParser.digits(line, k + 4, 2),
              let d = LineParser.digits(line, k + 6, 2), let h = LineParser.digits(line, k + 9, 2),
              let mi = LineParser.digits(line, k + 11, 2), let s = LineParser.digits(line, k + 13, 2),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        var micros = 0, count = 0, p = k + 15
        while p < line.count, LineParser.isDigit(line[p]), count < 6 {
            micros = micros * 10 + Int(line[p] - 48)
            count += 1
            p += 1
        }
        while count < 6 { micros *= 10; count += 1 }
        return Timestamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s, microsecond: micros, zoneKnown: false)
    }

    static func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer) -> Int? {
        ByteSearch.find(needle, in: hay)
    }
}
