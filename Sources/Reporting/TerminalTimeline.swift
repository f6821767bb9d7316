import LogModel

/// Renders a timeline for a terminal: one line per phase, indented by depth, with its start offset,
/// duration, a proportional bar and its outcome; loops under their phase; a final verdict line.
/// Colour only when asked (on a TTY, unless `NO_COLOR`).
public struct TerminalTimeline: Sendable {
    public var color: Bool
    public var width: Int

    public init(color: Bool = false, width: Int = 24) {
        self.color = color
        self.width = width
    }

    public func render(_ timeline: Timeline) -> String {
        var out = ""
        for op in timeline.operations { out += render(op) }
        return out + footer(timeline, verdict: timeline.verdict, operations: timeline.operations.map(Self.brief))
    }

    /// One operation with its phases and loops (streamed output writes these as they finish).
    public func render(_ op: Operation) -> String {
        var out = header(op)
        let origin = op.start
        let total = op.durationSeconds ?? op.phases.compactMap(\.durationSeconds).reduce(0, +)
        for phase in op.phases { out += lines(phase, depth: 1, origin: origin, total: total) }
        if let error = op.error, !Self.phaseShows(error, op.phases) {
            out += "  " + paint("error", .red) + " \(error.location): \(error.message)\n"
        }
        return out + "\n"
    }

    /// What the verdict line needs to know of an operation.
    public struct Brief: Sendable {
        public var kind: String
        public var cluster: String?
        public var outcome: Outcome
        public init(kind: String, cluster: String?, outcome: Outcome) {
            self.kind = kind
            self.cluster = cluster
            self.outcome = outcome
        }
    }

    public static func brief(_ op: Operation) -> Brief { Brief(kind: op.kind, cluster: op.cluster, outcome: op.outcome) }

    /// Unknown loops, findings and the verdict line.
    public func footer(_ timeline: Timeline, verdict: TimelineVerdict, operations: [Brief]) -> String {
        var out = ""
        if !timeline.unknownLoops.isEmpty {
            out += "Repeating lines no loop rule knows (candidate loops):\n"
            for u in timeline.unknownLoops {
                var span = ""
                if let s = u.start, let e = u.end { span = " over \(Self.duration(s.seconds(to: e)))" }
                out += "  ×\(u.count)\(span) from \(u.firstLine): \(u.shape)\n"
            }
            out += "\n"
        }
        for finding in timeline.findings {
            let tag = finding.severity == .error ? paint("error", .red) : finding.severity == .warning ? paint("warning", .yellow) : "info"
            out += "\(tag): \(finding.message)\(finding.location.map { " (\($0))" } ?? "")\n"
        }
        out += verdictLine(verdict, operations) + "\n"
        return out
    }

    static func phaseShows(_ error: ErrorInfo, _ phases: [Phase]) -> Bool {
        phases.contains { $0.error == error || phaseShows(error, $0.phases) }
    }

    private func header(_ op: Operation) -> String {
        var s = paint(op.kind, .bold)
        if let c = op.cluster { s += " " + c }
        s += "  " + outcome(op.outcome)
        if op.instant {
            s += "  (returns without waiting"
            if let d = op.durationSeconds { s += "; its harness step took \(Self.duration(d))" }
            s += ")"
        } else if let d = op.durationSeconds {
            s += "  " + Self.duration(d)
        } else {
            s += "  (no clock in the log)"
        }
        if let start = op.start { s += "  from " + start.format(fractionDigits: 3) }
        if !op.facts.isEmpty {
            s += "\n  " + op.facts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        return s + "\n"
    }

    private func lines(_ phase: Phase, depth: Int, origin: Timestamp?, total: Double) -> String {
        let indent = String(repeating: "  ", count: depth)
        var offset = "        "
        if let o = origin, let s = phase.start { offset = Self.pad("+" + Self.duration(o.seconds(to: s)), 8) }
        let duration = Self.pad(phase.durationSeconds.map(Self.duration) ?? "-", 9)
        let name = Self.padRight(indent + (phase.title.map { Self.short($0) } ?? phase.id), 34)
        var line = "\(name) \(offset) \(duration) \(bar(phase, origin: origin, total: total)) \(outcome(phase.outcome))"
        if let r = phase.reportedSeconds { line += " (log says \(Self.duration(r)))" }
        var out = line + "\n"
        if let e = phase.error { out += indent + "  " + paint("error", .red) + " \(e.location): \(Self.short(e.message, 160))\n" }
        for loop in phase.loops {
            var l = indent + "  ↻ \(loop.id): \(Self.short(loop.state, 60)) ×\(loop.count)"
            if let p = loop.periodSeconds { l += " every \(Self.duration(p))" }
            if let t = loop.totalSeconds { l += " for \(Self.duration(t))" }
            l += "  " + verdict(loop.verdict)
            out += l + "\n"
            if let d = loop.diagnosis, loop.verdict != .ok {
                out += indent + "    " + d.summary + "\n"
                for check in d.checks.prefix(4) { out += indent + "    - " + check + "\n" }
            }
        }
        for child in phase.phases { out += lines(child, depth: depth + 1, origin: origin, total: total) }
        return out
    }

    private func bar(_ phase: Phase, origin: Timestamp?, total: Double) -> String {
        guard let o = origin, let s = phase.start, total > 0 else { return String(repeating: " ", count: width) }
        let from = max(0, min(width - 1, Int((o.seconds(to: s) / total) * Double(width))))
        let length = max(1, Int(((phase.durationSeconds ?? 0) / total) * Double(width)))
        let to = min(width, from + length)
        var cells = Array(repeating: "·", count: width)
        for i in from..<to { cells[i] = "█" }
        return cells.joined()
    }

    private func verdictLine(_ verdict: TimelineVerdict, _ all: [Brief]) -> String {
        let ops = all.filter { $0.kind != Operation.harnessKind }
        switch verdict {
        case .none: return paint("verdict: no operation recognised", .yellow) + " (a fragment or a controller log; see `tkgqa events` for what it holds)"
        case .ok: return paint("verdict: ok", .green) + " — \(ops.count) operation\(ops.count == 1 ? "" : "s") succeeded"
        case .failed:
            let failed = all.filter { $0.outcome == .failed }.map { [$0.kind, $0.cluster].compactMap { $0 }.joined(separator: " ") }
            return paint("verdict: failed", .red) + " — " + failed.joined(separator: ", ")
        case .open:
            let open = all.filter { $0.outcome == .open }.map { [$0.kind, $0.cluster].compactMap { $0 }.joined(separator: " ") }
            return paint("verdict: open", .red) + " — the log ends while \(open.joined(separator: ", ")) is still running"
        }
    }

    private func outcome(_ o: Outcome) -> String {
        switch o {
        case .ok: return paint("ok", .green)
        case .failed: return paint("FAILED", .red)
        case .open: return paint("open", .yellow)
        case .skipped: return "skipped"
        }
    }

    private func verdict(_ v: LoopVerdict) -> String {
        switch v {
        case .ok: return paint("ok", .green)
        case .slow: return paint("slow", .yellow)
        case .stuck: return paint("STUCK", .red)
        }
    }

    enum Style: String { case red = "31", green = "32", yellow = "33", bold = "1" }

    private func paint(_ s: String, _ style: Style) -> String {
        color ? "\u{1B}[\(style.rawValue)m\(s)\u{1B}[0m" : s
    }

    /// `1h2m3s`, `4m05s`, `12.3s`, `0.25s`.
    public static func duration(_ seconds: Double) -> String {
        if seconds >= 3600 { return "\(Int(seconds) / 3600)h\(Int(seconds) % 3600 / 60)m" }
        if seconds >= 60 { let s = Int(seconds.rounded()); return "\(s / 60)m\(s % 60 < 10 ? "0" : "")\(s % 60)s" }
        if seconds >= 10 { return String(Int(seconds.rounded())) + "s" }
        return String((seconds * 100).rounded() / 100) + "s"
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
    static func padRight(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    static func short(_ s: String, _ n: Int = 34) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
