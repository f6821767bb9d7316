import LogModel

/// Places every operation, phase and loop run of a timeline on one axis, for the renderers that draw
/// (HTML) or export (Chrome trace) it.
///
/// With any timestamp in the timeline the axis is time: microseconds since the earliest time seen.
/// Console logs carry no clock; then the axis is order: each leaf phase gets one slot, a parent spans
/// its children, and the renderers say that the bars show order, not time.
///
/// The layout also mends what the renderers must not show: an item without a start is put where its
/// previous sibling ended, with no width, and marked `estimated`; an open item runs to its parent's
/// end (the log's end for an open operation); a child never sticks out of its parent.
struct TimelineLayout {
    enum Clock: Equatable {
        /// Units are microseconds after `origin`; `end` is the latest time in the timeline.
        case timed(origin: Timestamp, end: Timestamp)
        /// Units are slots; no time is known.
        case ordinal
    }

    /// One drawn bar: an operation (depth 0) or a phase (depth 1 and more).
    struct Row {
        var depth: Int
        var operationIndex: Int
        /// Phase ids from the operation down, joined by `/` (`providers/capv`); empty for an operation row.
        var path: String
        /// The row of the enclosing operation or phase.
        var parent: Int?
        /// The phase drawn; nil for an operation row.
        var phase: Phase?
        var lo: Double
        var hi: Double
        var estimated: Bool
        var loops: [LoopSpan]
    }

    /// One loop run, on the same axis as its phase.
    struct LoopSpan {
        var loop: Loop
        var lo: Double
        var hi: Double
        var estimated: Bool
    }

    private(set) var clock: Clock = .ordinal
    /// The axis length in its units (at least 1).
    private(set) var span: Double = 1
    private(set) var rows: [Row] = []

    var isTimed: Bool { if case .timed = clock { return true } else { return false } }

    init(_ timeline: Timeline) {
        var first: Timestamp?
        var last: Timestamp?
        func see(_ t: Timestamp?) {
            guard let t else { return }
            if first == nil || t < first! { first = t }
            if last == nil || t > last! { last = t }
        }
        func seePhases(_ phases: [Phase]) {
            for p in phases {
                see(p.start); see(p.end)
                for l in p.loops { see(l.start); see(l.end) }
                seePhases(p.phases)
            }
        }
        for op in timeline.operations {
            see(op.start); see(op.end)
            seePhases(op.phases)
        }
        if let first, let last {
            clock = .timed(origin: first, end: last)
            span = max(1, Double(last.microseconds - first.microseconds))
            for (i, op) in timeline.operations.enumerated() { placeTimed(op, index: i, origin: first) }
        } else {
            clock = .ordinal
            var cursor = 0.0
            for (i, op) in timeline.operations.enumerated() { placeOrdinal(op, index: i, cursor: &cursor) }
            span = max(1, cursor)
        }
    }

    // MARK: - Time axis

    private mutating func placeTimed(_ op: Operation, index: Int, origin: Timestamp) {
        func u(_ t: Timestamp) -> Double { Double(t.microseconds - origin.microseconds) }
        let extent = Self.extent(op.phases)
        var lo = op.start.map(u) ?? extent.map { u($0.lo) }
        var hi: Double? = op.end.map(u)
        if hi == nil, let lo, let d = op.durationSeconds, !op.instant { hi = lo + d * 1e6 }
        if hi == nil, op.outcome == .open, lo != nil { hi = span }
        if hi == nil, let extent { hi = u(extent.hi) }
        let estimated = lo == nil
        if lo == nil { lo = rows.last(where: { $0.depth == 0 })?.hi ?? 0 }
        let l = min(max(lo!, 0), span)
        let h = min(max(hi ?? l, l), span)
        let row = rows.count
        rows.append(Row(depth: 0, operationIndex: index, path: "", parent: nil, phase: nil, lo: l, hi: h,
                        estimated: estimated, loops: []))
        var cursor = l
        for p in op.phases { placeTimed(p, depth: 1, prefix: "", parent: row, cursor: &cursor, origin: origin, op: index) }
    }

    private mutating func placeTimed(_ p: Phase, depth: Int, prefix: String, parent: Int, cursor: inout Double,
                                     origin: Timestamp, op: Int) {
        func u(_ t: Timestamp) -> Double { Double(t.microseconds - origin.microseconds) }
        let pLo = rows[parent].lo, pHi = rows[parent].hi
        var lo: Double? = p.start.map(u)
        if lo == nil, let e = p.end, let d = p.durationSeconds { lo = u(e) - d * 1e6 }
        var hi: Double? = p.end.map(u)
        if hi == nil, let lo, let d = p.durationSeconds { hi = lo + d * 1e6 }
        if hi == nil, lo != nil, p.outcome == .open { hi = pHi }
        let estimated = lo == nil
        let l = min(max(lo ?? cursor, pLo), pHi)
        let h = min(max(hi ?? l, l), pHi)
        cursor = max(cursor, h)
        let loops = p.loops.map { loop -> LoopSpan in
            let ll = min(max(loop.start.map(u) ?? l, l), h)
            let lh = min(max(loop.end.map(u) ?? (loop.start == nil ? h : ll), ll), h)
            return LoopSpan(loop: loop, lo: ll, hi: lh, estimated: loop.start == nil)
        }
        let path = prefix.isEmpty ? p.id : prefix + "/" + p.id
        let row = rows.count
        rows.append(Row(depth: depth, operationIndex: op, path: path, parent: parent, phase: p, lo: l, hi: h,
                        estimated: estimated, loops: loops))
        var inner = l
        for c in p.phases { placeTimed(c, depth: depth + 1, prefix: path, parent: row, cursor: &inner, origin: origin, op: op) }
    }

    /// The earliest and latest times inside a phase tree.
    private static func extent(_ phases: [Phase]) -> (lo: Timestamp, hi: Timestamp)? {
        var lo: Timestamp?
        var hi: Timestamp?
        func see(_ t: Timestamp?) {
            guard let t else { return }
            if lo == nil || t < lo! { lo = t }
            if hi == nil || t > hi! { hi = t }
        }
        func walk(_ ps: [Phase]) {
            for p in ps {
                see(p.start); see(p.end)
                for l in p.loops { see(l.start); see(l.end) }
                walk(p.phases)
            }
        }
        walk(phases)
        guard let lo, let hi else { return nil }
        return (lo, hi)
    }

    // MARK: - Order axis

    private static func slots(_ p: Phase) -> Double {
        p.phases.isEmpty ? 1 : p.phases.reduce(0) { $0 + slots($1) }
    }

    private mutating func placeOrdinal(_ op: Operation, index: Int, cursor: inout Double) {
        let width = op.phases.isEmpty ? 1 : op.phases.reduce(0) { $0 + Self.slots($1) }
        let row = rows.count
        rows.append(Row(depth: 0, operationIndex: index, path: "", parent: nil, phase: nil, lo: cursor,
                        hi: cursor + width, estimated: false, loops: []))
        var inner = cursor
        for p in op.phases { placeOrdinal(p, depth: 1, prefix: "", parent: row, cursor: &inner, op: index) }
        cursor += width
    }

    private mutating func placeOrdinal(_ p: Phase, depth: Int, prefix: String, parent: Int, cursor: inout Double, op: Int) {
        let width = Self.slots(p)
        let lo = cursor
        let n = Double(max(p.loops.count, 1))
        let loops = p.loops.enumerated().map { i, loop in
            LoopSpan(loop: loop, lo: lo + width * Double(i) / n, hi: lo + width * Double(i + 1) / n, estimated: false)
        }
        let path = prefix.isEmpty ? p.id : prefix + "/" + p.id
        let row = rows.count
        rows.append(Row(depth: depth, operationIndex: op, path: path, parent: parent, phase: p, lo: lo, hi: lo + width,
                        estimated: false, loops: loops))
        var inner = lo
        for c in p.phases { placeOrdinal(c, depth: depth + 1, prefix: path, parent: row, cursor: &inner, op: op) }
        cursor += width
    }
}

extension Operation {
    /// `workload-create wl-1`, or the kind alone when no cluster is known.
    var displayName: String { cluster.map { kind + " " + $0 } ?? kind }
}

/// Calls `body` for every phase of `phases`, depth first, with its `/`-joined path and depth (1 = top).
func forEachPhase(_ phases: [Phase], prefix: String = "", depth: Int = 1, _ body: (String, Phase, Int) -> Void) {
    for p in phases {
        let path = prefix.isEmpty ? p.id : prefix + "/" + p.id
        body(path, p, depth)
        forEachPhase(p.phases, prefix: path, depth: depth + 1, body)
    }
}
