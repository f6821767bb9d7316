import Foundation
import Testing
import LogModel
import Patterns
@testable import LogScan

/// End to end on small temp logs: clock, time sources, rejected inputs, regex limits.
struct LogScannerTests {
    static let embedded: PatternSet = {
        do { return try PatternSet.embedded() } catch { fatalError("embedded patterns do not load: \(error)") }
    }()

    /// Scans `text` written to a temp file and returns the owned events and the stats.
    static func scan(_ text: String, patterns: PatternSet = embedded, options: ScanOptions = ScanOptions()) throws -> ([Event], ScanStats) {
        let dir = try TempDir()
        let path = try dir.write("scan.log", text)
        var events: [Event] = []
        let stats = try LogScanner(patterns: patterns, options: options).scan(path: path, name: "scan.log") { events.append($0.event()) }
        return (events, stats)
    }

    static func utc(_ h: Int, _ mi: Int, _ s: Int, _ us: Int = 0) -> Timestamp {
        Timestamp(year: 2023, month: 1, day: 10, hour: h, minute: mi, second: s, microsecond: us)
    }

    static let timedLog = #"""
    [2023-01-10T20:09:55.303Z] I0110 22:09:55.301000 init.go:10] Validating configuration...
    I0110 22:10:00.000000 clusterclient.go:11] patch cluster object with operation status:
    	{
    		"TKGOperationInfo" : "{\"Operation\":\"Create\",\"OperationStartTimestamp\":\"2023-01-10 20:09:50.000000000 +0000 UTC\",\"OperationTimeout\":1800}",
    	}
    [2023-01-10T20:10:05.000Z] Setting ALLOW_LEGACY_CLUSTER to "false"
    Validating the pre-requisites...

    """#

    @Test func eventTimesFromHeaderWrapperAndInherited() throws {
        let (events, stats) = try Self.scan(Self.timedLog)
        #expect(stats.clock.utcOffsetSeconds == 7200)
        #expect(stats.clock.referenceYear == 2023)
        #expect(stats.clock.offsetSource == "ci-wrapper")
        let seen = events.map { "\($0.location.line) \($0.kind) \($0.timeSource.rawValue) \($0.format.rawValue) \($0.time?.iso8601 ?? "-")" }
        #expect(seen == [
            "1 validating-configuration header klog 2023-01-10T20:09:55.301Z",
            "2 operation-status-patch header klog 2023-01-10T20:10:00.000Z",
            "4 operation-info inherited continuation 2023-01-10T20:10:00.000Z",
            "6 harness-setting wrapper plain 2023-01-10T20:10:05.000Z",
            "7 mc-prerequisites inherited continuation 2023-01-10T20:10:05.000Z",
        ])
        #expect(events[0].wrapper == .jenkins)
        #expect(events[0].level == "I")
        #expect(events[2][field: "timeout"] == .int(1800))
        #expect(events.allSatisfy { $0.location.file == "scan.log" })
        #expect(stats.lines == 7)
        #expect(stats.events == 5)
        #expect(stats.wrappedLines == 2)
        #expect(stats.linesByFormat[.klog] == 2)
    }

    @Test func wrapperTimeWhenTheOffsetIsUnknown() throws {
        // The probe sees only the first 64 bytes, so no anchor: the wrapped klog line takes the
        // wrapper's UTC time rather than a local time of unknown zone.
        let log = String(repeating: "x", count: 80) + "\n"
            + "[2023-01-10T20:09:55.303Z] I0110 22:09:55.301000 init.go:10] Validating configuration...\n"
            + "I0110 22:09:56.000000 init.go:11] Validating configuration...\n"
        let (events, stats) = try Self.scan(log, options: ScanOptions(year: 2023, chunkSize: 64, probeBytes: 64))
        #expect(stats.clock.utcOffsetSeconds == nil)
        #expect(stats.clock.yearSource == "--year")
        #expect(events.count == 2)
        #expect(events[0].timeSource == .wrapper)
        #expect(events[0].time == Self.utc(20, 9, 55, 303_000))
        #expect(events[1].timeSource == .header)
        #expect(events[1].time?.zoneKnown == false)
        #expect(events[1].time?.iso8601 == "2023-01-10T22:09:56.000")
    }

    @Test func tzOptionAppliesWithoutAnAnchor() throws {
        let (events, stats) = try Self.scan("I0516 11:27:44.345583 init.go:627] Validating configuration...\n",
                                            options: ScanOptions(year: 2022, utcOffsetSeconds: -19_800))
        #expect(stats.clock.offsetSource == "--tz")
        #expect(events.first?.time?.iso8601 == "2022-05-16T16:57:44.345Z")
    }

    @Test func logWithoutAnyClock() throws {
        let (events, _) = try Self.scan("Validating the pre-requisites...\nValidating configuration...\n")
        #expect(events.count == 2)
        #expect(events.allSatisfy { $0.time == nil && $0.timeSource == .none && $0.format == .plain })
    }

    @Test func oldCLILogNameAnchorsHeaderlessLines() throws {
        let (events, stats) = try Self.scan("""
        $ tkg init --ui
        Logs of the command execution can also be found at: /tmp/tkg-20200917T091522118812114.log
        Validating the pre-requisites...

        """)
        #expect(stats.anchor == Timestamp(year: 2020, month: 9, day: 17, hour: 9, minute: 15, second: 22, microsecond: 118_812, zoneKnown: false))
        let last = try #require(events.last)
        #expect(last.kind == "mc-prerequisites")
        #expect(last.timeSource == .anchor)
        #expect(last.time == stats.anchor)
    }

    @Test func gluedRecordsAreTwoEvents() throws {
        let (events, stats) = try Self.scan("[2023-01-10T20:09:55.303Z] Validating configuration...[2023-01-10T20:09:56.000Z] Validating the pre-requisites...\n")
        #expect(events.map(\.kind) == ["validating-configuration", "mc-prerequisites"])
        #expect(events.map(\.location.line) == [1, 1])
        #expect(events.map(\.time) == [Self.utc(20, 9, 55, 303_000), Self.utc(20, 9, 56)])
        #expect(stats.lines == 1)
        #expect(stats.linesByFormat[.plain] == 2)
    }

    @Test func crlfLogReadsLikeLF() throws {
        let lf = "I0516 11:27:44.345583 init.go:627] Validating configuration...\nI0516 11:27:45.000000 init.go:628] Validating the pre-requisites...\n"
        let (a, _) = try Self.scan(lf, options: ScanOptions(year: 2023))
        let (b, _) = try Self.scan(lf.replacingOccurrences(of: "\n", with: "\r\n"), options: ScanOptions(year: 2023))
        #expect(a == b)
        #expect(a.count == 2)
    }

    @Test func overlongLinesAreCountedAndScanningGoesOn() throws {
        let log = "Validating configuration...\n" + String(repeating: "y", count: 10_000) + "\nValidating the pre-requisites...\n"
        let (events, stats) = try Self.scan(log, options: ScanOptions(chunkSize: 128, maxLineBytes: 256, probeBytes: 128))
        #expect(stats.truncatedLines == 1)
        #expect(events.map(\.location.line) == [1, 3])
    }

    // MARK: - Inputs that are not logs

    @Test func missingFile() throws {
        let dir = try TempDir()
        let scanner = LogScanner(patterns: Self.embedded)
        let error = #expect(throws: ScanError.self) { try scanner.scan(path: dir.path + "/nope.log") { _ in } }
        #expect(error?.code == .notFound)
        #expect(error?.description == "\(dir.path)/nope.log: no such file")
    }

    @Test func directory() throws {
        let dir = try TempDir()
        let error = #expect(throws: ScanError.self) { try LogScanner(patterns: Self.embedded).scan(path: dir.path) { _ in } }
        #expect(error?.code == .isDirectory)
        #expect(error?.description.contains("is a directory") == true)
    }

    @Test func binaryFileIsRejected() throws {
        let dir = try TempDir()
        var bytes: [UInt8] = []
        for i in 0..<4096 { bytes.append(i % 3 == 0 ? 0 : UInt8(truncatingIfNeeded: i)) }
        let path = try dir.write("core.bin", bytes)
        var count = 0
        let error = #expect(throws: ScanError.self) { try LogScanner(patterns: Self.embedded).scan(path: path) { _ in count += 1 } }
        #expect(error?.code == .binary)
        #expect(error?.description.contains("binary data") == true)
        #expect(count == 0)
    }

    @Test func aFewNULBytesInATextLogAreNotBinary() throws {
        let log = "Validating configuration...\n\u{0}\u{0}\nValidating the pre-requisites...\n"
        let (events, _) = try Self.scan(log)
        #expect(events.count == 2)
    }

    @Test func gzipIsRejectedWithAHint() throws {
        let dir = try TempDir()
        let path = try dir.write("run.log.gz", [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03] + Array("rest".utf8))
        let error = #expect(throws: ScanError.self) { try LogScanner(patterns: Self.embedded).scan(path: path) { _ in } }
        #expect(error?.code == .binary)
        #expect(error?.message.contains("gzip") == true)
        #expect(error?.message.contains("gunzip -c \(path) | tkgqa events -") == true)
    }

    @Test func emptyFileHasNoEvents() throws {
        let (events, stats) = try Self.scan("")
        #expect(events.isEmpty)
        #expect(stats.lines == 0)
    }

    // MARK: - Regex limits

    @Test func catastrophicRegexIsCountedAndScanningGoesOn() throws {
        let rules = """
        events:
          - id: boom
            match: '^boom (a+)+$'
            samples:
              - text: 'boom aaa'
                fields: {}
          - id: after
            match: '^after the boom$'
            samples:
              - text: 'after the boom'
                fields: {}
        """
        let patterns = try PatternSet.load(files: [("custom/events/boom.yaml", rules)], origin: "custom", stripPrefix: "custom/")
        #expect(patterns.events.map(\.id) == ["boom", "after"])
        let log = "boom aaa\nboom " + String(repeating: "a", count: 40) + "!\nafter the boom\n"
        let (events, stats) = try Self.scan(log, patterns: patterns)
        #expect(events.map(\.kind) == ["boom", "after"])
        #expect(events.map(\.location.line) == [1, 3])
        #expect(stats.limitErrors == 1)
        #expect(stats.limitErrorSamples.count == 1)
        #expect(stats.limitErrorSamples.first?.hasPrefix("scan.log:2: ") == true, "\(stats.limitErrorSamples)")
    }
}
