import Foundation
import LogModel
import Testing
@testable import Reporting

struct TimelineHTMLReportTests {
    static let trends = [
        PhaseTrend(operation: "workload-create", phase: "workers",
                   points: (1...12).map { PhaseTrend.Point(runID: "build-\($0)", seconds: 80 + Double($0 % 4) * 6, regression: false) },
                   current: 1740, currentRegression: true, baselineMedian: 89, bandLow: 78, bandHigh: 101),
        PhaseTrend(operation: "workload-create", phase: "control-plane",
                   points: (1...12).map { PhaseTrend.Point(runID: "build-\($0)", seconds: 300 + Double($0 % 5) * 15, regression: $0 == 7) },
                   current: 345, baselineMedian: 330, bandLow: 290, bandHigh: 370),
    ]

    /// The JSON the chart script reads.
    static func data(_ html: String) throws -> [String: Any] {
        let open = "<script type=\"application/json\" id=\"tkgqa-data\">"
        let start = try #require(html.range(of: open)).upperBound
        let end = try #require(html[start...].range(of: "</script>")).lowerBound
        return try #require(try JSONSerialization.jsonObject(with: Data(html[start..<end].utf8)) as? [String: Any])
    }

    @Test func headerCarriesTheVerdict() {
        let html = TimelineHTMLReport.render(ReportFixtures.failedRun, title: "wl-1 nightly")
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<p id=\"verdict\" class=\"verdict v-failed\" data-verdict=\"failed\">FAILED</p>"))
        #expect(html.contains("<title>wl-1 nightly — FAILED</title>"))
        let ok = TimelineHTMLReport.render(Timeline(inputs: ["a"], operations: [ReportFixtures.managementCreate]), title: "mc")
        #expect(ok.contains(">PASSED</p>"))
        #expect(TimelineHTMLReport.render(Timeline(inputs: []), title: "x").contains(">NO OPERATION RECOGNISED</p>"))
    }

    @Test func selfContained() {
        let html = TimelineHTMLReport.render(ReportFixtures.failedRun, title: "t", history: Self.trends)
        for needle in ["<link", " src=", "@import", "url(", "https://", "fetch(", "XMLHttpRequest"] {
            #expect(!html.contains(needle), "references something outside the file: \(needle)")
        }
    }

    @Test func problemsListFailuresStuckLoopsAndEvidence() {
        let html = TimelineHTMLReport.render(ReportFixtures.failedRun, title: "t")
        #expect(html.contains("<b>workload-create wl-1 › workers</b> failed after 29m00s"))
        #expect(html.contains("<pre class=\"err\">timed out waiting for cluster creation: cluster wl-1 is not ready: ScalingUp</pre>"))
        #expect(html.contains("error at <code>tanzu-wl-create.log:912</code>"))
        #expect(html.contains("loop <code>cluster-init</code> stuck in <b>ScalingUp</b>: 173 polls"))
        #expect(html.contains("<code>tanzu-wl-create.log:305</code>–<code>tanzu-wl-create.log:905</code>"))
        #expect(html.contains("worker machines never became ready"))
        #expect(html.contains("loop <code>cluster-init</code> slow in <b>ScalingUp</b>"))
    }

    @Test(arguments: ["failedRun", "harnessRun", "untimed"])
    func chartDataHasOneRowPerOperationAndPhase(_ fixture: String) throws {
        let timeline = fixture == "failedRun" ? ReportFixtures.failedRun : fixture == "harnessRun" ? ReportFixtures.harnessRun : ReportFixtures.untimed
        let data = try Self.data(TimelineHTMLReport.render(timeline, title: "t"))
        let rows = try #require(data["rows"] as? [[Any]])
        let phases = ReportFixtures.allPhases(timeline)
        #expect(rows.count == timeline.operations.count + phases.count)
        let labels = rows.compactMap { ($0[0] as? Int) == 0 ? nil : $0[1] as? String }
        #expect(labels == phases.map(\.2.id))
        for row in rows {
            let lo = row.count > 3 ? row[3] as? Int ?? 0 : 0, hi = row.count > 4 ? row[4] as? Int ?? 0 : 0
            #expect(0 <= lo && lo <= hi && hi <= 100_000)
        }
        #expect(data["timed"] as? Bool == (fixture != "untimed"))
    }

    @Test func untimedReportSaysBarsShowOrder() {
        let html = TimelineHTMLReport.render(ReportFixtures.untimed, title: "console")
        #expect(html.contains("these logs carry no clock: bars show the order of phases, not their duration"))
    }

    @Test func hostileTextIsEscapedEverywhere() throws {
        let html = TimelineHTMLReport.render(ReportFixtures.hostileRun, title: ReportFixtures.hostile, history: [
            PhaseTrend(operation: ReportFixtures.hostile, phase: ReportFixtures.hostile,
                       points: [.init(runID: ReportFixtures.hostile, seconds: 3)], current: 4),
        ])
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        let script = try #require(html.range(of: "id=\"tkgqa-data\">")).upperBound
        #expect(!html[script...].contains("\u{2028}"), "a raw line separator ends a JavaScript string in older engines")
        #expect(html.components(separatedBy: "<script").count == 3, "only the report's own two scripts")
        #expect(html.components(separatedBy: "</script>").count == 3)
        #expect(html.contains("&lt;/script&gt;&lt;script&gt;alert(&#39;x&#39;)"))
        // The JSON still carries the text exactly.
        let rows = try #require(try Self.data(html)["rows"] as? [[Any]])
        #expect(rows[1][1] as? String == ReportFixtures.hostile)
        #expect(((rows[1][8] as? [Any])?.first as? String) == ReportFixtures.hostile)
    }

    @Test func trendChartsDrawBandMedianAndRegressions() {
        let html = TimelineHTMLReport.render(ReportFixtures.failedRun, title: "t", history: Self.trends)
        #expect(html.contains("<section id=\"trends\">"))
        #expect(html.components(separatedBy: "<svg ").count == 3)
        #expect(html.components(separatedBy: "class=\"band\"").count == 3)
        #expect(html.components(separatedBy: "class=\"median\"").count == 3)
        #expect(html.components(separatedBy: "pt regression").count == 3, "one past regression, one current")
        #expect(html.contains("<figure class=\"trend regressed\" data-trend-phase=\"workers\">"))
        #expect(!TimelineHTMLReport.render(ReportFixtures.failedRun, title: "t").contains("id=\"trends\""))
    }

    /// 10,000 phases and 7,500 loop runs stay under 2 MB (the bound).
    @Test func bigRunStaysUnderTwoMegabytes() throws {
        let timeline = ReportFixtures.big()
        #expect(ReportFixtures.allPhases(timeline).count == 10_000)
        let html = TimelineHTMLReport.render(timeline, title: "10,000 phases")
        #expect(html.utf8.count < 2_000_000, "\(html.utf8.count) bytes")
        // TKGQA_BIG_REPORT=file keeps the report for timing it in a browser, and prints how long each
        // renderer takes for this run (measured, not asserted: timings depend on the machine).
        if let out = ProcessInfo.processInfo.environment["TKGQA_BIG_REPORT"] {
            try html.write(toFile: out, atomically: true, encoding: .utf8)
            let renderers: [(String, (Timeline) -> String)] = [
                ("html", { TimelineHTMLReport.render($0, title: "10,000 phases") }), ("chrome-trace", TimelineChromeTrace.render),
                ("junit", TimelineJUnit.render), ("prometheus", TimelinePrometheus.render),
            ]
            for (name, render) in renderers {
                var bytes = 0
                let elapsed = ContinuousClock().measure { bytes = render(timeline).utf8.count }
                print("measure: \(name) \(bytes) bytes in \(elapsed)")
            }
        }
    }
}
