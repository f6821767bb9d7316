import Testing
import LogModel
import Patterns
@testable import Phases

/// Phase rule files: every problem is reported with `path:line` and a hint.
struct PhaseRuleLoaderTests {
    static func errors(_ phaseFile: String) -> [PatternError] {
        do {
            _ = try PhaseRuleLoader.load(try PhaseFixtures.patterns(phases: [("phases/demo.yaml", phaseFile)]))
            return []
        } catch let errors as PatternErrors {
            return errors.errors
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }

    @Test func fixtureLoads() throws {
        let rules = try PhaseFixtures.rules()
        let op = try #require(rules.operation("demo"))
        #expect(op.phases.map(\.id) == ["first", "second", "third"])
        #expect(op.loops.map(\.id) == ["init", "replicas"])
        #expect(op.loops.first?.stuckAfterSeconds == 60)
        #expect(op.loops.first?.intervalSeconds == 15)
        #expect(op.commands == [["demo", "create"]])
        #expect(op.failure.contains("error-anything") && !op.failure.contains("warning-x"))
        #expect(op.location == SourceLocation(file: "phases/demo.yaml", line: 1))
    }

    @Test func unknownEventWithHint() {
        let errors = Self.errors("""
        operation: demo
        start: [op-start]
        phases:
          - id: third
            start: [phase-c]
            children: { key: package, start: [pkg-start], end: [pkg-don] }
        """)
        #expect(errors.map(\.description) == ["phases/demo.yaml:6:59: unknown event \"pkg-don\"; did you mean pkg-done?"]
                || errors.map(\.description) == ["phases/demo.yaml:6: unknown event \"pkg-don\"; did you mean pkg-done?"],
                "\(errors.map(\.description))")
    }

    @Test
    func hintIsTheClosestID() {
        let errors = Self.errors("operation: demo\nstart: [op-start]\nphases:\n  - id: second\n    start: [phase-bb]\n")
        #expect(errors.first?.hint == "did you mean phase-b?")
    }

    @Test func unknownEventWithoutAnythingClose() {
        let errors = Self.errors("operation: demo\nstart: [zzz-nothing]\n")
        #expect(errors.count == 1)
        #expect(errors.first?.location == SourceLocation(file: "phases/demo.yaml", line: 2))
        #expect(errors.first?.hint == "event ids are defined in patterns/events/*.yaml")
    }

    @Test func missingStuckAfter() {
        let errors = Self.errors("""
        operation: demo
        start: [op-start]
        loops:
          - id: init
            polls: [poll]
            interval: 15s
        """)
        #expect(errors.map(\.description) == ["phases/demo.yaml:4: loop \"init\" needs `stuck_after` (its typical healthy duration, e.g. 10m)"])
    }

    @Test func badDuration() {
        let errors = Self.errors("""
        operation: demo
        start: [op-start]
        budget: 30 minutes
        loops:
          - id: init
            polls: [poll]
            interval: 15 seconds
            stuck_after: 10m
        """)
        #expect(errors.map(\.description) == [
            "phases/demo.yaml:7: bad duration \"15 seconds\"; use Go durations such as 15s, 10m, 1h30m",
            "phases/demo.yaml:3: bad duration \"30 minutes\"; use Go durations such as 15s, 10m, 1h30m",
        ])
    }

    @Test func unknownKeysAndMissingIDs() {
        let errors = Self.errors("""
        operation: demo
        start: [op-start]
        phases:
          - id: first
            strat: [op-start]
          - start: [phase-b]
        loops:
          - polls: [poll]
            stuck_after: 1m
        """)
        #expect(errors.map(\.code) == [.badRule, .badRule, .badRule])
        #expect(errors.map { $0.location?.line } == [5, 6, 8])
        #expect(errors.first?.message == "unknown key \"strat\"")
        #expect(errors.first?.hint?.hasPrefix("allowed: budget, budget_source, children, doc, end, fail") == true)
    }

    @Test func fileWithoutOperation() {
        let errors = Self.errors("start: [op-start]\n")
        #expect(errors.map(\.description) == ["phases/demo.yaml:1: a phase rule file needs `operation: <kind>` (or `harness:`)"])
    }

    @Test func badFactAndUnknownFactEvent() {
        let errors = Self.errors("operation: demo\nstart: [op-start]\nfacts:\n  plan: nodot\n  tkr: nope-event.tkr\n")
        #expect(errors.map { $0.location?.line } == [4, 5])
        #expect(errors.first?.message == "fact \"plan\" must be `event-id.field`")
        #expect(errors.last?.message == "unknown event \"nope-event\"")
    }

    @Test func duplicateOperation() throws {
        let patterns = try PhaseFixtures.patterns(phases: [("phases/a.yaml", "operation: demo\nstart: [op-start]\n"),
                                                            ("phases/b.yaml", "operation: demo\nstart: [op-start]\n")])
        let error = #expect(throws: PatternErrors.self) { try PhaseRuleLoader.load(patterns) }
        #expect(error?.errors.map(\.description) == ["phases/b.yaml:1: operation \"demo\" is defined twice"])
    }

    @Test func embeddedPhaseRulesLoad() throws {
        let rules = try PhaseRuleLoader.load(try PatternSet.embedded())
        #expect(rules.operations.count >= 10)
        #expect(rules.operation("workload-create") != nil)
        #expect(!rules.harnessStep.isEmpty && !rules.harnessCommand.isEmpty)
    }
}
