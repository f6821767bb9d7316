import Testing
import LogModel
@testable import LogScan

struct LogClockTests {
    static func local(_ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int = 0, _ us: Int = 0) -> LocalTime {
        LocalTime(month: mo, day: d, hour: h, minute: mi, second: s, microsecond: us)
    }

    @Test func decemberToJanuaryRollover() {
        let clock = LogClock(referenceYear: 2024, referenceMonth: 1, utcOffsetSeconds: 0)
        let before = clock.timestamp(Self.local(12, 31, 23, 59))
        let after = clock.timestamp(Self.local(1, 1, 0, 1))
        #expect(before.civil.year == 2023)
        #expect(after.civil.year == 2024)
        #expect(before.seconds(to: after) == 120)
    }

    @Test func januaryAfterADecemberReference() {
        let clock = LogClock(referenceYear: 2023, referenceMonth: 12, utcOffsetSeconds: 0)
        #expect(clock.timestamp(Self.local(1, 1, 0, 1)).civil.year == 2024)
        #expect(clock.timestamp(Self.local(12, 31, 23, 59)).civil.year == 2023)
        #expect(clock.timestamp(Self.local(7, 1, 0, 0)).civil.year == 2023)
    }

    @Test func offsetIsSubtractedToGetUTC() {
        let clock = LogClock(referenceYear: 2023, referenceMonth: 1, utcOffsetSeconds: 7200)
        let t = clock.timestamp(Self.local(1, 10, 22, 9, 55, 301_000))
        #expect(t == Timestamp(year: 2023, month: 1, day: 10, hour: 20, minute: 9, second: 55, microsecond: 301_000))
        #expect(t.zoneKnown)
        #expect(t.iso8601 == "2023-01-10T20:09:55.301Z")
    }

    @Test func unknownOffsetKeepsLocalTimeMarkedZoneUnknown() {
        let clock = LogClock(referenceYear: 2023, referenceMonth: 5)
        let t = clock.timestamp(Self.local(5, 16, 11, 27, 44, 345_583))
        #expect(!t.zoneKnown)
        #expect(t.iso8601 == "2023-05-16T11:27:44.345")
    }

    @Test func unknownYearIsNeverZoneKnown() {
        let clock = LogClock(referenceYear: nil, utcOffsetSeconds: 0)
        #expect(!clock.timestamp(Self.local(5, 16, 11, 27)).zoneKnown)
    }

    @Test(arguments: [
        // local, UTC stamp, expected offset
        ("a Jenkins stamp 2 ms after a klog time in UTC+2", 7200, 0.002),
        ("a Jenkins stamp 40 s late", 7200, 40.0),
        ("UTC-05:30", -19_800, 1.5),
        ("UTC", 0, 0.5),
    ])
    func offsetFromAUTCStamp(_ what: String, _ offset: Int, _ lag: Double) {
        let utc = Timestamp(year: 2023, month: 1, day: 10, hour: 20, minute: 9, second: 55, microsecond: 0)
        let localInstant = utc.adding(seconds: Double(offset) - lag).civil
        let local = Self.local(localInstant.month, localInstant.day, localInstant.hour, localInstant.minute, localInstant.second, localInstant.microsecond)
        #expect(LogClock.offset(local: local, year: localInstant.year, utc: utc) == offset, "\(what)")
    }

    @Test(arguments: [
        ("+02:00", 7200), ("-0530", -19_800), ("-05:30", -19_800), ("+0000", 0), ("+14:00", 50_400),
        ("+02", 7200), ("UTC", 0), ("utc", 0), ("Z", 0),
    ] as [(String, Int)])
    func parseOffset(_ text: String, _ seconds: Int) {
        #expect(LogClock.parseOffset(text) == seconds)
    }

    @Test(arguments: ["", "2", "02:00", "+2:00", "+15:00", "+02:60", "+ab:cd", "CET", "+02:00:00", "--0200", "+"])
    func parseOffsetRejects(_ text: String) {
        #expect(LogClock.parseOffset(text) == nil)
    }
}
