import LogModel

/// Renders a timeline as one self-contained HTML file (inline CSS and JavaScript, no network), to open
/// from a CI artifact: the verdict, a Gantt chart of operations, phases, sub-phases and loop runs on a
/// time axis, and the evidence behind each bar.
///
/// The verdict, the operations table, the problems (failures, open phases, stuck and slow loops with
/// their evidence and error text) and the trend charts are plain HTML, readable where scripts are
/// blocked. The Gantt chart is drawn by a small script from compact JSON embedded in the page: a
/// 10,000-phase run stays well under 2 MB that way, where one element per bar written out in HTML would
/// not. Hovering a bar shows its evidence (`file:line`) and error; clicking pins it.
///
/// All text comes from logs and is escaped: HTML-escaped in markup, and inside the JSON `<`, `>` and
/// `&` are `\u` escapes, so no log line can close the script element.
///
/// DOM markers for tests and tools: `#verdict` holds the verdict word; every phase bar is a
/// `.phase-bar` with `data-phase-id` (its id) and `data-path`; operation bars are `.op-bar`.
public enum TimelineHTMLReport {
    /// The HTML document for `timeline`; `history`, when given, adds per-phase trend charts.
    public static func render(_ timeline: Timeline, title: String, history: [PhaseTrend] = []) -> String {
        let layout = TimelineLayout(timeline)
        let verdict = timeline.verdict
        let verdictWord: String
        switch verdict {
        case .ok: verdictWord = "PASSED"
        case .failed: verdictWord = "FAILED"
        case .open: verdictWord = "UNFINISHED"
        case .none: verdictWord = "NO OPERATION RECOGNISED"
        }
        var phaseCount = 0, loopCount = 0
        for op in timeline.operations {
            forEachPhase(op.phases) { _, p, _ in phaseCount += 1; loopCount += p.loops.count }
        }

        var s = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        s += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        s += "<meta name=\"generator\" content=\"tkgqa\">"
        s += "<title>" + TimelineText.html(title) + " — " + verdictWord + "</title>"
        s += "<style>" + css + "</style></head>\n<body>\n"

        // Header.
        s += "<header class=\"v-\(verdict.rawValue)\"><h1>" + TimelineText.html(title) + "</h1>"
        s += "<p id=\"verdict\" class=\"verdict v-\(verdict.rawValue)\" data-verdict=\"\(verdict.rawValue)\">" + verdictWord + "</p>"
        s += "<p class=\"meta\">"
        var meta: [String] = []
        meta.append("\(timeline.operations.count) operation\(timeline.operations.count == 1 ? "" : "s")")
        meta.append("\(phaseCount) phase\(phaseCount == 1 ? "" : "s")")
        meta.append("\(loopCount) loop run\(loopCount == 1 ? "" : "s")")
        switch layout.clock {
        case .timed(let origin, let end):
            meta.append(TimelineText.html(origin.format(fractionDigits: 0)) + " → " + TimelineText.html(end.format(fractionDigits: 0))
                        + " (" + TimelineText.duration(origin.seconds(to: end)) + ")")
            if !origin.zoneKnown { meta.append("times are the log host's local time (zone unknown)") }
        case .ordinal:
            meta.append("these logs carry no clock: bars show the order of phases, not their duration")
        }
        s += meta.joined(separator: " · ") + "</p>"
        if !timeline.inputs.isEmpty {
            s += "<p class=\"meta\">from " + timeline.inputs.map { "<code>" + TimelineText.html($0) + "</code>" }.joined(separator: ", ") + "</p>"
        }
        s += "</header>\n<main>\n"

        // Gantt.
        s += "<section id=\"timeline\"><h2>Timeline</h2>"
        s += "<p class=\"legend\"><span class=\"sw k-ok\"></span>ok <span class=\"sw k-failed\"></span>failed "
        s += "<span class=\"sw k-open\"></span>open <span class=\"sw k-skipped\"></span>skipped "
        s += "<span class=\"sw k-loop\"></span>loop run <span class=\"sw k-slow\"></span>slow loop "
        s += "<span class=\"sw k-stuck\"></span>stuck loop · hover a bar for its evidence, click to pin it, "
        s += "click a name to fold its sub-phases · <label><input type=\"checkbox\" id=\"only-problems\"> only problems</label></p>"
        s += "<div id=\"gantt\" class=\"gantt\" role=\"table\" aria-label=\"timeline\"></div>"
        s += "<noscript><p class=\"note\">The timeline chart needs JavaScript; the verdict, operations and problems above do not.</p></noscript>"
        s += "</section>\n"

        s += problemsSection(timeline)
        s += trendsSection(history)
        s += operationsSection(timeline)
        s += findingsSection(timeline)
        s += "</main>\n<aside id=\"detail\" class=\"detail\" hidden></aside>\n"
        s += "<script type=\"application/json\" id=\"tkgqa-data\">" + dataJSON(timeline, layout) + "</script>\n"
        s += "<script>" + script + "</script>\n</body></html>\n"
        return s
    }

    // MARK: - Static sections

    private static func operationsSection(_ timeline: Timeline) -> String {
        guard !timeline.operations.isEmpty else {
            return "<section id=\"operations\"><h2>Operations</h2><p class=\"note\">No operation tkgqa recognises was found in these logs.</p></section>\n"
        }
        var s = "<section id=\"operations\"><h2>Operations</h2><table><thead><tr><th>operation</th><th>cluster</th>"
        s += "<th>outcome</th><th>start</th><th>duration</th><th>facts</th><th>error</th></tr></thead><tbody>"
        for op in timeline.operations.prefix(maxListed) {
            s += "<tr class=\"o-\(op.outcome.rawValue)\"><td>" + TimelineText.html(op.kind) + "</td><td>"
            s += TimelineText.html(op.cluster ?? "") + "</td><td><span class=\"badge o-\(op.outcome.rawValue)\">"
            s += op.outcome.rawValue + "</span></td><td>" + TimelineText.html(op.start?.format(fractionDigits: 0) ?? "") + "</td><td>"
            if let d = op.durationSeconds { s += TimelineText.duration(d) }
            if op.instant { s += " <span class=\"dim\">(instant)</span>" }
            s += "</td><td class=\"facts\">"
            s += op.facts.sorted { $0.key < $1.key }.map { TimelineText.html($0.key) + "=" + TimelineText.html($0.value) }.joined(separator: " ")
            s += "</td><td>"
            if let e = op.error {
                s += TimelineText.html(e.message) + " <code>" + TimelineText.html(e.location.description) + "</code>"
            }
            s += "</td></tr>"
        }
        s += "</tbody></table>"
        if timeline.operations.count > maxListed {
            s += "<p class=\"note\">and \(timeline.operations.count - maxListed) more in the timeline below</p>"
        }
        return s + "</section>\n"
    }

    /// The most items a static list shows; the chart shows everything.
    static let maxListed = 200

    private static func problemsSection(_ timeline: Timeline) -> String {
        var items: [String] = []
        var total = 0
        func add(_ html: @autoclosure () -> String) {
            total += 1
            if items.count < maxListed { items.append(html()) }
        }
        for op in timeline.operations {
            let opName = TimelineText.html(op.displayName)
            if op.outcome == .failed || op.outcome == .open {
                var li = "<li class=\"o-\(op.outcome.rawValue)\"><b>" + opName + "</b> "
                li += op.outcome == .failed ? "failed" : "was still running when the log ended"
                // The error that ended a phase usually ended the operation too: say it once, at the phase.
                var shownAt: String?
                forEachPhase(op.phases) { path, p, _ in if shownAt == nil, let e = p.error, e == op.error { shownAt = path } }
                if let shownAt {
                    li += " in <b>" + TimelineText.html(shownAt) + "</b>" + evidenceHTML(op.evidence)
                } else {
                    li += errorHTML(op.error) + evidenceHTML(op.evidence)
                }
                add(li + "</li>")
            }
            forEachPhase(op.phases) { path, p, _ in
                if p.outcome == .failed || p.outcome == .open {
                    var li = "<li class=\"o-\(p.outcome.rawValue)\"><b>" + opName + " › " + TimelineText.html(path) + "</b> "
                    li += p.outcome == .failed ? "failed" : "was still running when the log ended"
                    if let d = p.durationSeconds { li += " after " + TimelineText.duration(d) }
                    li += errorHTML(p.error) + evidenceHTML(p.evidence) + "</li>"
                    add(li)
                }
                for l in p.loops where l.verdict != .ok {
                    var li = "<li class=\"v-\(l.verdict.rawValue)\"><b>" + opName + " › " + TimelineText.html(path) + "</b> loop <code>"
                    li += TimelineText.html(l.id) + "</code> " + (l.verdict == .stuck ? "stuck" : "slow") + " in <b>"
                    li += TimelineText.html(l.state) + "</b>: \(l.count) poll\(l.count == 1 ? "" : "s")"
                    if let t = l.totalSeconds { li += " over " + TimelineText.duration(t) }
                    if let b = l.stuckAfterSeconds { li += " (healthy within " + TimelineText.duration(b) + ")" }
                    li += " <code>" + TimelineText.html(l.firstLine.description) + "</code>–<code>"
                    li += TimelineText.html(l.lastLine.description) + "</code>"
                    if let d = l.diagnosis {
                        li += "<div class=\"diag\"><p>" + TimelineText.html(d.summary) + "</p>"
                        li += listHTML("likely causes", d.causes) + listHTML("check", d.checks) + listHTML("evidence", d.evidence, code: true)
                        li += "</div>"
                    }
                    add(li + "</li>")
                }
            }
        }
        guard total > 0 else { return "" }
        var s = "<section id=\"problems\"><h2>Problems</h2><ul class=\"problems\">" + items.joined() + "</ul>"
        if total > items.count { s += "<p class=\"note\">and \(total - items.count) more, marked in the timeline below</p>" }
        return s + "</section>\n"
    }

    private static func findingsSection(_ timeline: Timeline) -> String {
        guard !timeline.findings.isEmpty || !timeline.unknownLoops.isEmpty else { return "" }
        var s = "<section id=\"findings\"><h2>Findings</h2><ul>"
        for f in timeline.findings.prefix(maxListed) {
            s += "<li class=\"sev-\(f.severity.rawValue)\"><span class=\"badge\">" + f.severity.rawValue + "</span> <code>"
            s += TimelineText.html(f.code) + "</code> " + TimelineText.html(f.message)
            if let l = f.location { s += " <code>" + TimelineText.html(l.description) + "</code>" }
            s += "</li>"
        }
        for u in timeline.unknownLoops.prefix(maxListed) {
            s += "<li><span class=\"badge\">repeats</span> \(u.count)× <code>" + TimelineText.html(u.shape) + "</code> <code>"
            s += TimelineText.html(u.firstLine.description) + "</code>–<code>" + TimelineText.html(u.lastLine.description) + "</code></li>"
        }
        return s + "</ul></section>\n"
    }

    private static func errorHTML(_ e: ErrorInfo?) -> String {
        guard let e else { return "" }
        return "<pre class=\"err\">" + TimelineText.html(e.message) + "</pre><span class=\"ev\">error at <code>"
            + TimelineText.html(e.location.description) + "</code> (" + TimelineText.html(e.kind) + ")</span>"
    }

    private static func evidenceHTML(_ e: Evidence) -> String {
        var parts: [String] = []
        if let s = e.start { parts.append("started <code>" + TimelineText.html(s.description) + "</code>") }
        if let x = e.end { parts.append("ended <code>" + TimelineText.html(x.description) + "</code>") }
        return parts.isEmpty ? "" : " <span class=\"ev\">" + parts.joined(separator: ", ") + "</span>"
    }

    private static func listHTML(_ heading: String, _ items: [String], code: Bool = false) -> String {
        guard !items.isEmpty else { return "" }
        return "<p class=\"dim\">" + heading + ":</p><ul>" + items.map {
            "<li>" + (code ? "<code>" + TimelineText.html($0) + "</code>" : TimelineText.html($0)) + "</li>"
        }.joined() + "</ul>"
    }

    // MARK: - Chart data

    /// Compact JSON for the chart script. Positions are integers in 1/100000 of the axis.
    ///
    /// `rows`: `[depth, label, outcome, lo, hi, seconds, flags, evidence, error, loops, title, reported]`,
    /// trailing empty entries dropped. outcome 0 ok, 1 failed, 2 open, 3 skipped; flags 1 estimated
    /// position, 2 instant operation; evidence `[file, line, file, line]` (-1 when missing); error
    /// `[message, file, line, kind]`; a loop `[lo, hi, verdict 0 ok 1 slow 2 stuck, id, state, polls,
    /// file, firstLine, lastLine, period, total, budget, diagnosis]`; files index `files`.
    static func dataJSON(_ timeline: Timeline, _ layout: TimelineLayout) -> String {
        var files: [String] = []
        var fileIndex: [String: Int] = [:]
        func file(_ f: String) -> Int {
            if let i = fileIndex[f] { return i }
            fileIndex[f] = files.count
            files.append(f)
            return files.count - 1
        }
        func pos(_ v: Double) -> Int { Int((v / layout.span * 100_000).rounded()) }
        func q(_ s: String) -> String { TimelineText.json(s, scriptSafe: true) }
        func num(_ v: Double?) -> String { v.map { TimelineText.decimal($0) } ?? "null" }
        func evidence(_ e: Evidence) -> String {
            guard e.start != nil || e.end != nil else { return "0" }
            return "[" + [e.start.map { "\(file($0.file)),\($0.line)" } ?? "-1,-1",
                          e.end.map { "\(file($0.file)),\($0.line)" } ?? "-1,-1"].joined(separator: ",") + "]"
        }
        func error(_ e: ErrorInfo?) -> String {
            guard let e else { return "0" }
            return "[" + q(e.message) + ",\(file(e.location.file)),\(e.location.line)," + q(e.kind) + "]"
        }
        func outcomeCode(_ o: Outcome) -> Int {
            switch o { case .ok: 0; case .failed: 1; case .open: 2; case .skipped: 3 }
        }
        func list(_ items: [String]) -> String { "[" + items.map(q).joined(separator: ",") + "]" }

        var rows: [String] = []
        rows.reserveCapacity(layout.rows.count)
        for row in layout.rows {
            var fields: [String]
            if let p = row.phase {
                var loops = "0"
                if !row.loops.isEmpty {
                    loops = "[" + row.loops.map { span -> String in
                        let l = span.loop
                        let v = l.verdict == .stuck ? 2 : l.verdict == .slow ? 1 : 0
                        var diag = "0"
                        if let d = l.diagnosis {
                            diag = "[" + q(d.summary) + "," + list(d.causes) + "," + list(d.checks) + "," + list(d.evidence) + "]"
                        }
                        var f = ["\(pos(span.lo))", "\(pos(span.hi))", "\(v)", q(l.id), q(l.state), "\(l.count)",
                                 "\(file(l.firstLine.file))", "\(l.firstLine.line)", "\(l.lastLine.line)",
                                 num(l.periodSeconds), num(l.totalSeconds), num(l.stuckAfterSeconds), diag]
                        while let last = f.last, last == "0" || last == "null" { f.removeLast() }
                        return "[" + f.joined(separator: ",") + "]"
                    }.joined(separator: ",") + "]"
                }
                fields = ["\(row.depth)", q(p.id), "\(outcomeCode(p.outcome))", "\(pos(row.lo))", "\(pos(row.hi))",
                          num(p.durationSeconds), row.estimated ? "1" : "0", evidence(p.evidence), error(p.error), loops,
                          p.title.map(q) ?? "0", num(p.reportedSeconds)]
            } else {
                let op = timeline.operations[row.operationIndex]
                var title = op.facts.sorted { $0.key < $1.key }.map { $0.key + "=" + $0.value }.joined(separator: " ")
                if let parent = op.parent { title = "run by " + parent + (title.isEmpty ? "" : " · " + title) }
                fields = ["0", q(op.displayName), "\(outcomeCode(op.outcome))", "\(pos(row.lo))", "\(pos(row.hi))",
                          num(op.durationSeconds), "\((row.estimated ? 1 : 0) | (op.instant ? 2 : 0))", evidence(op.evidence),
                          error(op.error), "0", title.isEmpty ? "0" : q(title)]
            }
            while let last = fields.last, last == "0" || last == "null" { fields.removeLast() }
            rows.append("[" + fields.joined(separator: ",") + "]")
        }
        var head = "{\"v\":1"
        switch layout.clock {
        case .timed(let origin, _):
            head += ",\"timed\":true,\"origin\":\(origin.microseconds),\"span\":\(Int64(layout.span)),\"zone\":\(origin.zoneKnown)"
        case .ordinal:
            head += ",\"timed\":false,\"span\":\(Int64(layout.span))"
        }
        let body = ",\"rows\":[\n" + rows.joined(separator: ",\n") + "]}"
        return head + ",\"files\":" + list(files) + body
    }
}
