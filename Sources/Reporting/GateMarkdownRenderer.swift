import Foundation
import LogModel

/// Renders a gate report as GitHub-flavoured Markdown, for a pull request or job summary.
public struct GateMarkdownRenderer: Sendable {
    public init() {}

    public func render(_ report: GateReport) -> String {
        let icon: String
        switch report.result {
        case .pass: icon = "✅"
        case .fail: icon = "❌"
        case .inconclusive: icon = "⚠️"
        }
        var out = "### \(icon) tkgqa gate: \(report.result.rawValue)\n\n"
        out += "Run `\(String(report.run.prefix(12)))` · labels \(GateFormat.labels(report.labels).split(separator: " ").map { "`\($0)`" }.joined(separator: " ")) · "
        out += "baseline \(report.baselineRuns.count) run\(report.baselineRuns.count == 1 ? "" : "s") (\(GateFormat.parameters(report.parameters)))\n\n"
        if !report.reasons.isEmpty {
            for reason in report.reasons { out += "- \(cell(reason))\n" }
            out += "\n"
        }
        out += "| operation | phase | baseline | MAD | n | current | change | verdict |\n"
        out += "|---|---|--:|--:|--:|--:|--:|---|\n"
        for v in report.phases {
            let verdict = v.verdict.fails ? "**\(v.verdict.rawValue)**" : v.verdict.rawValue
            out += "| \(cell(v.operation)) | \(cell(v.phase)) | \(GateFormat.seconds(v.baselineMedian)) | \(GateFormat.seconds(v.mad)) | \(v.samples) | "
            out += "\(GateFormat.seconds(v.current)) | \(GateFormat.change(v.change, v.changeSeconds)) | \(verdict) |\n"
        }
        return out
    }

    private func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
