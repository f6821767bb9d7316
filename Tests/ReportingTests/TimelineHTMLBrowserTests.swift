import Foundation
import LogModel
import Testing
@testable import Reporting

/// Opens reports in a real browser (headless Chromium, through `scripts/browser-check.sh`) and checks
/// the DOM the chart script built. Skipped where Chromium is not installed; `.ci/run` installs it.
@Suite(.enabled(if: TestTools.browser != nil || TestTools.onCI,
                "chromium is not installed (apt-get install -y chromium; .ci/run installs it): browser tests skipped"),
       .serialized)
struct TimelineHTMLBrowserTests {
    /// Renders `timeline`, loads it in the browser and returns the DOM and the screenshot's bytes.
    static func load(_ timeline: Timeline, history: [PhaseTrend] = []) throws -> (dom: String, png: Data) {
        let dir = try TestTools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("report.html"), shot = dir.appendingPathComponent("report.png")
        try TimelineHTMLReport.render(timeline, title: "browser check", history: history).write(to: report, atomically: true, encoding: .utf8)
        let script = TestTools.packageRoot.appendingPathComponent("scripts/browser-check.sh").path
        let result = try TestTools.run("/bin/bash", [script, report.path, shot.path])
        #expect(result.status == 0, "browser-check.sh failed: \(result.stderr)")
        return (withoutScripts(result.stdout), (try? Data(contentsOf: shot)) ?? Data())
    }

    /// The DOM with the text of its script elements left out (the chart script's source holds the
    /// markup it writes, which would otherwise be counted too).
    static func withoutScripts(_ dom: String) -> String {
        var out = ""
        var rest = dom[...]
        while let open = rest.range(of: "<script") {
            out += rest[..<open.lowerBound] + "<script>"
            guard let close = rest[open.upperBound...].range(of: "</script>") else { return out }
            rest = rest[close.lowerBound...]
        }
        return out + rest
    }

    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func oneBarPerPhaseAndTheVerdict() throws {
        let timeline = ReportFixtures.failedRun
        let (dom, png) = try Self.load(timeline, history: TimelineHTMLReportTests.trends)
        let phases = ReportFixtures.allPhases(timeline)
        #expect(Self.count("data-phase-id=", in: dom) == phases.count)
        #expect(Self.count("class=\"phase-bar ", in: dom) == phases.count)
        #expect(Self.count("class=\"op-bar ", in: dom) == timeline.operations.count)
        #expect(Self.count("class=\"lp v-stuck\"", in: dom) == 1)
        #expect(dom.contains("data-phase-id=\"infrastructure-vsphere\" data-path=\"providers/infrastructure-vsphere\""))
        #expect(dom.contains("class=\"phase-bar o-failed\""))
        #expect(dom.contains("<p id=\"verdict\" class=\"verdict v-failed\" data-verdict=\"failed\">FAILED</p>"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "no PNG screenshot")
        // TKGQA_REPORT_DIR=dir keeps the report and its screenshot (docs/report.png is made this way).
        if let dir = ProcessInfo.processInfo.environment["TKGQA_REPORT_DIR"] {
            let url = URL(fileURLWithPath: dir)
            try TimelineHTMLReport.render(timeline, title: "tanzu cluster create wl-1 — nightly vSphere run", history: TimelineHTMLReportTests.trends)
                .write(to: url.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
            try png.write(to: url.appendingPathComponent("report-test.png"))
        }
    }

    @Test func hostileTextDoesNotRun() throws {
        let (dom, _) = try Self.load(ReportFixtures.hostileRun)
        #expect(!dom.contains("<img"))
        #expect(Self.count("data-phase-id=", in: dom) == 1)
        #expect(Self.count("<script", in: dom) == 2)
    }

    @Test func untimedAndHarnessReportsRender() throws {
        for timeline in [ReportFixtures.untimed, ReportFixtures.harnessRun] {
            let (dom, _) = try Self.load(timeline)
            #expect(Self.count("data-phase-id=", in: dom) == ReportFixtures.allPhases(timeline).count)
        }
    }

    /// The 10,000-phase report renders every bar (the timing is measured separately; see the issue note).
    @Test func bigRunRendersEveryBar() throws {
        let timeline = ReportFixtures.big()
        let (dom, _) = try Self.load(timeline)
        #expect(Self.count("data-phase-id=", in: dom) == 10_000)
        #expect(Self.count("class=\"lp ", in: dom) == 7_500)
    }
}
