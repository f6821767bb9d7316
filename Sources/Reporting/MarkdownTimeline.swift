import LogModel

/// A Markdown summary table of a timeline, for CI step summaries (streamable: header, rows per
/// operation, verdict).
public enum MarkdownTimeline {
    public static let header = "| operation | cluster | phase | duration | outcome | loops |\n|---|---|---|---:|---|---|\n"

    public static func render(_ timeline: Timeline) -> String {
        header + timeline.operations.map(rows).joined() + footer(timeline.verdict)
    }

    /// The rows of one operation.
    public static func rows(_ op: LogModel.Operation) -> String {
        var out = "| **\(op.kind)** | \(cell(op.cluster ?? "")) | | \(op.durationSeconds.map(TerminalTimeline.duration) ?? "") | \(op.outcome.rawValue) | |\n"
        func row(_ p: Phase, _ path: String) {
            let loops = p.loops.filter { $0.verdict != .ok || $0.count > 1 }
                .map { "\($0.state) ×\($0.count) \($0.verdict.rawValue)" }.joined(separator: "; ")
            out += "| | | \(cell(path)) | \(p.durationSeconds.map(TerminalTimeline.duration) ?? "") | \(p.outcome.rawValue) | \(cell(loops)) |\n"
            for c in p.phases { row(c, path + "/" + c.id) }
        }
        for p in op.phases { row(p, p.id) }
        return out
    }

    public static func footer(_ verdict: TimelineVerdict) -> String { "\n**verdict: \(verdict.rawValue)**\n" }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
