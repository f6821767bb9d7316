import Testing
import LogModel
@testable import LogScan

/// Every shape of `../shared/format-zoo.md`, one test per shape.
struct LineParserTests {
    struct Parsed {
        var line: ParsedLine
        var body: String
        var glued: String?
    }

    static func parse(_ text: String) -> Parsed {
        withBytes(text) { b in
            let p = LineParser.parse(b)
            let body = String(decoding: UnsafeRawBufferPointer(rebasing: b[p.body]), as: UTF8.self)
            let glued = p.gluedRecord.map { String(decoding: UnsafeRawBufferPointer(rebasing: b[$0...]), as: UTF8.self) }
            return Parsed(line: p, body: body, glued: glued)
        }
    }

    static func local(_ mo: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int, _ us: Int) -> LocalTime {
        LocalTime(month: mo, day: d, hour: h, minute: mi, second: s, microsecond: us)
    }

    @Test func klogWithoutPID() {
        let p = Self.parse("I0516 11:27:44.345583 init.go:627] Validating configuration...")
        #expect(p.line.format == .klog)
        #expect(p.line.level == "I")
        #expect(p.line.local == Self.local(5, 16, 11, 27, 44, 345_583))
        #expect(p.line.wrapper == nil && p.line.wrapperTime == nil)
        #expect(p.body == "Validating configuration...")
        #expect(!p.line.indented)
    }

    @Test func klogWithPIDColumn() {
        let p = Self.parse(#"E0302 08:14:09.610944       1 machine_controller.go:170] Reconciliation for Machine "mc-cp-0" in namespace "tkg-system" started"#)
        #expect(p.line.format == .klogPID)
        #expect(p.line.level == "E")
        #expect(p.line.local == Self.local(3, 2, 8, 14, 9, 610_944))
        #expect(p.body == #"Reconciliation for Machine "mc-cp-0" in namespace "tkg-system" started"#)
    }

    @Test(arguments: ["W", "O", "F"])
    func klogLevels(_ level: String) {
        let p = Self.parse("\(level)0110 20:10:30.000001 cluster.go:1] text")
        #expect(p.line.format == .klog)
        #expect(p.line.level == level)
    }

    @Test(arguments: [
        "X0516 11:27:44.345583 init.go:627] unknown level",
        "I1316 11:27:44.345583 init.go:627] month 13",
        "I0516 11:27:44.345583 init go:627] space in file",
        "I0516 11:27:44 init.go:627] no fraction",
    ])
    func notKlog(_ text: String) {
        #expect(Self.parse(text).line.format != .klog)
        #expect(Self.parse(text).line.local == nil)
    }

    @Test func jenkinsWrapsKlog() {
        let p = Self.parse("[2023-03-02T08:14:09.611Z] I0302 08:14:09.610944 clusterclient.go:548] cluster control plane is still being initialized: ScalingUp, retrying")
        #expect(p.line.wrapper == .jenkins)
        #expect(p.line.wrapperTime == Timestamp(year: 2023, month: 3, day: 2, hour: 8, minute: 14, second: 9, microsecond: 611_000))
        #expect(p.line.format == .klog)
        #expect(p.line.local == Self.local(3, 2, 8, 14, 9, 610_944))
        #expect(p.body == "cluster control plane is still being initialized: ScalingUp, retrying")
        #expect(p.line.gluedRecord == nil)
    }

    @Test func jenkinsWrapsPylog() {
        let p = Self.parse("[2023-01-10T20:09:55.303Z] INFO:root:(\\,*********'()'--o  [Verifying anti affinity]")
        #expect(p.line.wrapper == .jenkins)
        #expect(p.line.format == .pylog)
        #expect(p.line.level == "INFO")
        #expect(p.line.local == nil)
        #expect(p.body == "(\\,*********'()'--o  [Verifying anti affinity]")
    }

    @Test func jenkinsWrapsPlain() {
        let p = Self.parse("[2023-01-10T20:09:55.303Z] Validating the pre-requisites...")
        #expect(p.line.wrapper == .jenkins)
        #expect(p.line.format == .plain)
        #expect(p.body == "Validating the pre-requisites...")
        #expect(!p.line.indented)
    }

    @Test func jenkinsWrapsIndentedContinuation() {
        let p = Self.parse("[2023-01-10T20:09:55.303Z]     \"metadata\": {")
        #expect(p.line.wrapper == .jenkins)
        #expect(p.line.indented)
        #expect(p.body == "\"metadata\": {")
    }

    @Test func azureStampWithSevenDigits() {
        let p = Self.parse("2023-03-02T08:14:09.6112483Z I0302 08:14:09.610944       1 machine_controller.go:170] Reconciliation started")
        #expect(p.line.wrapper == .isoStamp)
        // Seven fraction digits: microseconds kept, the 100 ns digit dropped.
        #expect(p.line.wrapperTime == Timestamp(year: 2023, month: 3, day: 2, hour: 8, minute: 14, second: 9, microsecond: 611_248))
        #expect(p.line.format == .klogPID)
        #expect(p.body == "Reconciliation started")
    }

    @Test func azureStampWithSixDigits() {
        let p = Self.parse("2023-03-02T08:14:09.611248Z Validating configuration...")
        #expect(p.line.wrapper == .isoStamp)
        #expect(p.line.wrapperTime == Timestamp(year: 2023, month: 3, day: 2, hour: 8, minute: 14, second: 9, microsecond: 611_248))
        #expect(p.line.format == .plain)
        #expect(p.body == "Validating configuration...")
    }

    @Test func bareDateIsNotAWrapper() {
        let p = Self.parse("2023-03-02 is the day we upgraded")
        #expect(p.line.wrapper == nil)
        #expect(p.body == "2023-03-02 is the day we upgraded")
    }

    @Test func uiViewWithLeadingGlyph() {
        let p = Self.parse("ℹ [0311 14:02:51.20381]: init.go:212] Start creating management cluster...")
        #expect(p.line.format == .ui)
        // Five fraction digits are tens of microseconds.
        #expect(p.line.local == Self.local(3, 11, 14, 2, 51, 203_810))
        #expect(p.body == "Start creating management cluster...")
    }

    @Test func uiViewWithGlyphMovedToTheEnd() {
        let p = Self.parse(" [0311 14:33:07.91224]: init.go:700] Failure while deploying management cluster, Here are some steps to investigate the cause: ‼")
        #expect(p.line.format == .ui)
        #expect(p.line.local == Self.local(3, 11, 14, 33, 7, 912_240))
        #expect(p.body == "Failure while deploying management cluster, Here are some steps to investigate the cause:")
        let deleted = Self.parse(" [0311 14:33:07.91290]: init.go:707] tanzu management-cluster delete ✘")
        #expect(deleted.body == "tanzu management-cluster delete")
    }

    @Test func pylogRoot() {
        let p = Self.parse("INFO:root:====== 254  CMD: tanzu cluster version")
        #expect(p.line.format == .pylog)
        #expect(p.line.level == "INFO")
        #expect(p.body == "====== 254  CMD: tanzu cluster version")
        let warning = Self.parse("WARNING:harness.steps:retrying step")
        #expect(warning.line.format == .pylog)
        #expect(warning.line.level == "WARNING")
        #expect(warning.body == "retrying step")
    }

    @Test(arguments: ["INFO: no logger name", "INFORMATION:root:x", "ERROR root: missing colon"])
    func notPylog(_ text: String) {
        #expect(Self.parse(text).line.format == .plain)
        #expect(Self.parse(text).body == text)
    }

    @Test(arguments: [
        "$ AWS_REGION=eu-west-1 tanzu mc upgrade",
        "> tanzu management-cluster create --ui",
        "andrea@tkg-jumpbox:~$ tanzu cluster create wl-blue --file ./wl-blue.yaml -v 6",
        "root@jump:/tmp# clusterctl describe cluster wl-blue -n default",
    ])
    func prompts(_ text: String) {
        let p = Self.parse(text)
        #expect(p.line.format == .prompt)
        #expect(p.body == text)  // the prompt stays: the shell-command rule reads it
    }

    @Test(arguments: ["$5 is the price", "user@example.com wrote: hi", "a > b"])
    func notPrompts(_ text: String) {
        #expect(Self.parse(text).line.format == .plain)
    }

    @Test(arguments: [
        ("📁 Created cluster directory", "Created cluster directory"),
        ("🔧 Resolving Tanzu Kubernetes Release (TKR)", "Resolving Tanzu Kubernetes Release (TKR)"),
        ("✅ Cluster created", "Cluster created"),
        ("Ünïcode word at the start stays", "Ünïcode word at the start stays"),
    ])
    func emojiStepLines(_ text: String, _ body: String) {
        let p = Self.parse(text)
        #expect(p.line.format == .plain)
        #expect(p.body == body)
    }

    @Test func gluedRecords() {
        let p = Self.parse("[2023-01-10T20:09:55.303Z] INFO:root:(\\,*********'()'--o  [Verifying nodes[2023-01-10T20:09:55.305Z] INFO:root:====== 254  CMD: tanzu cluster version")
        #expect(p.line.wrapper == .jenkins)
        #expect(p.line.format == .pylog)
        #expect(p.body == "(\\,*********'()'--o  [Verifying nodes")
        #expect(p.glued == "[2023-01-10T20:09:55.305Z] INFO:root:====== 254  CMD: tanzu cluster version")
        let second = Self.parse(p.glued!)
        #expect(second.line.wrapperTime == Timestamp(year: 2023, month: 1, day: 10, hour: 20, minute: 9, second: 55, microsecond: 305_000))
        #expect(second.body == "====== 254  CMD: tanzu cluster version")
        #expect(second.line.gluedRecord == nil)
    }

    @Test func bracketedTextIsNotGlued() {
        let p = Self.parse("[2023-01-10T20:09:55.303Z] step [2023 plan] done")
        #expect(p.line.gluedRecord == nil)
        #expect(p.body == "step [2023 plan] done")
    }

    @Test func indentedLines() {
        let spaces = Self.parse("   projects.registry.vmware.com/tce/tkr:v0.17.0")
        #expect(spaces.line.indented)
        #expect(spaces.line.format == .plain)
        #expect(spaces.body == "projects.registry.vmware.com/tce/tkr:v0.17.0")
        let tabs = Self.parse("\t\t\"TKGOperationInfo\" : \"{}\",")
        #expect(tabs.line.indented)
        #expect(tabs.body == "\"TKGOperationInfo\" : \"{}\",")
        // An indented klog line (pasted from a markdown list) is still klog.
        let klog = Self.parse("    I0516 11:27:44.345583 init.go:627] Validating configuration...")
        #expect(klog.line.format == .klog)
        #expect(klog.body == "Validating configuration...")
    }

    @Test func headerWithEmptyMessage() {
        let p = Self.parse("I0516 11:27:44.345583 init.go:627]")
        #expect(p.line.format == .klog)
        #expect(p.body == "")
    }

    @Test func trailingCRAndBlanksAreTrimmed() {
        let p = Self.parse("Validating configuration...  \r")
        #expect(p.body == "Validating configuration...")
    }

    @Test(arguments: ["", " ", "[", "[2023-01-10T20:09:55.303Z]", "I0516", "\u{0}\u{0}\u{0}"])
    func tinyAndOddLinesDoNotCrash(_ text: String) {
        let p = Self.parse(text)
        #expect(p.line.body.upperBound <= text.utf8.count)
    }

    @Test func invalidUTF8PassesThrough() {
        let bytes: [UInt8] = Array("text ".utf8) + [0xFF, 0xFE] + Array(" more ".utf8) + [0x00, 0xC3]
        let body = bytes.withUnsafeBytes { b -> [UInt8] in
            let p = LineParser.parse(b)
            return Array(b[p.body])
        }
        #expect(body == bytes)
    }
}
