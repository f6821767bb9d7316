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
        /// The first two lines and the last one (where and what), for the evidence (fields, not an
        /// array: a run is made per state change, and an array per run was two allocations).
        private var firstLine1: (location: SourceLocation, text: String)?
        private var firstLine2: (location: SourceLocation, text: String)?
        private var lastSeenLocation: SourceLocation?
        private var lastSeenText: String?
        /// The raw text of the last poll line, to skip recomputing the state of identical repeats.
        var lastText = ""
        /// Whether the last poll line was a `, retrying` line (a repeat of it is one too).
        private var lastWasRetry = false
        /// The first two lines and the last one, as `file:line: text`.
        var evidence: [String] {
            var lines = [firstLine1, firstLine2].compactMap { $0 }
            if let location = lastSeenLocation, let text = lastSeenText, location != lines.last?.location { lines.append((location, text)) }
            return lines.map { "\($0.location): \($0.text)" }
        }

        init(rule: LoopRule, state: String, key: String, phasePath: [String], location: SourceLocation, time: Timestamp?) {
            self.rule = rule
            self.state = state
            self.key = key
            self.phasePath = phasePath
            firstLine = location
            lastLine = location
            start = time
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

        /// Adds a poll or counter line: `text` and `facts` are its body's, `location` and `time` where
        /// and when it was seen.
        func add(_ text: String, facts: LineFacts, location: SourceLocation, time: Timestamp?, isCounter: Bool) {
            if isCounter, let n = facts.counter { counterMax = max(counterMax, n) }
            if !isCounter { lastWasRetry = facts.retry }
            add(location: location, text: text, time: time, isCounter: isCounter, retry: facts.retry)
        }

        /// A poll line identical to the last one (same text): only its place and time are new.
        func addRepeat(location: SourceLocation, time: Timestamp?) {
            add(location: location, text: lastText, time: time, isCounter: false, retry: lastWasRetry)
        }

        private func add(location: SourceLocation, text: String, time: Timestamp?, isCounter: Bool, retry: Bool) {
            lastLine = location
            if firstLine1 == nil {
                firstLine1 = (location, text)
            } else if firstLine2 == nil {
                firstLine2 = (location, text)
            } else {
                lastSeenLocation = location
                // Most lines repeat the text before them: keep the stored one (no reference counting).
                if lastSeenText == nil || lastSeenText! != text { lastSeenText = text }
            }
            if isCounter {
                counterLines += 1
                if counterPending { danglingCounters += 1 }
                counterPending = true
            } else if retry {
                counterPending = false
            } else {
                plainLines += 1
            }
            guard let time else {
                if retry { retryLines += 1 } else if !isCounter { instants += 1 }
                return
            }
            if retry {
                if let previous = lastRetry, retryIntervals.count < 4096 {
                    if retryIntervals.isEmpty { retryIntervals.reserveCapacity(Self.intervalsReserved) }
                    retryIntervals.append(previous.seconds(to: time))
                }
                lastRetry = time
                retryLines += 1
            }
            let coalesce = min((rule.intervalSeconds ?? 6) / 3, 2)
            if lastInstant == nil || lastInstant!.seconds(to: time) >= coalesce {
                if let previous = lastInstant, intervals.count < 4096 {
                    if intervals.isEmpty { intervals.reserveCapacity(Self.intervalsReserved) }
                    intervals.append(previous.seconds(to: time))
                }
                instants += 1
                lastInstant = time
            }
            lastTime = time
        }
        private var lastRetry: Timestamp?
        private var retryIntervals: [Double] = []
        /// Room for the intervals of a typical run (dozens of polls) in one allocation, not six.
        private static let intervalsReserved = 64

        var medianPeriod: Double? {
            let samples = retryIntervals.count >= 1 ? retryIntervals : intervals
            guard !samples.isEmpty else { return nil }
            let sorted = samples.sorted()
            let mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }

    private(set) var runs: [Run] = []
    /// The active run per loop rule and key, for rules with key fields…
    private var active: [Slot: Run] = [:]
    /// …and per rule (by index) for rules without.
    private var unkeyed: [Run?]
    private var stateMemo: [(text: String, state: String)?]

    /// A loop rule (by its slot) and the key of one of its concurrent runs.
    struct Slot: Hashable {
        let rule: Int
        let key: String
    }

    init(plans: Plans) {
        unkeyed = Array(repeating: nil, count: plans.refs.count)
        stateMemo = Array(repeating: nil, count: plans.refs.count)
    }

    /// A loop rule behind a reference: the per-event path reads its fields without copying it.
    final class RuleRef {
        let rule: LoopRule
        let slot: Int
        var unkeyed: Bool { rule.key.isEmpty }
        init(_ rule: LoopRule, slot: Int) { self.rule = rule; self.slot = slot }
    }

    enum Role { case end, counter, poll }

    /// What one event kind means to one loop rule. The rule is held by its `Plans` (which outlive
    /// every tracker), so the per-line path reads it without counting references.
    struct Entry {
        unowned(unsafe) let ref: RuleRef
        let role: Role
    }

    /// What one event kind means to a set of loop rules: per rule, its role. Shared by every
    /// tracker of one operation rule (see `Plans`).
    typealias Entries = [Entry]

    /// What the loops read from a poll or counter line besides its text, worked out once per body.
    struct LineFacts {
        /// A counter's N (`cluster state is unchanged N`).
        var counter: Int?
        /// A `, retrying` line.
        var retry: Bool

        init(_ event: Event) {
            counter = (event[field: "n"]?.number ?? event[field: "count"]?.number).map { Int($0) }
            retry = (event[field: "retrying"]?.text.isEmpty == false) || event.kind == "poll-retrying"
        }
    }

    /// The entries per event kind for one operation rule's loops, built once per kind.
    final class Plans {
        let refs: [RuleRef]
        private var byKind: [String: Entries] = [:]
        init(rules: [LoopRule]) { refs = rules.enumerated().map { RuleRef($0.element, slot: $0.offset) } }

        func entries(_ kind: String) -> Entries {
            if let known = byKind[kind] { return known }
            var entries: Entries = []
            for ref in refs {
                if ref.rule.end.contains(kind) { entries.append(Entry(ref: ref, role: .end)) }
                else if ref.rule.counters.contains(kind) { entries.append(Entry(ref: ref, role: .counter)) }
                else if ref.rule.polls.contains(kind) { entries.append(Entry(ref: ref, role: .poll)) }
            }
            byKind[kind] = entries
            return entries
        }
    }

    /// Per event kind (by `OperationPlan.Kind.index`), the run its last poll line went to (for the
    /// repeat fast path).
    private var lastPolls: [Run?] = []

    /// The active run of a loop rule and key: rules without key fields (most) have one slot each.
    @inline(__always) private func activeRun(_ ref: RuleRef, _ key: String) -> Run? {
        ref.unkeyed ? unkeyed[ref.slot] : active[Slot(rule: ref.slot, key: key)]
    }

    @inline(__always) private func setActive(_ run: Run?, _ ref: RuleRef, _ key: String) {
        if ref.unkeyed { unkeyed[ref.slot] = run } else { active[Slot(rule: ref.slot, key: key)] = run }
    }

    /// The phase path of new runs: the operation's current phase (set when it changes).
    var phasePath: [String] = []

    /// Feeds one event of kind `kind` seen at `location` and `time` (the event's own location and time
    /// are not read, so a remembered event of the same body serves for every line that repeats it;
    /// `facts`, when given, are its body's, worked out before). Returns true when a loop used it.
    func consume(_ event: Event, facts known: LineFacts? = nil, kind: Int, loops entries: UnsafeBufferPointer<Entry>,
                 location: SourceLocation, time: Timestamp?) -> Bool {
        guard !entries.isEmpty else { return false }
        let facts = known ?? LineFacts(event)
        for entry in entries {
            let ref = entry.ref, role = entry.role
            let slot = ref.slot
            let key = ref.unkeyed ? "" : Self.key(of: event, ref.rule)
            switch role {
            case .end:
                if let run = activeRun(ref, key) {
                    run.end = time ?? run.lastTime
                    run.ended = true
                    setActive(nil, ref, key)
                }
                continue
            case .counter:
                activeRun(ref, key)?.add(event.text, facts: facts, location: location, time: time, isCounter: true)
                continue
            case .poll:
                break
            }
            let current = activeRun(ref, key)
            if let run = current, run.lastText == event.text {
                run.add(event.text, facts: facts, location: location, time: time, isCounter: false)
                setLastPoll(run, kind)
                continue
            }
            let state = self.state(of: event, rule: ref.rule, slot: slot)
            if let run = current, run.state == state, !madeProgress(run, event, ref.rule) {
                run.add(event.text, facts: facts, location: location, time: time, isCounter: false)
                run.lastText = event.text
                setLastPoll(run, kind)
                continue
            }
            // A new run: the previous one of this slot ends where the new one starts.
            if let previous = current {
                previous.end = time ?? previous.lastTime
                previous.ended = true
            }
            let run = Run(rule: ref.rule, state: state, key: key, phasePath: phasePath, location: location, time: time)
            for field in ref.rule.progress { run.progress[field] = event[field: field]?.text }
            run.add(event.text, facts: facts, location: location, time: time, isCounter: false)
            run.lastText = event.text
            runs.append(run)
            setActive(run, ref, key)
            setLastPoll(run, kind)
        }
        return true
    }

    /// A line identical to the last poll line of its kind (only its time and place differ): while
    /// that run is still active it continues it, so only counts and times change. Returns false
    /// when that cannot be assumed (the run ended, or another state came in between).
    func repeatLastPoll(kind: Int, text: String, location: SourceLocation, time: Timestamp?) -> Bool {
        guard kind < lastPolls.count, let run = lastPolls[kind], !run.ended, run.end == nil, run.lastText == text else { return false }
        run.addRepeat(location: location, time: time)
        return true
    }

    @inline(__always) private func setLastPoll(_ run: Run, _ kind: Int) {
        if kind >= lastPolls.count { lastPolls += Array(repeating: nil, count: max(kind + 1, 32) - lastPolls.count) }
        lastPolls[kind] = run
    }

    /// The state of a poll, remembered per rule for the last text (polls repeat their text).
    private func state(of event: Event, rule: LoopRule, slot: Int) -> String {
        if let memo = stateMemo[slot], memo.text == event.text { return memo.state }
        let state = Self.state(of: event, rule: rule)
        stateMemo[slot] = (event.text, state)
        return state
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
        for slot in unkeyed.indices {
            guard let run = unkeyed[slot], phasePath == nil || run.phasePath.starts(with: phasePath!) else { continue }
            if run.end == nil { run.end = time ?? run.lastTime }
            if !stillRunning { run.ended = true }
            unkeyed[slot] = nil
        }
    }

    /// The key of a poll's run: its key fields' values, joined by `/` (one field: its value as is).
    @inline(__always) static func key(of event: Event, _ rule: LoopRule) -> String {
        if rule.key.count == 1 { return event[field: rule.key[0]]?.text ?? "" }
        return rule.key.map { event[field: $0]?.text ?? "" }.joined(separator: "/")
    }

    /// The state of a poll: its state fields, or its text with numbers masked.
    static func state(of event: Event, rule: LoopRule) -> String {
        if rule.state.count == 1, let value = event[field: rule.state[0]]?.text, !value.isEmpty { return value }
        let values = rule.state.compactMap { event[field: $0]?.text }.filter { !$0.isEmpty }
        if !values.isEmpty { return values.joined(separator: " ") }
        var text = event.text
        if text.hasSuffix(", retrying") { text = String(Substring(text.utf8.dropLast(10))) }
        return ShapeMask.maskAssignedNumbers(text)
    }
}

extension Event {
    /// The time when it comes from a real clock (not an anchor shared by every line).
    var clockTime: Timestamp? { timeSource.isClock ? time : nil }
}

extension TimeSource {
    /// Whether a time from this source comes from a real clock (not an anchor shared by every line).
    var isClock: Bool {
        switch self {
        case .header, .wrapper, .inherited, .arrival: return true
        case .anchor, .none: return false
        }
    }
}
