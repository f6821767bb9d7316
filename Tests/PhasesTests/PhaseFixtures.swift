import LogModel
import Patterns
@testable import Phases

/// A small, self-contained rule set for phase tests, independent of the shipped `patterns/`.
enum PhaseFixtures {
    static let eventIDs = ["op-start", "phase-b", "phase-c", "pkg-start", "pkg-done", "op-done", "error-boom",
                           "poll", "counter", "replicas-poll", "other"]

    /// One trivial event rule per id (the builder only looks at kinds and fields of hand-made events).
    static var eventsYAML: String {
        "events:\n" + eventIDs.map { "  - id: \($0)\n    match: '^\($0)$'\n    samples: ['\($0)']\n" }.joined()
    }

    static let demoOperation = """
    operation: demo
    commands: ["demo create"]
    start: [op-start]
    success: [op-done]
    failure: ["error-*"]
    phases:
      - id: first
        start: [op-start]
      - id: second
        start: [phase-b]
      - id: third
        start: [phase-c]
        children: { key: package, start: [pkg-start], end: [pkg-done] }
    loops:
      - id: init
        polls: [poll]
        counters: [counter]
        state: [reason]
        interval: 15s
        stuck_after: 1m
      - id: replicas
        polls: [replicas-poll]
        progress: [ready]
        interval: 10s
        stuck_after: 10m
    """

    static func patterns(phases: [(String, String)] = [("phases/demo.yaml", demoOperation)]) throws -> PatternSet {
        try PatternSet.load(files: [("events/demo.yaml", eventsYAML)] + phases, origin: "test")
    }

    static func rules() throws -> PhaseRuleSet {
        try PhaseRuleLoader.load(patterns())
    }

    static let t0 = Timestamp(year: 2023, month: 1, day: 10, hour: 20, minute: 0, second: 0, microsecond: 0)

    /// An event of `kind` at `seconds` after `t0`, on line `line` of `demo.log`.
    static func event(_ kind: String, at seconds: Double?, line: Int, text: String? = nil, _ fields: [String: String] = [:]) -> Event {
        Event(kind: kind, location: SourceLocation(file: "demo.log", line: line), time: seconds.map { t0.adding(seconds: $0) },
              timeSource: seconds == nil ? .none : .header, format: .klog,
              fields: fields.sorted { $0.key < $1.key }.map { Event.Field(name: $0.key, value: .string($0.value)) },
              text: text ?? kind)
    }

    /// Feeds `events` to a fresh builder and returns what it built.
    static func build(_ events: [Event]) throws -> (operations: [Operation], findings: [Finding]) {
        let builder = PhaseBuilder(rules: try rules())
        for e in events { builder.consume(e) }
        return builder.finish()
    }
}
