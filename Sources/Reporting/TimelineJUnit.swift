import LogModel

/// Renders a timeline as JUnit XML in the layout Jenkins (junit plugin) and GitLab test reports read.
///
/// - One `<testsuite>` per operation, named `workload-create wl-1`, with its facts as properties.
/// - First an `operation` testcase for the operation as a whole (so an operation that failed outside
///   any phase, or an instant one with no phases, still shows), then one `<testcase>` per phase and
///   sub-phase: `classname` is `kind.cluster` (Jenkins shows the kind as the package and the cluster
///   as the class), `name` is the phase path (`providers/capv`), `time` its duration in seconds.
/// - A failed phase, an open one (still running when the log ended) and a phase with a stuck loop get
///   one `<failure>` whose text lists the error, the evidence lines (`file:line`) and the loops with
///   their diagnosis; a skipped phase gets `<skipped/>`; a slow loop is a warning in `<system-out>`.
///
/// The output validates against the Jenkins `junit-10.xsd` layout (`Tests/ReportingTests/Resources`).
public enum TimelineJUnit {
    /// The JUnit XML document for `timeline`.
    public static func render(_ timeline: Timeline) -> String {
        var suites: [String] = []
        var totals = (tests: 0, failures: 0, skipped: 0, time: 0.0)
        for (index, op) in timeline.operations.enumerated() {
            let classname = op.cluster.map { op.kind + "." + $0 } ?? op.kind
            var cases: [String] = []
            var failures = 0, skipped = 0

            // The operation as a whole.
            var opFailure: [String] = []
            if op.outcome == .failed || op.outcome == .open {
                opFailure.append(op.outcome == .failed ? "operation failed" : "operation still running when the log ended")
                if let e = op.error { opFailure.append("error: \(e.message)\n  at \(e.location) (\(e.kind))") }
                opFailure += evidenceLines(op.evidence)
            }
            let opMessage = op.error?.message ?? (op.outcome == .open ? "operation still running when the log ended" : "operation failed")
            cases.append(testcase(name: "operation", classname: classname, seconds: op.durationSeconds,
                                  failure: opFailure.isEmpty ? nil : (op.outcome.rawValue, opMessage, opFailure.joined(separator: "\n")),
                                  skipped: nil, out: op.instant ? "instant operation: the log shows the request accepted, not a duration" : nil))
            if !opFailure.isEmpty { failures += 1 }

            forEachPhase(op.phases) { path, p, _ in
                var body: [String] = []
                var type: String?
                var message: String?
                switch p.outcome {
                case .failed:
                    type = "failed"
                    message = p.error?.message ?? "phase failed"
                    body.append("phase \(path) failed")
                case .open:
                    type = "open"
                    message = "phase still running when the log ended"
                    body.append("phase \(path) still running when the log ended")
                case .ok, .skipped: break
                }
                if let e = p.error { body.append("error: \(e.message)\n  at \(e.location) (\(e.kind))") }
                var notes: [String] = []
                for l in p.loops where l.verdict != .ok {
                    let text = loopText(l)
                    if l.verdict == .stuck {
                        if type == nil {
                            type = "stuck-loop"
                            message = "loop \(l.id) stuck in \(l.state)"
                        }
                        body.append(text)
                    } else {
                        notes.append("warning: " + text)
                    }
                }
                if type != nil { body += evidenceLines(p.evidence) }
                if p.outcome == .skipped { skipped += 1 } else if type != nil { failures += 1 }
                var out = notes
                if let r = p.reportedSeconds { out.append("the log reports \(TimelineText.decimal(r))s") }
                if let t = p.title { out.insert(t, at: 0) }
                cases.append(testcase(name: path, classname: classname, seconds: p.durationSeconds ?? p.reportedSeconds,
                                      failure: type.map { ($0, message ?? $0, body.joined(separator: "\n")) },
                                      skipped: p.outcome == .skipped ? "declared by the rules but never seen while a later phase was" : nil,
                                      out: out.isEmpty ? nil : out.joined(separator: "\n")))
            }

            let seconds = op.durationSeconds ?? 0
            totals.tests += cases.count
            totals.failures += failures
            totals.skipped += skipped
            totals.time += seconds
            var suite = "  <testsuite name=\"\(TimelineText.xml(op.displayName))\" tests=\"\(cases.count)\" failures=\"\(failures)\""
            suite += " errors=\"0\" skipped=\"\(skipped)\" time=\"\(TimelineText.decimal(seconds))\""
            if let s = op.start { suite += " timestamp=\"\(s.format(fractionDigits: 0))\"" }
            suite += " id=\"\(index)\">\n"
            var properties = [("kind", op.kind), ("outcome", op.outcome.rawValue)]
            if let c = op.cluster { properties.append(("cluster", c)) }
            if let p = op.parent { properties.append(("parent", p)) }
            properties += op.facts.sorted { $0.key < $1.key }.map { ("fact." + $0.key, $0.value) }
            suite += "    <properties>\n"
            for (k, v) in properties {
                suite += "      <property name=\"\(TimelineText.xml(k))\" value=\"\(TimelineText.xml(v))\"/>\n"
            }
            suite += "    </properties>\n"
            suite += cases.joined()
            suite += "  </testsuite>\n"
            suites.append(suite)
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"tkgqa analyze\" tests=\"\(totals.tests)\" failures=\"\(totals.failures)\" errors=\"0\""
        out += " time=\"\(TimelineText.decimal(totals.time))\">\n"
        out += suites.joined()
        out += "</testsuites>\n"
        return out
    }

    private static func testcase(name: String, classname: String, seconds: Double?,
                                 failure: (type: String, message: String, text: String)?, skipped: String?, out: String?) -> String {
        var s = "    <testcase name=\"\(TimelineText.xml(name))\" classname=\"\(TimelineText.xml(classname))\""
        s += " time=\"\(TimelineText.decimal(max(seconds ?? 0, 0)))\""
        guard failure != nil || skipped != nil || out != nil else { return s + "/>\n" }
        s += ">\n"
        if let skipped { s += "      <skipped message=\"\(TimelineText.xml(skipped))\"/>\n" }
        if let f = failure {
            s += "      <failure type=\"\(TimelineText.xml(f.type))\" message=\"\(TimelineText.xml(f.message))\">"
            s += text(f.text) + "</failure>\n"
        }
        if let out { s += "      <system-out>" + text(out) + "</system-out>\n" }
        return s + "    </testcase>\n"
    }

    /// Element content: like attribute escaping, but newlines stay newlines so the text reads as lines.
    private static func text(_ s: String) -> String {
        TimelineText.xml(s, keepNewlines: true)
    }

    private static func evidenceLines(_ e: Evidence) -> [String] {
        var lines: [String] = []
        if let s = e.start { lines.append("started at \(s)") }
        if let x = e.end { lines.append("ended at \(x)") }
        return lines
    }

    private static func loopText(_ l: Loop) -> String {
        var s = "loop \(l.id) \(l.verdict.rawValue) in \(l.state): \(l.count) polls"
        if let t = l.totalSeconds { s += " over \(TimelineText.duration(t))" }
        if let b = l.stuckAfterSeconds { s += " (healthy budget \(TimelineText.duration(b)))" }
        s += ", lines \(l.firstLine) to \(l.lastLine)"
        if let d = l.diagnosis {
            s += "\n  diagnosis: \(d.summary)"
            for c in d.causes { s += "\n  likely cause: \(c)" }
            for c in d.checks { s += "\n  check: \(c)" }
            for e in d.evidence { s += "\n  evidence: \(e)" }
        }
        return s
    }
}
