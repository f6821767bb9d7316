import LogModel

/// Two runs side by side: which phases grew or shrank and by how much, loops that are new or ran
/// longer, and outcomes that differ. Built from run summaries, so logs, timelines and summaries all diff.
public struct DiffReport: Sendable, Equatable {
    /// How a phase changed from A to B.
    public enum Change: String, Sendable, Equatable {
        case grew, shrank, same
        /// In B only.
        case new
        /// In A only.
        case gone
        /// Duration unknown on one side.
        case unknown
    }

    /// One phase in both runs.
    public struct PhaseRow: Sendable, Equatable {
        public var key: PhaseKey
        public var a: PhaseSummary?
        public var b: PhaseSummary?
        public var deltaSeconds: Double?
        public var relative: Double?
        public var change: Change
        public var outcomeChanged: Bool
    }

    /// A loop of B that A did not have, or that polled more or longer in B.
    public struct LoopRow: Sendable, Equatable {
        public var key: PhaseKey
        public var a: LoopSummary?
        public var b: LoopSummary?
        /// `new`, `longer`, `shorter` or `gone`.
        public var change: String
    }

    public var a: RunSummary
    public var b: RunSummary
    public var phases: [PhaseRow]
    public var loops: [LoopRow]

    /// Compares A with B; a phase counts as grown or shrunk when it changed by at least `minRelative`
    /// of A's duration and at least `minSeconds`.
    public init(a: RunSummary, b: RunSummary, minRelative: Double = 0.1, minSeconds: Double = 1) {
        self.a = a
        self.b = b
        var keys: [PhaseKey] = b.phases.map(\.key)
        let inB = Set(keys)
        keys += a.phases.map(\.key).filter { !inB.contains($0) }
        var rows: [PhaseRow] = []
        var loopRows: [LoopRow] = []
        for key in keys {
            let pa = a.phase(key), pb = b.phase(key)
            var row = PhaseRow(key: key, a: pa, b: pb, deltaSeconds: nil, relative: nil, change: .unknown,
                               outcomeChanged: pa != nil && pb != nil && pa!.outcome != pb!.outcome)
            if pa == nil {
                row.change = .new
            } else if pb == nil {
                row.change = .gone
            } else if let da = pa!.durationSeconds, let db = pb!.durationSeconds {
                let delta = db - da
                row.deltaSeconds = delta
                row.relative = da > 0 ? delta / da : nil
                let big = abs(delta) >= minSeconds && (da > 0 ? abs(delta) / da >= minRelative : true)
                row.change = !big ? .same : (delta > 0 ? .grew : .shrank)
            }
            rows.append(row)

            func loopKey(_ l: LoopSummary) -> String { l.id + "\u{0}" + l.state }
            let la = Dictionary((pa?.loops ?? []).map { (loopKey($0), $0) }, uniquingKeysWith: { x, _ in x })
            let lb = Dictionary((pb?.loops ?? []).map { (loopKey($0), $0) }, uniquingKeysWith: { x, _ in x })
            for l in pb?.loops ?? [] {
                if let old = la[loopKey(l)] {
                    if l.count > old.count || (l.totalSeconds ?? 0) > (old.totalSeconds ?? 0) + minSeconds {
                        loopRows.append(LoopRow(key: key, a: old, b: l, change: "longer"))
                    } else if l.count < old.count {
                        loopRows.append(LoopRow(key: key, a: old, b: l, change: "shorter"))
                    }
                } else {
                    loopRows.append(LoopRow(key: key, a: nil, b: l, change: "new"))
                }
            }
            for l in pa?.loops ?? [] where lb[loopKey(l)] == nil {
                loopRows.append(LoopRow(key: key, a: l, b: nil, change: "gone"))
            }
        }
        phases = rows
        loops = loopRows
    }

    /// Whether anything differs beyond the thresholds.
    public var hasDifferences: Bool {
        a.outcome != b.outcome || !loops.isEmpty || phases.contains { $0.change != .same || $0.outcomeChanged }
    }
}
