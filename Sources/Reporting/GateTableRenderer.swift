import LogModel

/// Renders a gate report as a terminal table: one row per phase, then the result and its reasons.
public struct GateTableRenderer: Sendable {
    public init() {}

    public func render(_ report: GateReport) -> String {
        var out = "run \(String(report.run.prefix(12)))  labels: \(GateFormat.labels(report.labels))\n"
        out += "baseline: \(report.baselineRuns.count) run\(report.baselineRuns.count == 1 ? "" : "s") (\(GateFormat.parameters(report.parameters)))\n\n"
        var rows = [["OPERATION", "PHASE", "BASELINE", "MAD", "N", "CURRENT", "CHANGE", "VERDICT"]]
        for v in report.phases {
            var verdict = v.verdict.rawValue
            if let budget = v.budgetSeconds, v.verdict != .overBudget, let c = v.current, c > budget { verdict += " (over budget)" }
            rows.append([v.operation, v.phase, GateFormat.seconds(v.baselineMedian), GateFormat.seconds(v.mad), String(v.samples),
                         GateFormat.seconds(v.current), GateFormat.change(v.change, v.changeSeconds), verdict])
        }
        out += GateFormat.columns(rows)
        out += "\n" + GateTableRenderer.resultLine(report) + "\n"
        for reason in report.reasons { out += "  - \(reason)\n" }
        return out
    }

    /// `result: FAIL (1 regression, 2 ok, ...)`, the counts in verdict order.
    public static func resultLine(_ report: GateReport) -> String {
        let counts = GateVerdict.Kind.allCases.compactMap { kind -> String? in
            let n = report.count(kind)
            return n == 0 ? nil : "\(n) \(kind.rawValue)"
        }
        return "result: \(report.result.rawValue.uppercased())" + (counts.isEmpty ? "" : " (\(counts.joined(separator: ", ")))")
    }
}
