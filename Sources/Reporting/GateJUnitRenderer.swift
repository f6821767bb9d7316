import LogModel

/// Renders a gate report as JUnit XML: one test case per phase (failures for regressions, budgets
/// and failed phases; skipped for verdicts without a baseline), and one `run` case for the run's
/// own outcome and stuck loops, so CI dashboards show what failed.
public struct GateJUnitRenderer: Sendable {
    public init() {}

    public func render(_ report: GateReport) -> String {
        var cases: [String] = []
        var failures = 0, skipped = 0
        let runReasons = report.reasons.filter { reason in !report.phases.contains { reason.hasPrefix($0.key.description + ":") } }
        if report.result == .fail && !runReasons.isEmpty {
            failures += 1
            cases.append("    <testcase classname=\"tkgqa.gate\" name=\"run\">\n      <failure message=\"\(xml(runReasons.joined(separator: "; ")))\" type=\"run\"/>\n    </testcase>")
        } else {
            cases.append("    <testcase classname=\"tkgqa.gate\" name=\"run\"/>")
        }
        for v in report.phases {
            let name = xml(v.key.description)
            let detail = "baseline \(GateFormat.seconds(v.baselineMedian)) (MAD \(GateFormat.seconds(v.mad)), n=\(v.samples)), current \(GateFormat.seconds(v.current)), change \(GateFormat.change(v.change, v.changeSeconds))"
            switch v.verdict {
            case .regression, .overBudget, .failed:
                failures += 1
                let budget = v.budgetSeconds.map { ", budget \(GateFormat.seconds($0))" } ?? ""
                cases.append("    <testcase classname=\"tkgqa.gate.\(xml(v.operation))\" name=\"\(name)\">\n      <failure message=\"\(v.verdict.rawValue): \(xml(detail + budget))\" type=\"\(v.verdict.rawValue)\"/>\n    </testcase>")
            case .insufficientData, .newPhase, .missingPhase:
                skipped += 1
                cases.append("    <testcase classname=\"tkgqa.gate.\(xml(v.operation))\" name=\"\(name)\">\n      <skipped message=\"\(v.verdict.rawValue): \(xml(detail))\"/>\n    </testcase>")
            case .ok, .improvement:
                cases.append("    <testcase classname=\"tkgqa.gate.\(xml(v.operation))\" name=\"\(name)\">\n      <system-out>\(v.verdict.rawValue): \(xml(detail))</system-out>\n    </testcase>")
            }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"tkgqa gate\" tests=\"\(cases.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\">\n"
        out += "  <testsuite name=\"gate \(xml(String(report.run.prefix(12))))\" tests=\"\(cases.count)\" failures=\"\(failures)\" skipped=\"\(skipped)\" errors=\"0\">\n"
        out += cases.joined(separator: "\n") + "\n  </testsuite>\n</testsuites>\n"
        return out
    }

    private func xml(_ s: String) -> String { TimelineText.xml(s) }
}
