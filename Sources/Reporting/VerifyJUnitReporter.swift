import LogModel

/// Renders verify results as JUnit XML for CI: one `<testsuite>` per spec file × cluster, one
/// `<testcase>` per check; fail is `<failure>`, inconclusive and skipped are `<skipped>`, warn passes
/// with its message in `<system-out>`.
public enum VerifyJUnitReporter {
    public static func render(_ report: VerifyReport) -> String {
        var groups: [(key: String, spec: String, cluster: String, results: [CheckResult])] = []
        for r in report.results {
            let key = r.spec + "\u{0}" + r.cluster
            if let i = groups.firstIndex(where: { $0.key == key }) {
                groups[i].results.append(r)
            } else {
                groups.append((key, r.spec, r.cluster, [r]))
            }
        }
        let failures = report.results.filter { $0.outcome == .fail }.count
        let skipped = report.results.filter { $0.outcome == .inconclusive || $0.outcome == .skipped }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"tkgqa verify\" tests=\"\(report.results.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skipped)\">\n"
        for group in groups {
            let f = group.results.filter { $0.outcome == .fail }.count
            let s = group.results.filter { $0.outcome == .inconclusive || $0.outcome == .skipped }.count
            let name = group.cluster == "-" ? group.spec : "\(group.spec) [\(group.cluster)]"
            out += "  <testsuite name=\"\(escape(name))\" tests=\"\(group.results.count)\" failures=\"\(f)\" errors=\"0\" skipped=\"\(s)\">\n"
            let classname = group.cluster == "-" ? group.spec : "\(group.spec).\(group.cluster)"
            var seen: [String: Int] = [:]
            for r in group.results {
                seen[r.check, default: 0] += 1
                var caseName = r.check
                if let location = r.location, let line = location.split(separator: ":").dropLast().last { caseName += " (line \(line))" }
                else if seen[r.check]! > 1 { caseName += " #\(seen[r.check]!)" }
                out += "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(caseName))\">\n"
                var body: [String] = []
                if let observed = r.observed { body.append("observed: \(observed)") }
                if let expected = r.expected { body.append("expected: \(expected)") }
                body += r.details
                if !r.objects.isEmpty { body.append("objects: " + r.objects.joined(separator: ", ")) }
                switch r.outcome {
                case .fail:
                    out += "      <failure message=\"\(escape(r.message))\" type=\"fail\">\(escape(body.joined(separator: "\n")))</failure>\n"
                case .inconclusive:
                    out += "      <skipped message=\"\(escape("inconclusive: " + r.message))\"/>\n"
                case .skipped:
                    out += "      <skipped message=\"\(escape(r.message))\"/>\n"
                case .warn:
                    out += "      <system-out>\(escape((["warn: " + r.message] + body).joined(separator: "\n")))</system-out>\n"
                case .pass:
                    break
                }
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        out += "</testsuites>\n"
        return out
    }

    /// XML text for attributes and content (the one escaper of the JUnit writers).
    static func escape(_ s: String) -> String { TimelineText.xml(s, keepNewlines: true) }
}
