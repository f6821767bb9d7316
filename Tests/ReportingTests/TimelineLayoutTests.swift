import LogModel
import Testing
@testable import Reporting

struct TimelineLayoutTests {
    typealias F = ReportFixtures

    @Test func timedAxisStartsAtTheEarliestTime() {
        let layout = TimelineLayout(F.failedRun)
        #expect(layout.clock == .timed(origin: F.at(0), end: F.at(3300)))
        #expect(layout.span == 3300 * 1e6)
        let workers = layout.rows.first { $0.path == "workers" && $0.operationIndex == 1 }
        #expect(workers?.lo == 1560 * 1e6 && workers?.hi == 3300 * 1e6)
        #expect(layout.rows.count == F.failedRun.operations.count + F.allPhases(F.failedRun).count)
    }

    @Test func openPhasesRunToTheEndAndMissingStartsFollowTheirSibling() {
        var op = Operation(kind: "workload-upgrade", cluster: "wl-9", outcome: .open, start: F.at(0))
        op.phases = [
            Phase(id: "a", outcome: .ok, start: F.at(0), end: F.at(10), durationSeconds: 10),
            Phase(id: "b", outcome: .skipped),
            Phase(id: "c", outcome: .open, start: F.at(20)),
        ]
        let other = Operation(kind: "workload-create", cluster: "wl-8", outcome: .ok, start: F.at(0), end: F.at(100), durationSeconds: 100)
        let layout = TimelineLayout(Timeline(inputs: [], operations: [op, other]))
        let rows = Dictionary(uniqueKeysWithValues: layout.rows.filter { $0.operationIndex == 0 }.map { ($0.path, $0) })
        #expect(rows[""]?.hi == 100 * 1e6, "an open operation runs to the end of the log")
        #expect(rows["b"]?.lo == 10 * 1e6 && rows["b"]?.hi == 10 * 1e6 && rows["b"]?.estimated == true)
        #expect(rows["c"]?.lo == 20 * 1e6 && rows["c"]?.hi == 100 * 1e6)
    }

    @Test func childrenNeverStickOutOfTheirParent() {
        let child = Phase(id: "child", outcome: .ok, start: F.at(-5), end: F.at(50), durationSeconds: 55)
        let parent = Phase(id: "parent", outcome: .ok, start: F.at(0), end: F.at(30), durationSeconds: 30, phases: [child],
                           loops: [F.loop("X", 25, 40, count: 3, lines: (1, 2))])
        let op = Operation(kind: "k", outcome: .ok, start: F.at(-10), end: F.at(60), phases: [parent])
        let layout = TimelineLayout(Timeline(inputs: [], operations: [op]))
        let p = layout.rows[1], c = layout.rows[2]
        #expect(c.lo == p.lo && c.hi == p.hi)
        #expect(p.loops[0].lo == 35 * 1e6 && p.loops[0].hi == p.hi)
    }

    @Test func withoutAClockLeavesTakeOneSlotEach() {
        let layout = TimelineLayout(F.untimed)
        #expect(layout.clock == .ordinal)
        #expect(layout.span == 4)
        #expect(layout.rows.map(\.lo) == [0, 0, 1, 2, 3])
        #expect(layout.rows.map(\.hi) == [4, 1, 2, 3, 4])
    }
}
