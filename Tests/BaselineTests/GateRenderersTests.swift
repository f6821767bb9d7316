import Foundation
import LogModel
import Reporting
import Testing
@testable import Baseline

/// The gate renderers (table, JSON, JUnit, Markdown) on one report with a regression, a budget, a
/// new phase and a stuck loop.
@Suite struct GateRenderersTests {
    static var report: GateReport {
        let history = (0..<10).map { TestSupport.run(day: $0, phases: ["control-plane": 390 + Double($0 % 3) * 10, "nodes": 150]) }.reversed()
        let loop = LoopSummary(id: "cluster-init", state: "ScalingUp", count: 80, totalSeconds: 1200, verdict: .stuck)
        let run = TestSupport.run(day: 20, phases: ["control-plane": 700, "nodes": 150, "addons": 95.25], budgets: ["nodes": 120],
                                  loops: ["control-plane": [loop]])
        return Gate().evaluate(run, baseline: Array(history))
    }

    @Test func table() {
        let text = GateTableRenderer().render(Self.report)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1] == "baseline: 10 runs (window 20, k=4, min-rel 20%, min-abs 30s, min-samples 5)")
        #expect(lines.contains("workload-create  control-plane  400.0s    10.0s  10  700.0s   +75.0% (+300.0s)  regression"))
        #expect(lines.contains("workload-create  addons         -         -      0   95.3s    -                 new-phase"))
        #expect(lines.contains("result: FAIL (2 regression, 1 over-budget, 1 new-phase)"))
        #expect(lines.contains("  - loop cluster-init stuck in workload-create/control-plane on \"ScalingUp\" (80 polls)"))
        #expect(text == GateTableRenderer().render(Self.report))
    }

    @Test func jsonHasThePinnedShape() throws {
        let text = try GateJSONRenderer().render(Self.report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        let phases = try #require(object["phases"] as? [[String: Any]])
        let cp = try #require(phases.first { $0["phase"] as? String == "control-plane" })
        for key in ["operation", "phase", "baselineMedian", "current", "change", "verdict"] { #expect(cp[key] != nil, "missing \(key)") }
        #expect(cp["verdict"] as? String == "regression")
        #expect(cp["change"] as? Double == 0.75)
        #expect(object["result"] as? String == "fail")
        #expect(try JSONDecoder().decode(GateReport.self, from: Data(text.utf8)).phases.count == Self.report.phases.count)
    }

    @Test func junitFailsTheRightCases() {
        let xml = GateJUnitRenderer().render(Self.report)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"tkgqa gate\" tests=\"5\" failures=\"4\" skipped=\"1\">"))
        #expect(xml.contains("<testcase classname=\"tkgqa.gate\" name=\"run\">\n      <failure message=\"loop cluster-init stuck in workload-create/control-plane on &quot;ScalingUp&quot; (80 polls)\" type=\"run\"/>"))
        #expect(xml.contains("name=\"workload-create/control-plane\">\n      <failure message=\"regression: "))
        #expect(xml.contains("name=\"workload-create/nodes\">\n      <failure message=\"over-budget: "))
        #expect(xml.contains("<skipped message=\"new-phase: "))
    }

    @Test func markdown() {
        let md = GateMarkdownRenderer().render(Self.report)
        #expect(md.hasPrefix("### ❌ tkgqa gate: fail\n"))
        #expect(md.contains("| workload-create | control-plane | 400.0s | 10.0s | 10 | 700.0s | +75.0% (+300.0s) | **regression** |"))
    }

    @Test(arguments: [(0.0, 1, "0.0"), (-0.04, 1, "0.0"), (2.25, 1, "2.3"), (-2.25, 1, "-2.3"), (1234.5678, 3, "1234.568"), (7, 0, "7")])
    func fixedFormatting(value: Double, digits: Int, text: String) {
        #expect(GateFormat.fixed(value, digits) == text)
    }
}
