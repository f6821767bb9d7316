import LogModel

/// The CI harness layer of a log: each `(\,***'()'--o [step]` marker and each numbered `CMD:` line is a
/// step that lasts until the next one; operations that start inside a step are nested under it.
final class OpenHarness {
    private(set) var steps: [OpenPhase] = []
    var current: OpenPhase? { steps.last }
    private var usedIDs: [String: Int] = [:]
    private var serial = 0

    func begin(title: String, event: Event) {
        current?.close(.ok, at: event.clockTime, line: event.location)
        var id = Self.slug(title)
        let n = usedIDs[id, default: 0] + 1
        usedIDs[id] = n
        if n > 1 { id += "-\(n)" }
        let step = OpenPhase(rule: nil, id: id, event: event)
        step.title = title
        serial += 1
        step.serial = serial
        steps.append(step)
    }

    func build(lastTime: Timestamp?, nested: [Int: [Operation]]) -> Operation {
        if let last = steps.last, !last.ended { last.close(.ok, at: lastTime, line: nil) }
        var phases: [Phase] = []
        var outcome = Outcome.ok
        for step in steps {
            let ops = nested[step.serial] ?? []
            var phase = Phase(id: step.id, title: step.title, outcome: step.outcome, start: step.start, end: step.end,
                              durationSeconds: step.duration(lastTime: lastTime),
                              evidence: Evidence(start: step.startLine, end: step.endLine))
            for op in ops {
                phase.phases.append(Phase(id: op.kind, title: [op.kind, op.cluster].compactMap { $0 }.joined(separator: " "),
                                          outcome: op.outcome, start: op.start, end: op.end, durationSeconds: op.durationSeconds,
                                          evidence: op.evidence, error: op.error, phases: op.phases,
                                          operation: [op.kind, op.cluster ?? ""].joined(separator: "/")))
                if op.outcome == .failed { phase.outcome = .failed; outcome = .failed }
                if op.outcome == .open && outcome == .ok { phase.outcome = .open; outcome = .open }
            }
            phases.append(phase)
        }
        let start = steps.first?.start
        let end = steps.last?.end ?? lastTime
        var duration: Double?
        if let s = start, let e = end { duration = s.seconds(to: e) }
        return Operation(kind: Operation.harnessKind, cluster: nil, outcome: outcome, start: start, end: end, durationSeconds: duration,
                         evidence: Evidence(start: steps.first?.startLine, end: steps.last?.endLine), phases: phases)
    }

    /// `Verifying anti affinity for X` → `verifying-anti-affinity-for-x` (at most 60 characters).
    static func slug(_ text: String) -> String {
        var out = ""
        var dash = false
        for c in text.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) {
                out.append(c)
                dash = false
            } else if !dash && !out.isEmpty {
                out.append("-")
                dash = true
            }
            if out.count >= 60 { break }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "step" : out
    }
}
