import Testing
import LogModel
@testable import LogScan

struct AnchorProbeTests {
    static func probe(_ text: String) -> AnchorProbe.Findings {
        withBytes(text) { AnchorProbe.probe($0) }
    }

    @Test func jenkinsStampOnAKlogLine() {
        let found = Self.probe("""
        [2023-01-10T20:09:55.000Z] Started by user ci
        [2023-01-10T20:09:55.303Z] I0110 22:09:55.301000 init.go:10] Validating configuration...

        """)
        #expect(found.year == 2023)
        #expect(found.referenceMonth == 1)
        #expect(found.utcOffsetSeconds == 7200)
        #expect(found.source == "ci-wrapper")
        #expect(found.oldCLIStart == nil)
    }

    @Test func wrapperWithoutKlogGivesTheYearButNoOffset() {
        let found = Self.probe("[2023-01-10T20:09:55.303Z] INFO:root:starting\n")
        #expect(found.year == 2023)
        #expect(found.referenceMonth == 1)
        #expect(found.utcOffsetSeconds == nil)
    }

    @Test func operationStartTimestampAfterAKlogHeader() {
        let found = Self.probe(#"""
        I0719 12:11:02.600000 clusterclient.go:1] patch cluster object with operation status:
        	{
        		"metadata": {
        			"annotations": {
        				"TKGOperationInfo" : "{\"Operation\":\"Create\",\"OperationStartTimestamp\":\"2022-07-19 06:41:02.518812233 +0000 UTC\",\"OperationTimeout\":1800}",

        """#)
        #expect(found.year == 2022)
        #expect(found.referenceMonth == 7)
        #expect(found.utcOffsetSeconds == 19_800)  // UTC+05:30
        #expect(found.source == "OperationStartTimestamp")
    }

    @Test func operationStartTimestampWithoutAKlogTimeIsNoAnchor() {
        let found = Self.probe(#"""
        "TKGOperationInfo" : "{\"Operation\":\"Create\",\"OperationStartTimestamp\":\"2022-07-19 06:41:02.518812233 +0000 UTC\",\"OperationTimeout\":1800}",

        """#)
        #expect(found.utcOffsetSeconds == nil)
        #expect(found.year == nil)
    }

    @Test func decemberKlogTimeWithAJanuaryStamp() {
        // The stamp is already in the new year in UTC; the klog time (UTC-1) is still in December.
        let found = Self.probe("[2024-01-01T00:00:30.000Z] I1231 23:00:29.900000 init.go:1] Validating configuration...\n")
        #expect(found.year == 2023)
        #expect(found.referenceMonth == 12)
        #expect(found.utcOffsetSeconds == -3600)
    }

    @Test func januaryKlogTimeWithADecemberStamp() {
        let found = Self.probe("[2023-12-31T23:30:00.000Z] I0101 00:30:00.000000 init.go:1] x\n")
        #expect(found.year == 2024)
        #expect(found.referenceMonth == 1)
        #expect(found.utcOffsetSeconds == 3600)
    }

    @Test func oldCLILogFileName() {
        let found = Self.probe("""
        $ tkg init --ui
        Logs of the command execution can also be found at: /tmp/tkg-20200917T091522118812114.log
        Validating the pre-requisites...

        """)
        #expect(found.oldCLIStart == Timestamp(year: 2020, month: 9, day: 17, hour: 9, minute: 15, second: 22, microsecond: 118_812, zoneKnown: false))
        #expect(found.oldCLIStart?.zoneKnown == false)
        #expect(found.year == 2020)
        #expect(found.referenceMonth == 9)
        #expect(found.source == "old-cli-log-name")
        #expect(found.utcOffsetSeconds == nil)
    }

    @Test func gluedRecordIsProbedToo() {
        let found = Self.probe("[2023-01-10T20:09:55.303Z] INFO:root:x[2023-01-10T20:09:55.305Z] I0110 21:09:55.300000 init.go:1] y\n")
        #expect(found.utcOffsetSeconds == 3600)
    }

    @Test func plainTextHasNoAnchor() {
        let found = Self.probe("Validating the pre-requisites...\nsome other line\n")
        #expect(found == AnchorProbe.Findings())
    }
}
