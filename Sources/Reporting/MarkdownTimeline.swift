import LogModel

/// A Markdown summary table of a timeline, for CI step summaries.
public enum MarkdownTimeline {
    public static func render(_ timeline: Timeline) -> String {
        var out = "| operation | cluster | phase | duration | outcome | loops |\n|---|---|---|---:|---|---|\n"
        for op in timeline.operations {
            out += "| **\(op.kind)** | \(cell(op.cluster ?? "")) | | \(op.durationSeconds.map(TerminalTimeline.duration) ?? "") | \(op.outcome.rawValue) | |\n"
            func row(_ p: Phase, _ path: String) {
                let loops = p.loops.filter { $0.verdict != .ok || $0.count > 1 }
                    .map { "\($0.state) ×\($0.count) \($0.verdict.rawValue)" }.joined(separator: "; ")
                out += "| | | \(cell(path)) | \(p.durationSeconds.map(TerminalTimeline.duration) ?? "") | \(p.outcome.rawValue) | \(cell(loops)) |\n"
                for c in p.phases { row(c, path + "/" + c.id) }
            }
            for p in op.phases { row(p, p.id) }
        }
        out += "\n**verdict: \(timeline.verdict.rawValue)**\n"
        return out
    }

    static func cell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
