import LogModel

/// Follows the polls of the loops of one operation and cuts them into runs of the same state.
///
/// A poll prints up to three lines — the on-change reason, its `, retrying` twin and the
/// `cluster state is unchanged N` counter — and counts once: when the loop's polls carry `retrying`
/// lines, each of those is one poll; otherwise lines closer together than a third of the poll
/// interval (or 2 s) are one poll; without a clock, the counter's highest N plus one.
final class LoopTracker {
    final class Run {
        let rule: LoopRule
        let state: String
        let key: String
        var phasePath: [String]
        var firstLine: SourceLocation
        var lastLine: SourceLocation
        var start: Timestamp?
        var lastTime: Timestamp?
        var end: Timestamp?
        var retryLines = 0
        var counterMax = 0
        var instants = 0
        var lastInstant: Timestamp?
        var intervals: [Double] = []
        var progress: [String: String] = [:]
        var ended = false
        private var firstEvents: [Event] = []
        private var lastEvent: Event?
        /// The raw text of the last poll line, to skip recomputing the state of identical repeats.
        var lastText = ""
        /// The first two lines and the last one, as `file:line: text`.
        var evidence: [String] {
            var events = firstEvents
            if let last = lastEvent, last.location != events.last?.location { events.append(last) }
            return events.map { "\($0.location): \($0.text)" }
        }

        init(rule: LoopRule, state: String, key: String, phasePath: [String], event: Event) {
            self.rule = rule
            self.state = state
            self.key = key
            self.phasePath = phasePath
            firstLine = event.location
            lastLine = event.location
            start = event.clockTime
            lastTime = start
        }

        /// Polls: with V6 `, retrying` lines, one per such line plus a last poll that printed only its
        /// counter (the one that gave up); without them, one per reason line and per counter line.
        var count: Int {
            if retryLines > 0 { return retryLines + danglingCounters + (counterPending ? 1 : 0) }
            return max(plainLines + counterLines, 1)
        }
        /// Counter lines not followed by their poll's `, retrying` line (the poll that gave up).
        var danglingCounters = 0
        var counterPending = false
        var counterLines = 0
        var plainLines = 0

        func add(_ event: Event, isCounter: Bool) {
            lastLine = event.location
            if firstEvents.count < 2 { firstEvents.append(event) } else { lastEvent = event }
            if isCounter, let n = event[field: "n"]?.number ?? event[field: "count"]?.number { counterMax = max(counterMax, Int(n)) }
            let retry = (event[field: "retrying"]?.text.isEmpty == false) || event.kind == "poll-retrying"
            if isCounter {
                counterLines += 1
                if counterPending { danglingCounters += 1 }
                counterPending = true
            } else if retry {
                counterPending = false
            } else {
                plainLines += 1
            }
            guard let time = event.clockTime else {
                if retry { retryLines += 1 } else if !isCounter { instants += 1 }
                return
            }
            if retry {
                if let previous = lastRetry, retryIntervals.count < 4096 { retryIntervals.append(previous.seconds(to: time)) }
                lastRetry = time
                retryLines += 1
            }
            let coalesce = min((rule.intervalSeconds ?? 6) / 3, 2)
            if lastInstant == nil || lastInstant!.seconds(to: time) >= coalesce {
                if let previous = lastInstant, intervals.count < 4096 { intervals.append(previous.seconds(to: time)) }
                instants += 1
                lastInstant = time
            }
            lastTime = time
        }
        private var lastRetry: Timestamp?
        private var retryIntervals: [Double] = []

        var medianPeriod: Double? {
            let samples = retryIntervals.count >= 1 ? retryIntervals : intervals
            guard !samples.isEmpty else { return nil }
            let sorted = samples.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }

    let rules: [LoopRule]
    private(set) var runs: [Run] = []
    /// The active run per loop rule and key.
    private var active: [Slot: Run] = [:]

    /// A loop rule and the key of one of its concurrent runs.
    struct Slot: Hashable {
        let rule: String
        let key: String
    }

    /// Loop rules by the event kinds they react to, so an event looks only at its own loops.
    private let rulesByKind: [String: [LoopRule]]

    init(rules: [LoopRule]) {
        self.rules = rules
        var byKind: [String: [LoopRule]] = [:]
        for rule in rules {
            for kind in rule.polls.union(rule.counters).union(rule.end) { byKind[kind, default: []].append(rule) }
        }
        rulesByKind = byKind
    }

    /// Feeds one event; returns true when a loop used it.
    func consume(_ event: Event, phasePath: [String]) -> Bool {
        guard let candidates = rulesByKind[event.kind] else { return false }
        var used = false
        for rule in candidates {
            if rule.end.contains(event.kind) {
                let key = rule.key.map { event[field: $0]?.text ?? "" }.joined(separator: "/")
                if let run = active[Slot(rule: rule.id, key: key)] {
                    run.end = event.clockTime ?? run.lastTime
                    run.ended = true
                    active[Slot(rule: rule.id, key: key)] = nil
                }
                used = true
                continue
            }
            let isCounter = rule.counters.contains(event.kind)
            guard isCounter || rule.polls.contains(event.kind) else { continue }
            used = true
            let key = rule.key.isEmpty ? "" : rule.key.map { event[field: $0]?.text ?? "" }.joined(separator: "/")
            let slot = Slot(rule: rule.id, key: key)
            if isCounter {
                if let run = active[slot] { run.add(event, isCounter: true) }
                continue
            }
            if let run = active[slot], run.lastText == event.text {
                run.add(event, isCounter: false)
                lastPoll[event.kind] = run
                continue
            }
            let state = Self.state(of: event, rule: rule)
            if let run = active[slot], run.state == state, !madeProgress(run, event, rule) {
                run.add(event, isCounter: false)
                run.lastText = event.text
                lastPoll[event.kind] = run
                continue
            }
            // A new run: the previous one of this slot ends where the new one starts.
            if let previous = active[slot] {
                previous.end = event.clockTime ?? previous.lastTime
                previous.ended = true
            }
            let run = Run(rule: rule, state: state, key: key, phasePath: phasePath, event: event)
            for field in rule.progress { run.progress[field] = event[field: field]?.text }
            run.add(event, isCounter: false)
            run.lastText = event.text
            runs.append(run)
            active[slot] = run
            lastPoll[event.kind] = run
        }
        return used
    }

    /// Per event kind, the run its last poll line went to (for the repeat fast path).
    private var lastPoll: [String: Run] = [:]

    /// A line identical to the last poll line of its kind (only its time and place differ): while
    /// that run is still active it continues it, so only counts and times change. Returns false
    /// when that cannot be assumed (the run ended, or another state came in between).
    func repeatLastPoll(_ event: Event) -> Bool {
        guard let run = lastPoll[event.kind], !run.ended, run.end == nil, run.lastText == event.text else { return false }
        run.add(event, isCounter: false)
        return true
    }

    private func madeProgress(_ run: Run, _ event: Event, _ rule: LoopRule) -> Bool {
        for field in rule.progress {
            guard let value = event[field: field]?.text else { continue }
            if let old = run.progress[field], old != value {
                if let a = Double(old), let b = Double(value), b <= a { continue }
                return true
            }
        }
        return false
    }

    /// Ends every active run at `time` (their phase ended); `stillRunning` marks them as not ended
    /// (the log or the phase stopped while they were polling).
    func closeAll(in phasePath: [String]? = nil, at time: Timestamp?, stillRunning: Bool) {
        for (slot, run) in active where phasePath == nil || run.phasePath.starts(with: phasePath!) {
            if run.end == nil { run.end = time ?? run.lastTime }
            if !stillRunning { run.ended = true }
            active[slot] = nil
        }
    }

    /// The state of a poll: its state fields, or its text with numbers masked.
    static func state(of event: Event, rule: LoopRule) -> String {
        let values = rule.state.compactMap { event[field: $0]?.text }.filter { !$0.isEmpty }
        if !values.isEmpty { return values.joined(separator: " ") }
        var text = event.text
        if text.hasSuffix(", retrying") { text = String(text.dropLast(10)) }
        return ShapeMask.maskAssignedNumbers(text)
    }
}

extension Event {
    /// The time when it comes from a real clock (not an anchor shared by every line).
    var clockTime: Timestamp? {
        switch timeSource {
        case .header, .wrapper, .inherited, .arrival: return time
        case .anchor, .none: return nil
        }
    }
}
