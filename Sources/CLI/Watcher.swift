import Foundation
import LogModel
import LogScan
import Patterns
import Phases
import Reporting

/// The state of `tkgqa watch`: feeds lines to the scanner and the phase builder, prints transitions,
/// and runs the loop clock that flags stuck loops even when the log is silent.
final class Watcher {
    let builder: PhaseBuilder
    let processor: LineProcessor
    let stuckAfter: Double?
    let out = FileHandle.standardOutput
    private var previous: LiveStatus
    private var alerted: Set<String> = []
    private(set) var stuckFired = false
    /// The last clock reading from the log and the wall time when it was read.
    private var lastLogTime: Timestamp?
    private var lastWall = Date()
    private var relevant: [Bool] = []

    init(patterns: PatternSet, rules: PhaseRuleSet, options: ScanOptions, path: String, stuckAfter: Double?) {
        builder = PhaseBuilder(rules: rules)
        var clock = LogClock(referenceYear: options.year ?? Calendar(identifier: .gregorian).component(.year, from: Date()),
                             referenceMonth: Calendar(identifier: .gregorian).component(.month, from: Date()),
                             utcOffsetSeconds: options.utcOffsetSeconds ?? TimeZone.current.secondsFromGMT(),
                             yearSource: "now", offsetSource: "this host")
        // A log that already exists may carry its own anchors.
        if path != "-", let handle = FileHandle(forReadingAtPath: path) {
            let head = handle.readData(ofLength: 4 << 20)
            let found = head.withUnsafeBytes { AnchorProbe.probe($0) }
            if let year = found.year { clock.referenceYear = year; clock.referenceMonth = found.referenceMonth ?? clock.referenceMonth }
            if let offset = found.utcOffsetSeconds { clock.utcOffsetSeconds = offset }
        }
        processor = LineProcessor(patterns: patterns, name: path == "-" ? "<stdin>" : path, clock: clock, anchor: nil, sample: nil)
        self.stuckAfter = stuckAfter
        previous = builder.status()
    }

    var allDone: Bool {
        let s = builder.status()
        return s.operation == nil && !s.finished.isEmpty
    }

    var exitCode: Int32 {
        let s = builder.status()
        if s.finished.contains(where: { $0.outcome != .ok }) || s.operation != nil { return 1 }
        return s.finished.isEmpty ? 3 : 0
    }

    /// One line arrived.
    func line(_ bytes: UnsafeRawBufferPointer, number: Int) throws {
        let arrival = Timestamp(microseconds: Int64(Date().timeIntervalSince1970 * 1_000_000))
        try processor.process(bytes, number: number, arrival: arrival, observe: nil) { raw in
            if relevant.isEmpty { relevant = raw.matcher.rules.map { builder.isRelevant($0.id) } }
            guard relevant[raw.ruleIndex] else { return }
            let event = raw.event()
            if let t = event.time, event.timeSource != .anchor {
                lastLogTime = t
                lastWall = Date()
            }
            builder.consume(event)
            report(builder.status(), at: event.time)
        }
        tick()
    }

    /// The loop clock: the log's time advanced by the wall time since its last line.
    var logNow: Timestamp? {
        lastLogTime.map { $0.adding(seconds: Date().timeIntervalSince(lastWall)) }
    }

    /// Checks running loops against their budgets.
    func tick() {
        guard let now = logNow else { return }
        for loop in builder.status().loops where !alerted.contains(loop.id) {
            guard let start = loop.start else { continue }
            let elapsed = start.seconds(to: now)
            let budget = stuckAfter ?? loop.stuckAfterSeconds
            guard elapsed > budget else { continue }
            alerted.insert(loop.id)
            stuckFired = true
            var text = "⚠ \(loop.loop): still \(loop.state) after \(TerminalTimeline.duration(elapsed)) (healthy: under \(TerminalTimeline.duration(budget))); looks stuck"
            if let d = loop.diagnosis {
                text += "\n    " + d.summary
                for c in d.causes.prefix(4) { text += "\n    cause? " + c }
                for c in d.checks.prefix(4) { text += "\n    check: " + c }
                if let first = d.evidence.first { text += "\n    seen: " + first }
            }
            say(text, at: now)
        }
    }

    private func report(_ status: LiveStatus, at time: Timestamp?) {
        defer { previous = status }
        for op in status.finished.dropFirst(previous.finished.count) {
            let name = [op.kind, op.cluster].compactMap { $0 }.joined(separator: " ")
            switch op.outcome {
            case .ok: say("✔ \(name) ok\(op.durationSeconds.map { " in " + TerminalTimeline.duration($0) } ?? "")", at: time)
            case .failed: say("✘ \(name) FAILED: \(op.error ?? "see the log")", at: time)
            default: say("… \(name) stopped without an end (\(op.outcome.rawValue))", at: time)
            }
        }
        if let op = status.operation {
            let name = [op, status.cluster].compactMap { $0 }.joined(separator: " ")
            if op != previous.operation || (previous.finished.count != status.finished.count) {
                say("▶ \(name)", at: time)
            }
            if let phase = status.phase, phase != previous.phase || op != previous.operation {
                say("  → \(phase)", at: time)
            }
        }
        let before = Set(previous.loops.map(\.id))
        for loop in status.loops where !before.contains(loop.id) {
            say("    ↻ \(loop.loop): \(loop.state)", at: time)
        }
    }

    func say(_ text: String, at time: Timestamp? = nil) {
        let stamp = time.map { String($0.format(fractionDigits: 0).dropFirst(11).prefix(8)) + "  " } ?? ""
        out.write(Data((stamp + text + "\n").utf8))
    }

    func printTimeline() {
        let (ops, findings) = builder.finish()
        let timeline = Timeline(inputs: [processor.matcher.rules.isEmpty ? "" : "watch"], operations: ops, findings: findings)
        out.write(Data(("\n" + TerminalTimeline().render(timeline)).utf8))
    }
}
