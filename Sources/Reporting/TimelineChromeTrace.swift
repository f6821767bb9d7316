import LogModel

/// Renders a timeline as Trace Event JSON, the format Perfetto (ui.perfetto.dev, offline too) and
/// `chrome://tracing` open, so a run can be explored in the trace viewers engineers already use.
///
/// - One process track per operation (`workload-create wl-1`), named by metadata events.
/// - Complete (`X`) events for the operation, its phases and sub-phases and each loop run; `ts` and
///   `dur` are integer microseconds (UTC epoch when the log has a clock).
/// - Events on one thread must nest strictly, but sub-phases can run in parallel (providers, packages):
///   an event that would overlap its neighbour partially goes to the next thread of the same process
///   (`phases`, `phases (parallel 2)`, …), so every thread is a valid stack and a child always lies
///   within its parent's interval.
/// - A loop run also gets an instant (`i`) event at its first and at its last poll (the timeline keeps
///   runs, not each poll).
/// - Failed phases and stuck loops are coloured `terrible`, open ones `bad`, slow loops `yellow`, and
///   `args.outcome` / `args.verdict` say so in words.
/// - Without a clock (console logs) each leaf phase gets one second in order and `otherData.clock` is
///   `none`.
public enum TimelineChromeTrace {
    /// The Trace Event JSON object for `timeline`.
    public static func render(_ timeline: Timeline) -> String {
        let layout = TimelineLayout(timeline)
        let base: Int64
        let scale: Double
        let clock: String
        switch layout.clock {
        case .timed(let origin, _):
            base = origin.microseconds
            scale = 1
            clock = origin.zoneKnown ? "utc" : "local"
        case .ordinal:
            base = 0
            scale = 1_000_000
            clock = "none"
        }
        func us(_ v: Double) -> Int64 { base + Int64((v * scale).rounded()) }

        var events: [String] = []
        var metadata: [String] = []

        // Group rows by operation; rows of one operation are contiguous.
        var start = 0
        let rows = layout.rows
        while start < rows.count {
            var end = start + 1
            while end < rows.count && rows[end].depth != 0 { end += 1 }
            let opIndex = rows[start].operationIndex
            let op = timeline.operations[opIndex]
            let pid = opIndex + 1
            let lanes = emitOperation(op, rows: rows[start..<end], pid: pid, us: us, into: &events)
            metadata.append(meta("process_name", pid: pid, tid: 0, args: "\"name\":" + TimelineText.json(op.displayName)))
            metadata.append(meta("process_sort_index", pid: pid, tid: 0, args: "\"sort_index\":\(pid)"))
            for lane in 0..<max(lanes, 1) {
                let name = lane == 0 ? "phases" : "phases (parallel \(lane + 1))"
                metadata.append(meta("thread_name", pid: pid, tid: lane + 1, args: "\"name\":" + TimelineText.json(name)))
                metadata.append(meta("thread_sort_index", pid: pid, tid: lane + 1, args: "\"sort_index\":\(lane + 1)"))
            }
            start = end
        }

        var out = "{\"traceEvents\":[\n"
        out += (metadata + events).joined(separator: ",\n")
        out += "\n],\"displayTimeUnit\":\"ms\",\"otherData\":{\"generator\":\"tkgqa\""
        out += ",\"schemaVersion\":\"\(timeline.schemaVersion)\""
        out += ",\"verdict\":" + TimelineText.json(timeline.verdict.rawValue)
        out += ",\"clock\":\"\(clock)\""
        out += ",\"inputs\":" + TimelineText.json(timeline.inputs.joined(separator: ", "))
        out += "}}\n"
        return out
    }

    private struct Item {
        var lo: Double
        var hi: Double
        var seq: Int
        var render: (_ tid: Int) -> [String]
    }

    /// Emits the events of one operation and returns how many threads (lanes) they needed.
    private static func emitOperation(_ op: Operation, rows: ArraySlice<TimelineLayout.Row>, pid: Int,
                                      us: (Double) -> Int64, into events: inout [String]) -> Int {
        var items: [Item] = []
        for row in rows {
            let ts = us(row.lo), dur = us(row.hi) - us(row.lo)
            if let p = row.phase {
                var args = "\"operation\":" + TimelineText.json(op.kind)
                if let c = op.cluster { args += ",\"cluster\":" + TimelineText.json(c) }
                args += ",\"path\":" + TimelineText.json(row.path)
                args += ",\"outcome\":\"\(p.outcome.rawValue)\""
                if let t = p.title { args += ",\"title\":" + TimelineText.json(t) }
                if let d = p.durationSeconds { args += ",\"durationSeconds\":" + TimelineText.decimal(d, digits: 6) }
                if let d = p.reportedSeconds { args += ",\"reportedSeconds\":" + TimelineText.decimal(d, digits: 6) }
                args += evidenceArgs(p.evidence, error: p.error)
                if let o = p.operation { args += ",\"runs\":" + TimelineText.json(o) }
                if row.estimated { args += ",\"estimated\":true" }
                let cname = color(p.outcome)
                let name = p.id
                items.append(Item(lo: row.lo, hi: row.hi, seq: items.count) { tid in
                    [complete(name: name, cat: "phase", pid: pid, tid: tid, ts: ts, dur: dur, cname: cname, args: args)]
                })
                for span in row.loops {
                    let l = span.loop
                    let lts = us(span.lo), ldur = us(span.hi) - us(span.lo)
                    var largs = "\"loop\":" + TimelineText.json(l.id) + ",\"state\":" + TimelineText.json(l.state)
                    largs += ",\"phase\":" + TimelineText.json(row.path)
                    largs += ",\"polls\":\(l.count),\"verdict\":\"\(l.verdict.rawValue)\""
                    if let v = l.periodSeconds { largs += ",\"periodSeconds\":" + TimelineText.decimal(v, digits: 6) }
                    if let v = l.totalSeconds { largs += ",\"totalSeconds\":" + TimelineText.decimal(v, digits: 6) }
                    if let v = l.stuckAfterSeconds { largs += ",\"stuckAfterSeconds\":" + TimelineText.decimal(v, digits: 6) }
                    largs += ",\"firstLine\":" + TimelineText.json(l.firstLine.description)
                    largs += ",\"lastLine\":" + TimelineText.json(l.lastLine.description)
                    if let d = l.diagnosis { largs += ",\"diagnosis\":" + TimelineText.json(d.summary) }
                    if span.estimated { largs += ",\"estimated\":true" }
                    let lname = "loop " + l.id + ": " + l.state
                    let lcname: String? = l.verdict == .stuck ? "terrible" : l.verdict == .slow ? "yellow" : nil
                    let first = "\"line\":" + TimelineText.json(l.firstLine.description)
                    let last = "\"line\":" + TimelineText.json(l.lastLine.description)
                    items.append(Item(lo: span.lo, hi: span.hi, seq: items.count) { tid in
                        [complete(name: lname, cat: "loop", pid: pid, tid: tid, ts: lts, dur: ldur, cname: lcname, args: largs),
                         instant(name: "poll " + l.state + " (first of \(l.count))", pid: pid, tid: tid, ts: lts, args: first),
                         instant(name: "poll " + l.state + " (last of \(l.count))", pid: pid, tid: tid, ts: lts + ldur, args: last)]
                    })
                }
            } else {
                var args = "\"operation\":" + TimelineText.json(op.kind)
                if let c = op.cluster { args += ",\"cluster\":" + TimelineText.json(c) }
                args += ",\"outcome\":\"\(op.outcome.rawValue)\""
                if let d = op.durationSeconds { args += ",\"durationSeconds\":" + TimelineText.decimal(d, digits: 6) }
                if op.instant { args += ",\"instant\":true" }
                if let p = op.parent { args += ",\"parent\":" + TimelineText.json(p) }
                for (k, v) in op.facts.sorted(by: { $0.key < $1.key }) {
                    args += ",\"fact." + TimelineText.json(k).dropFirst().dropLast() + "\":" + TimelineText.json(v)
                }
                args += evidenceArgs(op.evidence, error: op.error)
                if row.estimated { args += ",\"estimated\":true" }
                let name = op.displayName
                let cname = color(op.outcome)
                items.append(Item(lo: row.lo, hi: row.hi, seq: items.count) { tid in
                    [complete(name: name, cat: "operation", pid: pid, tid: tid, ts: ts, dur: dur, cname: cname, args: args)]
                })
            }
        }

        // Parents before children: earliest start first, longer first, then document order.
        items.sort { a, b in
            if a.lo != b.lo { return a.lo < b.lo }
            if a.hi != b.hi { return a.hi > b.hi }
            return a.seq < b.seq
        }
        var stacks: [[(lo: Double, hi: Double)]] = []
        for item in items {
            var placed = -1
            for lane in stacks.indices {
                while let top = stacks[lane].last, !(item.hi <= top.hi), top.hi <= item.lo { stacks[lane].removeLast() }
                if let top = stacks[lane].last, item.hi > top.hi { continue }
                placed = lane
                break
            }
            if placed < 0 { stacks.append([]); placed = stacks.count - 1 }
            stacks[placed].append((item.lo, item.hi))
            events.append(contentsOf: item.render(placed + 1))
        }
        return stacks.count
    }

    private static func color(_ outcome: Outcome) -> String? {
        switch outcome {
        case .failed: "terrible"
        case .open: "bad"
        case .skipped: "grey"
        case .ok: nil
        }
    }

    private static func evidenceArgs(_ evidence: Evidence, error: ErrorInfo?) -> String {
        var args = ""
        if let s = evidence.start { args += ",\"evidenceStart\":" + TimelineText.json(s.description) }
        if let e = evidence.end { args += ",\"evidenceEnd\":" + TimelineText.json(e.description) }
        if let error {
            args += ",\"error\":" + TimelineText.json(error.message)
            args += ",\"errorAt\":" + TimelineText.json(error.location.description)
            args += ",\"errorKind\":" + TimelineText.json(error.kind)
        }
        return args
    }

    private static func complete(name: String, cat: String, pid: Int, tid: Int, ts: Int64, dur: Int64, cname: String?,
                                 args: String) -> String {
        var e = "{\"name\":" + TimelineText.json(name) + ",\"cat\":\"\(cat)\",\"ph\":\"X\",\"pid\":\(pid),\"tid\":\(tid)"
        e += ",\"ts\":\(ts),\"dur\":\(dur)"
        if let cname { e += ",\"cname\":\"\(cname)\"" }
        return e + ",\"args\":{" + args + "}}"
    }

    private static func instant(name: String, pid: Int, tid: Int, ts: Int64, args: String) -> String {
        "{\"name\":" + TimelineText.json(name) + ",\"cat\":\"poll\",\"ph\":\"i\",\"s\":\"t\",\"pid\":\(pid),\"tid\":\(tid)"
            + ",\"ts\":\(ts),\"args\":{" + args + "}}"
    }

    private static func meta(_ name: String, pid: Int, tid: Int, args: String) -> String {
        "{\"name\":\"\(name)\",\"ph\":\"M\",\"pid\":\(pid),\"tid\":\(tid),\"args\":{" + args + "}}"
    }
}
