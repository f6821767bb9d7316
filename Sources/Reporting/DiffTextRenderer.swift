import LogModel

/// Renders a diff of two runs as text: the runs, then every phase with both durations and the
/// change, then loops that are new, longer, shorter or gone.
public struct DiffTextRenderer: Sendable {
    public init() {}

    public func render(_ diff: DiffReport, nameA: String, nameB: String) -> String {
        var out = "A: \(nameA)  run \(diff.a.shortHash)  \(diff.a.outcome.rawValue)  start \(diff.a.start?.iso8601 ?? "-")\n"
        out += "B: \(nameB)  run \(diff.b.shortHash)  \(diff.b.outcome.rawValue)  start \(diff.b.start?.iso8601 ?? "-")\n"
        if diff.a.outcome != diff.b.outcome { out += "outcome: \(diff.a.outcome.rawValue) -> \(diff.b.outcome.rawValue)\n" }
        let labelKeys = Set(diff.a.labels.keys).union(diff.b.labels.keys).sorted()
        for key in labelKeys where diff.a.labels[key] != diff.b.labels[key] {
            out += "label \(key): \(diff.a.labels[key] ?? "-") -> \(diff.b.labels[key] ?? "-")\n"
        }
        out += "\n"
        var rows = [["OPERATION", "PHASE", "A", "B", "CHANGE", "", "OUTCOME"]]
        for row in diff.phases {
            let outcome: String
            switch (row.a?.outcome, row.b?.outcome) {
            case let (x?, y?) where x != y: outcome = "\(x.rawValue) -> \(y.rawValue)"
            case let (x?, nil): outcome = x.rawValue
            case let (_, y?): outcome = y.rawValue
            default: outcome = ""
            }
            let mark: String
            switch row.change {
            case .grew: mark = "grew"
            case .shrank: mark = "shrank"
            case .same: mark = ""
            case .new: mark = "new in B"
            case .gone: mark = "only in A"
            case .unknown: mark = "?"
            }
            rows.append([row.key.operation, row.key.phase, GateFormat.seconds(row.a?.durationSeconds), GateFormat.seconds(row.b?.durationSeconds),
                         GateFormat.change(row.relative, row.deltaSeconds), mark, outcome])
        }
        out += GateFormat.columns(rows)
        if !diff.loops.isEmpty {
            out += "\nloops:\n"
            var loopRows = [["OPERATION", "PHASE", "LOOP", "STATE", "A", "B", "CHANGE"]]
            func describe(_ l: LoopSummary?) -> String {
                guard let l else { return "-" }
                return "\(l.count) polls, \(GateFormat.seconds(l.totalSeconds)), \(l.verdict.rawValue)"
            }
            for l in diff.loops {
                let loop = l.b ?? l.a!
                loopRows.append([l.key.operation, l.key.phase, loop.id, loop.state, describe(l.a), describe(l.b), l.change])
            }
            out += GateFormat.columns(loopRows)
        }
        let grew = diff.phases.filter { $0.change == .grew }.count, shrank = diff.phases.filter { $0.change == .shrank }.count
        let outcomes = diff.phases.filter(\.outcomeChanged).count
        out += "\n\(grew) grew, \(shrank) shrank, \(diff.phases.filter { $0.change == .new }.count) new, \(diff.phases.filter { $0.change == .gone }.count) gone, \(outcomes) outcome change\(outcomes == 1 ? "" : "s"), \(diff.loops.count) loop change\(diff.loops.count == 1 ? "" : "s")\n"
        return out
    }
}
