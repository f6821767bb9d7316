import LogModel
import Testing
@testable import Reporting

struct TimelinePrometheusTests {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    enum ParseError: Error { case bad(String) }

    /// A strict reader of the text exposition format (0.0.4): HELP/TYPE once per family and before its
    /// samples, valid names, quoted and escaped label values, a float value, no timestamps, no duplicates.
    static func parse(_ text: String) throws -> (samples: [Sample], types: [String: String]) {
        var types: [String: String] = [:]
        var helps: Set<String> = []
        var samples: [Sample] = []
        var seen: Set<String> = []
        func isName(_ s: Substring) -> Bool {
            guard let f = s.first, f.isASCII, f.isLetter || f == "_" || f == ":" else { return false }
            return s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":") }
        }
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("# HELP ") {
                let parts = line.dropFirst(7).split(separator: " ", maxSplits: 1)
                guard parts.count == 2, isName(parts[0]), helps.insert(String(parts[0])).inserted, types[String(parts[0])] == nil
                else { throw ParseError.bad(String(line)) }
                continue
            }
            if line.hasPrefix("# TYPE ") {
                let parts = line.dropFirst(7).split(separator: " ")
                guard parts.count == 2, isName(parts[0]), ["counter", "gauge", "untyped", "summary", "histogram"].contains(parts[1]),
                      types[String(parts[0])] == nil, !samples.contains(where: { $0.name == parts[0] })
                else { throw ParseError.bad(String(line)) }
                types[String(parts[0])] = String(parts[1])
                continue
            }
            guard !line.hasPrefix("#"), !line.isEmpty else { throw ParseError.bad("unexpected line: \(line)") }
            var i = line.startIndex
            while i < line.endIndex, line[i] != "{", line[i] != " " { i = line.index(after: i) }
            let name = line[line.startIndex..<i]
            guard isName(name), types[String(name)] != nil else { throw ParseError.bad("undeclared or bad name: \(line)") }
            var labels: [String: String] = [:]
            if i < line.endIndex, line[i] == "{" {
                i = line.index(after: i)
                while line[i] != "}" {
                    let eq = line[i...].firstIndex(of: "=")!
                    let key = line[i..<eq]
                    guard isName(key), line[line.index(after: eq)] == "\"" else { throw ParseError.bad("label: \(line)") }
                    var j = line.index(eq, offsetBy: 2)
                    var value = ""
                    while line[j] != "\"" {
                        if line[j] == "\\" {
                            j = line.index(after: j)
                            switch line[j] {
                            case "\\": value.append("\\")
                            case "\"": value.append("\"")
                            case "n": value.append("\n")
                            default: throw ParseError.bad("escape: \(line)")
                            }
                        } else {
                            guard line[j] != "\n" else { throw ParseError.bad("raw newline") }
                            value.append(line[j])
                        }
                        j = line.index(after: j)
                    }
                    guard labels.updateValue(value, forKey: String(key)) == nil else { throw ParseError.bad("duplicate label: \(line)") }
                    i = line.index(after: j)
                    if line[i] == "," { i = line.index(after: i) }
                }
                i = line.index(after: i)
            }
            guard i < line.endIndex, line[i] == " " else { throw ParseError.bad("no value: \(line)") }
            let rest = line[line.index(after: i)...]
            guard !rest.contains(" "), let value = Double(rest) else { throw ParseError.bad("value (or a timestamp): \(line)") }
            let key = String(name) + labels.sorted { $0.key < $1.key }.map { "|\($0.key)=\($0.value)" }.joined()
            guard seen.insert(key).inserted else { throw ParseError.bad("duplicate series: \(line)") }
            samples.append(Sample(name: String(name), labels: labels, value: value))
        }
        return (samples, types)
    }

    @Test func everyLineParses() throws {
        let text = TimelinePrometheus.render(ReportFixtures.failedRun)
        let (samples, types) = try Self.parse(text)
        #expect(types == ["tkgqa_run_success": "gauge", "tkgqa_operation_duration_seconds": "gauge", "tkgqa_operation_success": "gauge",
                          "tkgqa_phase_duration_seconds": "gauge", "tkgqa_phase_success": "gauge", "tkgqa_loop_polls_total": "counter",
                          "tkgqa_loop_duration_seconds": "gauge"])
        #expect(text.contains("tkgqa_phase_duration_seconds{operation=\"workload-create\",cluster=\"wl-1\",phase=\"workers\",outcome=\"failed\"} 1740\n"))
        #expect(text.contains("tkgqa_phase_duration_seconds{operation=\"management-cluster-create\",cluster=\"mc-1\",phase=\"providers/cluster-api\",outcome=\"ok\"} 55\n"))
        #expect(samples.first { $0.name == "tkgqa_run_success" }?.value == 0)
        let phases = ReportFixtures.allPhases(ReportFixtures.failedRun)
        // Every phase with a duration has one sample; the skipped one has none.
        #expect(samples.filter { $0.name == "tkgqa_phase_duration_seconds" }.count == phases.count - 1)
        let stuck = try #require(samples.first { $0.name == "tkgqa_loop_polls_total" && $0.labels["verdict"] == "stuck" })
        #expect(stuck.value == 173)
        #expect(stuck.labels == ["operation": "workload-create", "cluster": "wl-1", "phase": "workers", "loop": "cluster-init",
                                 "state": "ScalingUp", "verdict": "stuck"])
        #expect(samples.first { $0.name == "tkgqa_operation_success" && $0.labels["cluster"] == "mc-1" }?.value == 1)
    }

    @Test func repeatedOperationsAndLoopStatesStayUnique() throws {
        var wl = ReportFixtures.workloadCreateFailed
        wl.phases[1].loops += [ReportFixtures.loop("WaitingForKubeadmInit", 1541, 1550, count: 2, lines: (291, 295), verdict: .slow)]
        let timeline = Timeline(inputs: ["a.log"], operations: [wl, wl, ReportFixtures.harnessRun.operations[0]])
        let (samples, _) = try Self.parse(TimelinePrometheus.render(timeline))
        let ops = samples.filter { $0.name == "tkgqa_operation_duration_seconds" }
        #expect(ops.map { $0.labels["occurrence"] } == [nil, "2", nil])
        let polls = samples.filter { $0.name == "tkgqa_loop_polls_total" && $0.labels["phase"] == "control-plane" && $0.labels["occurrence"] == nil }
        #expect(polls.map(\.value) == [35])
        #expect(polls.first?.labels["verdict"] == "slow")
        #expect(samples.contains { $0.name == "tkgqa_phase_duration_seconds" && $0.labels["phase"] == "01-create-mc/providers/cluster-api" })
    }

    @Test func hostileLabelValuesAreEscaped() throws {
        let (samples, _) = try Self.parse(TimelinePrometheus.render(ReportFixtures.hostileRun))
        let phase = try #require(samples.first { $0.name == "tkgqa_phase_duration_seconds" })
        #expect(phase.labels["phase"] == ReportFixtures.hostile)
        #expect(phase.labels["cluster"] == ReportFixtures.hostile)
    }

    @Test func untimedPhasesHaveNoDuration() throws {
        let (samples, _) = try Self.parse(TimelinePrometheus.render(ReportFixtures.untimed))
        #expect(!samples.contains { $0.name == "tkgqa_phase_duration_seconds" })
        #expect(samples.filter { $0.name == "tkgqa_phase_success" }.map(\.value) == [1, 1, 0])
    }
}
