import Foundation
import LogModel
import Testing
@testable import Reporting

struct TimelineChromeTraceTests {
    struct Event {
        var name: String
        var ph: String
        var pid: Int
        var tid: Int
        var ts: Int64?
        var dur: Int64?
        var cat: String?
        var cname: String?
        var scope: String?
        var args: [String: Any]
    }

    static func parse(_ json: String) throws -> (events: [Event], other: [String: Any]) {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let raw = try #require(object?["traceEvents"] as? [[String: Any]])
        let events = try raw.map { e -> Event in
            func int(_ k: String) -> Int64? {
                guard let n = e[k] as? NSNumber else { return nil }
                // Trace viewers take fractional microseconds, but ours are whole numbers.
                #expect(n.doubleValue == n.doubleValue.rounded(), "\(k) is not a whole number of microseconds")
                return n.int64Value
            }
            return Event(name: try #require(e["name"] as? String), ph: try #require(e["ph"] as? String),
                         pid: Int(try #require(int("pid"))), tid: Int(try #require(int("tid"))), ts: int("ts"), dur: int("dur"),
                         cat: e["cat"] as? String, cname: e["cname"] as? String, scope: e["s"] as? String,
                         args: e["args"] as? [String: Any] ?? [:])
        }
        #expect(object?["displayTimeUnit"] as? String == "ms")
        return (events, object?["otherData"] as? [String: Any] ?? [:])
    }

    @Test func eventPhasesAreCompleteInstantOrMetadata() throws {
        let (events, other) = try Self.parse(TimelineChromeTrace.render(ReportFixtures.failedRun))
        #expect(Set(events.map(\.ph)) == ["X", "i", "M"])
        for e in events {
            switch e.ph {
            case "X":
                #expect(e.ts != nil && (e.dur ?? -1) >= 0, "\(e.name)")
            case "i":
                #expect(e.ts != nil && e.scope == "t" && e.dur == nil, "\(e.name)")
            default:
                #expect(["process_name", "process_sort_index", "thread_name", "thread_sort_index"].contains(e.name))
            }
        }
        #expect(other["clock"] as? String == "utc")
        #expect(other["verdict"] as? String == "failed")
    }

    @Test func timesAreEpochMicroseconds() throws {
        let (events, _) = try Self.parse(TimelineChromeTrace.render(ReportFixtures.failedRun))
        let workers = try #require(events.first { $0.ph == "X" && $0.name == "workers" && $0.args["cluster"] as? String == "wl-1" })
        #expect(workers.ts == ReportFixtures.at(1560).microseconds)
        #expect(workers.dur.map(Int.init) == 1_740_000_000)
        let op = try #require(events.first { $0.ph == "X" && $0.cat == "operation" && $0.name == "workload-create wl-1" })
        #expect(op.ts == ReportFixtures.at(1200).microseconds)
        #expect(op.dur.map(Int.init) == 2_100_000_000)
    }

    @Test(arguments: ["failedRun", "harnessRun", "untimed", "big"])
    func everyPhaseOnceAndNestedWithinItsParent(_ fixture: String) throws {
        let timeline = switch fixture {
        case "failedRun": ReportFixtures.failedRun
        case "harnessRun": ReportFixtures.harnessRun
        case "untimed": ReportFixtures.untimed
        default: ReportFixtures.big(operations: 5)
        }
        let (events, _) = try Self.parse(TimelineChromeTrace.render(timeline))
        let complete = events.filter { $0.ph == "X" }

        // One complete event per phase and per loop run, named by id; one per operation.
        let phases = ReportFixtures.allPhases(timeline)
        #expect(complete.filter { $0.cat == "phase" }.count == phases.count)
        #expect(complete.filter { $0.cat == "operation" }.count == timeline.operations.count)
        let loops = phases.reduce(0) { $0 + $1.2.loops.count }
        #expect(complete.filter { $0.cat == "loop" }.count == loops)
        #expect(events.filter { $0.ph == "i" }.count == 2 * loops)

        // Each phase lies within its parent phase (or its operation).
        for (opIndex, op) in timeline.operations.enumerated() {
            let pid = opIndex + 1
            let mine = complete.filter { $0.pid == pid }
            let opEvent = try #require(mine.first { $0.cat == "operation" })
            #expect(events.contains { $0.ph == "M" && $0.pid == pid && $0.name == "process_name" && $0.args["name"] as? String == op.displayName })
            for e in mine where e.cat == "phase" || e.cat == "loop" {
                let path = (e.args["path"] ?? e.args["phase"]) as? String ?? ""
                let parentPath = e.cat == "loop" ? path : String(path.split(separator: "/").dropLast().joined(separator: "/"))
                let parent = parentPath.isEmpty ? opEvent : try #require(mine.first { $0.cat == "phase" && $0.args["path"] as? String == parentPath })
                #expect(e.ts! >= parent.ts! && e.ts! + e.dur! <= parent.ts! + parent.dur!, "\(path) sticks out of \(parentPath)")
            }
            // Every thread is a valid stack: events on one tid nest or are disjoint.
            for tid in Set(mine.map(\.tid)) {
                let lane = mine.filter { $0.tid == tid }.sorted { ($0.ts!, -$0.dur!) < ($1.ts!, -$1.dur!) }
                var stack: [Int64] = []
                for e in lane {
                    while let top = stack.last, top <= e.ts!, !(e.ts! + e.dur! <= top) { stack.removeLast() }
                    if let top = stack.last { #expect(e.ts! + e.dur! <= top, "\(e.name) overlaps a neighbour on tid \(tid)") }
                    stack.append(e.ts! + e.dur!)
                }
                #expect(events.contains { $0.ph == "M" && $0.pid == pid && $0.tid == tid && $0.name == "thread_name" })
            }
        }
    }

    @Test func parallelProvidersGetTheirOwnThread() throws {
        let (events, _) = try Self.parse(TimelineChromeTrace.render(ReportFixtures.failedRun))
        let providers = events.filter { $0.ph == "X" && ($0.args["path"] as? String ?? "").hasPrefix("providers/") }
        #expect(providers.count == 4)
        #expect(Set(providers.map(\.tid)).count > 1)
    }

    @Test func failuresAndStuckLoopsAreMarked() throws {
        let (events, _) = try Self.parse(TimelineChromeTrace.render(ReportFixtures.failedRun))
        let workers = try #require(events.first { $0.ph == "X" && $0.args["path"] as? String == "workers" && $0.pid == 2 })
        #expect(workers.cname == "terrible")
        #expect(workers.args["outcome"] as? String == "failed")
        #expect((workers.args["error"] as? String)?.hasPrefix("timed out waiting") == true)
        #expect(workers.args["errorAt"] as? String == "tanzu-wl-create.log:912")
        let stuck = try #require(events.first { $0.ph == "X" && $0.cat == "loop" && $0.args["verdict"] as? String == "stuck" })
        #expect(stuck.cname == "terrible")
        #expect(stuck.name == "loop cluster-init: ScalingUp")
        #expect(stuck.args["polls"] as? Int == 173)
        let ok = try #require(events.first { $0.ph == "X" && $0.args["path"] as? String == "validate" })
        #expect(ok.cname == nil)
    }

    @Test func untimedLogsUseOrderAndSaySo() throws {
        let (events, other) = try Self.parse(TimelineChromeTrace.render(ReportFixtures.untimed))
        #expect(other["clock"] as? String == "none")
        let top = events.filter { $0.ph == "X" && $0.cat == "phase" }
        #expect(top.map(\.name) == ["validate", "control-plane", "workers", "addons"])
        #expect(top.map(\.ts!) == [0, 1_000_000, 2_000_000, 3_000_000])
    }

    @Test func hostileTextRoundTrips() throws {
        let (events, _) = try Self.parse(TimelineChromeTrace.render(ReportFixtures.hostileRun))
        let phase = try #require(events.first { $0.cat == "phase" })
        #expect(phase.name == ReportFixtures.hostile)
        #expect(phase.args["error"] as? String == ReportFixtures.hostile)
    }
}
