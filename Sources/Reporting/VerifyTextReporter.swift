import LogModel

/// Renders verify results for a terminal: one line per check and cluster, grouped by spec file, with
/// observed / expected / details under anything that did not pass, and a summary line.
public enum VerifyTextReporter {
    /// The report as text (ends with a newline). Deterministic: no clock, input order.
    public static func render(_ report: VerifyReport) -> String {
        var out = ""
        var currentSpec: String?
        let checkWidth = min(20, report.results.map(\.check.count).max() ?? 0)
        let clusterWidth = min(12, report.results.map(\.cluster.count).max() ?? 0)
        for r in report.results {
            if r.spec != currentSpec {
                if currentSpec != nil { out += "\n" }
                out += "\(r.spec.isEmpty ? "(spec)" : r.spec)\n"
                currentSpec = r.spec
            }
            let tag = r.outcome.rawValue.uppercased()
            out += "  \(pad(tag, 12)) \(pad(r.check, checkWidth))  \(pad(r.cluster, clusterWidth))  \(r.message)\n"
            let indent = String(repeating: " ", count: 15)
            if let mode = r.timeMode { out += "\(indent)time: \(mode)\n" }
            guard r.outcome != .pass else { continue }
            if let observed = r.observed { out += "\(indent)observed: \(observed)\n" }
            if let expected = r.expected { out += "\(indent)expected: \(expected)\n" }
            for line in r.details { out += "\(indent)| \(line)\n" }
            if !r.objects.isEmpty { out += "\(indent)objects: \(r.objects.joined(separator: ", "))\n" }
            if let location = r.location, r.outcome != .skipped { out += "\(indent)at \(location)\n" }
        }
        out += "\n" + summary(report) + "\n"
        return out
    }

    /// `12 results: 9 pass, 1 warn, 1 fail, 1 inconclusive`.
    public static func summary(_ report: VerifyReport) -> String {
        let counts = report.counts
        let order: [CheckOutcome] = [.pass, .warn, .fail, .inconclusive, .skipped]
        let parts = order.compactMap { o in counts[o].map { "\($0) \(o.rawValue)" } }
        let n = report.results.count
        return "\(n) result\(n == 1 ? "" : "s")" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }

    private static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
    }
}
