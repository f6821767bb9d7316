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
        var out = "| **\(cell(op.kind))** | \(cell(op.cluster ?? "")) | | \(op.durationSeconds.map(TerminalTimeline.duration) ?? "") | \(op.outcome.rawValue) | |\n"
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

    /// `s` fit for a table cell: `|` escaped, newlines as spaces. Most cells need neither and are
    /// returned as they are (Foundation's `replacingOccurrences` took 40% of a markdown run).
    static func cell(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == 0x0A }) else { return s }
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars {
            switch c {
            case "|": out.append("\\"); out.append("|")
            case "\n": out.append(" ")
            default: out.append(c)
            }
        }
        return String(out)
    }
}
