import Testing
import LogModel
@testable import Phases

/// The builder on hand-made events: phases, outcomes, loop runs and verdicts.
struct PhaseBuilderTests {
    typealias F = PhaseFixtures

    static func only(_ built: (operations: [Operation], findings: [Finding])) throws -> Operation {
        try #require(built.operations.count == 1, "\(built.operations.map(\.kind))")
        return built.operations[0]
    }

    @Test func phasesInOrderWithDurations() throws {
        let op = try Self.only(F.build([
            F.event("op-start", at: 0, line: 1),
            F.event("other", at: 5, line: 2),
            F.event("phase-b", at: 10, line: 3),
            F.event("phase-c", at: 30, line: 4),
            F.event("op-done", at: 45.5, line: 5),
        ]))
        #expect(op.kind == "demo")
        #expect(op.outcome == .ok)
        #expect(op.durationSeconds == 45.5)
        #expect(op.start == F.t0)
        #expect(op.evidence == Evidence(start: SourceLocation(file: "demo.log", line: 1), end: SourceLocation(file: "demo.log", line: 5)))
        #expect(op.phases.map(\.id) == ["first", "second", "third"])
        #expect(op.phases.map(\.outcome) == [.ok, .ok, .ok])
        #expect(op.phases.map(\.durationSeconds) == [10, 20, 15.5])
        #expect(op.phases.map { $0.evidence.start?.line } == [1, 3, 4])
        #expect(op.phases.map { $0.evidence.end?.line } == [3, 4, 5])
    }

    @Test func aSkippedPhaseCanStillStartLater() throws {
        // Phases are listed in the order the log shows them; a declared phase that had not begun yet
        // may start after a later one.
        let op = try Self.only(F.build([
            F.event("op-start", at: 0, line: 1),
            F.event("phase-c", at: 10, line: 2),
            F.event("phase-b", at: 20, line: 3),
            F.event("op-done", at: 30, line: 4),
        ]))
        #expect(op.phases.map(\.id) == ["first", "third", "second"])
        #expect(op.outcome == .ok)
    }

    @Test func failureFailsTheCurrentPhase() throws {
        let built = try F.build([
            F.event("op-start", at: 0, line: 1),
            F.event("phase-b", at: 10, line: 2),
            F.event("error-boom", at: 25, line: 3, text: "Error: boom"),
        ])
        let op = try Self.only(built)
        #expect(op.outcome == .failed)
        #expect(op.error == ErrorInfo(message: "Error: boom", location: SourceLocation(file: "demo.log", line: 3), kind: "error-boom"))
        #expect(op.phases.map(\.outcome) == [.ok, .failed])
        #expect(op.phases[1].error?.location.line == 3)
        #expect(op.phases[1].durationSeconds == 15)
        #expect(op.evidence.end?.line == 3)
    }

    @Test func logEndingMidPhaseLeavesItOpen() throws {
        let op = try Self.only(F.build([
            F.event("op-start", at: 0, line: 1),
            F.event("phase-b", at: 10, line: 2),
            F.event("poll", at: 40, line: 3, ["reason": "ScalingUp"]),
        ]))
        #expect(op.outcome == .open)
        #expect(op.phases.map(\.outcome) == [.ok, .open])
        #expect(op.phases[1].end == nil)
        #expect(op.phases[1].durationSeconds == 30)  // up to the last line seen
        #expect(op.end == F.t0.adding(seconds: 40))
    }

    @Test func subPhasesPerKey() throws {
        let op = try Self.only(F.build([
            F.event("op-start", at: 0, line: 1),
            F.event("phase-c", at: 10, line: 2),
            F.event("pkg-start", at: 11, line: 3, ["package": "antrea"]),
            F.event("pkg-start", at: 12, line: 4, ["package": "metrics-server"]),
            F.event("pkg-done", at: 20, line: 5, ["package": "metrics-server"]),
            F.event("pkg-done", at: 31, line: 6, ["package": "antrea"]),
            F.event("op-done", at: 32, line: 7),
        ]))
        let third = try #require(op.phases.last)
        #expect(third.phases.map(\.id) == ["antrea", "metrics-server"])
        #expect(third.phases.map(\.durationSeconds) == [20, 8])
        #expect(third.phases.map(\.outcome) == [.ok, .ok])
    }

    @Test func eventsOutsideAnyOperationAreIgnored() throws {
        let built = try F.build([F.event("poll", at: 0, line: 1, ["reason": "ScalingUp"]), F.event("other", at: 1, line: 2)])
        #expect(built.operations.isEmpty)
        let stray = try F.build([F.event("error-boom", at: 0, line: 1, text: "Error: boom")])
        #expect(stray.operations.isEmpty)
        #expect(stray.findings.map(\.code) == ["error-outside-operation"])
    }

    @Test func startEventAfterSuccessStartsASecondOperation() throws {
        let built = try F.build([
            F.event("op-start", at: 0, line: 1), F.event("op-done", at: 10, line: 2),
            F.event("op-start", at: 20, line: 3), F.event("op-done", at: 25, line: 4),
        ])
        #expect(built.operations.map(\.outcome) == [.ok, .ok])
        #expect(built.operations.map(\.durationSeconds) == [10, 5])
    }

    // MARK: - Loops

    /// One V6 poll: the on-change reason line (first poll of a state only), the `, retrying` twin,
    /// and from the second poll on the `cluster state is unchanged N` counter.
    static func v6Polls(_ reason: String, from start: Double, count: Int, line: inout Int, firstCounter: Int = 1) -> [Event] {
        var events: [Event] = []
        for i in 0..<count {
            let t = start + Double(i) * 15
            if i == 0 {
                events.append(F.event("poll", at: t, line: line, text: "still initialized: \(reason)", ["reason": reason])); line += 1
            } else {
                events.append(F.event("counter", at: t, line: line, text: "cluster state is unchanged \(firstCounter + i - 1)", ["n": "\(firstCounter + i - 1)"])); line += 1
            }
            events.append(F.event("poll", at: t + 0.001, line: line, text: "still initialized: \(reason), retrying",
                                  ["reason": reason, "retrying": ", retrying"])); line += 1
        }
        return events
    }

    @Test func loopCountsEachPollOnceAndAStateChangeStartsANewRun() throws {
        var line = 2
        var events = [F.event("op-start", at: 0, line: 1)]
        events += Self.v6Polls("ScalingUp", from: 0, count: 4, line: &line)
        events += Self.v6Polls("WaitingForControlPlane", from: 60, count: 2, line: &line)
        events.append(F.event("op-done", at: 90, line: line))
        let op = try Self.only(F.build(events))
        let loops = op.phases.flatMap(\.loops)
        #expect(loops.map(\.id) == ["init", "init"])
        #expect(loops.map(\.state) == ["ScalingUp", "WaitingForControlPlane"])
        #expect(loops.map(\.count) == [4, 2])
        #expect(loops.map(\.firstLine.line) == [2, 10])
        #expect(loops.first?.totalSeconds == 60)
        #expect(loops.first?.periodSeconds == 15)
        #expect(loops.first?.end == F.t0.adding(seconds: 60))
    }

    @Test func loopWithoutRetryingLinesCountsOnePerLine() throws {
        let op = try Self.only(F.build([
            F.event("op-start", at: 0, line: 1),
            F.event("poll", at: 0, line: 2, ["reason": "ScalingUp"]),
            F.event("poll", at: 15, line: 3, ["reason": "ScalingUp"]),
            F.event("poll", at: 30, line: 4, ["reason": "ScalingUp"]),
            F.event("op-done", at: 40, line: 5),
        ]))
        #expect(op.phases.flatMap(\.loops).map(\.count) == [3])
    }

    @Test func progressFieldStartsANewRun() throws {
        let op = try Self.only(F.build([
            F.event("op-start", at: 0, line: 1),
            F.event("replicas-poll", at: 0, line: 2, text: "replicas: Ready=0 Replicas=3", ["ready": "0"]),
            F.event("replicas-poll", at: 10, line: 3, text: "replicas: Ready=0 Replicas=3", ["ready": "0"]),
            F.event("replicas-poll", at: 20, line: 4, text: "replicas: Ready=1 Replicas=3", ["ready": "1"]),
            F.event("replicas-poll", at: 30, line: 5, text: "replicas: Ready=1 Replicas=3", ["ready": "1"]),
            F.event("replicas-poll", at: 40, line: 6, text: "replicas: Ready=0 Replicas=3", ["ready": "0"]),  // a drop is not progress
            F.event("op-done", at: 50, line: 7),
        ]))
        let loops = op.phases.flatMap(\.loops)
        #expect(loops.map(\.id) == ["replicas", "replicas"])
        #expect(loops.map(\.state) == ["replicas: Ready=# Replicas=#", "replicas: Ready=# Replicas=#"])
        #expect(loops.map(\.count) == [2, 3])
        #expect(loops.map(\.firstLine.line) == [2, 4])
    }

    @Test func verdictOkWithinBudget() throws {
        var line = 2
        var events = [F.event("op-start", at: 0, line: 1)]
        events += Self.v6Polls("ScalingUp", from: 0, count: 3, line: &line)  // 30 s < stuck_after 1m
        events.append(F.event("op-done", at: 40, line: line))
        let loop = try #require(try Self.only(F.build(events)).phases.flatMap(\.loops).first)
        #expect(loop.verdict == .ok)
        #expect(loop.stuckAfterSeconds == 60)
    }

    @Test func verdictSlowWhenItRecoveredAfterItsBudget() throws {
        var line = 2
        var events = [F.event("op-start", at: 0, line: 1)]
        events += Self.v6Polls("ScalingUp", from: 0, count: 7, line: &line)  // 90 s of polls
        events.append(F.event("op-done", at: 100, line: line))
        let op = try Self.only(F.build(events))
        #expect(op.outcome == .ok)
        let loop = try #require(op.phases.flatMap(\.loops).first)
        #expect(loop.verdict == .slow)
        #expect(loop.totalSeconds == 100)
    }

    @Test func verdictStuckWhenTheLogEndsWhilePolling() throws {
        var line = 2
        var events = [F.event("op-start", at: 0, line: 1)]
        events += Self.v6Polls("ScalingUp", from: 0, count: 3, line: &line)
        let op = try Self.only(F.build(events))
        #expect(op.outcome == .open)
        #expect(op.phases.flatMap(\.loops).map(\.verdict) == [.stuck])
    }

    @Test func verdictStuckWhenTheOperationFailsWhilePolling() throws {
        var line = 2
        var events = [F.event("op-start", at: 0, line: 1)]
        events += Self.v6Polls("ScalingUp", from: 0, count: 3, line: &line)
        events.append(F.event("error-boom", at: 45, line: line, text: "Error: timed out"))
        let op = try Self.only(F.build(events))
        #expect(op.outcome == .failed)
        #expect(op.phases.flatMap(\.loops).map(\.verdict) == [.stuck])
    }

    @Test func eventsWithoutAClockStillBuildPhases() throws {
        let op = try Self.only(F.build([
            F.event("op-start", at: nil, line: 1),
            F.event("phase-b", at: nil, line: 2),
            F.event("op-done", at: nil, line: 3),
        ]))
        #expect(op.outcome == .ok)
        #expect(op.phases.map(\.id) == ["first", "second"])
        #expect(op.durationSeconds == nil)
        #expect(op.phases.allSatisfy { $0.durationSeconds == nil })
    }

    @Test func clusterArgumentOfACommand() {
        #expect(PhaseBuilder.clusterArgument(["wl-blue", "--file", "./wl.yaml", "-v", "6"]) == "wl-blue")
        #expect(PhaseBuilder.clusterArgument(["--file", "./wl.yaml", "wl-blue"]) == "wl-blue")
        #expect(PhaseBuilder.clusterArgument(["--ui", "--name", "mc-lab"]) == "mc-lab")
        #expect(PhaseBuilder.clusterArgument(["--name=mc-lab", "x"]) == "mc-lab")
        #expect(PhaseBuilder.clusterArgument(["--dry-run", "wl-1"]) == "wl-1")
        #expect(PhaseBuilder.clusterArgument(["--plan=dev"]) == nil)
    }
}
