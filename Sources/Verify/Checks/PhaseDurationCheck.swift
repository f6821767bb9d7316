import ClusterState
import LogModel

/// `phase-duration`: a phase of an operation in a log (`control-plane`, `addons/kapp-controller`)
/// took less than a bound. Reads the log through a `PhaseTimingProvider` (the analyzer).
public struct PhaseDurationCheck: Check {
    public static let id = "phase-duration"
    public static let summary = "a phase of an operation log finished under a time bound"
    public static let readsCluster = false

    public var log: String
    public var phase: String
    public var under: SpecDuration
    public var operation: String?
    public var cluster: String?

    public init(log: String, phase: String, under: SpecDuration, operation: String? = nil, cluster: String? = nil) {
        self.log = log
        self.phase = phase
        self.under = under
        self.operation = operation
        self.cluster = cluster
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        guard let log = try f.string("log") else { throw f.missing("log", hint: "write log: ./logs/wl1-create.log") }
        guard let phase = try f.string("phase") else { throw f.missing("phase", hint: "write phase: control-plane") }
        guard let under = try f.duration("under") else { throw f.missing("under", hint: "write under: 10m") }
        self.init(log: log, phase: phase, under: under, operation: try f.string("operation"), cluster: try f.string("cluster"))
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] { [] }

    public func explain(_ facts: ClusterFacts) -> [String] {
        ["log \(log): phase \(phase)\(operation.map { " of \($0)" } ?? "")\(cluster.map { " for cluster \($0)" } ?? ""): durationSeconds < \(under.seconds) (\(under))"]
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        guard let provider = context.phaseTimings else {
            return Evaluation(.inconclusive, "no phase analyzer available to read \(log)")
        }
        let timings: [PhaseTiming]
        do {
            timings = try provider.phases(ofLog: context.resolve(log))
        } catch {
            return Evaluation(.inconclusive, "cannot read phases of \(log): \(error)")
        }
        let matching = timings.filter {
            $0.phase == phase && (operation == nil || $0.operation == operation) && (cluster == nil || $0.cluster == cluster)
        }
        guard !matching.isEmpty else {
            let known = Set(timings.map(\.phase)).sorted().joined(separator: ", ")
            return Evaluation(.inconclusive, "phase \(phase) not found in \(log)", details: known.isEmpty ? [] : ["phases found: \(known)"])
        }
        var worst: Evaluation?
        for t in matching {
            let who = "\(t.operation) \(t.cluster): \(phase)"
            let e: Evaluation
            if t.outcome == "failed" {
                e = Evaluation(.fail, "\(who) failed", observed: t.durationSeconds.map { "failed after \(Self.seconds($0))" } ?? "failed",
                               expected: "under \(under)")
            } else if let d = t.durationSeconds {
                e = d < Double(under.seconds)
                    ? Evaluation(.pass, "\(who) took \(Self.seconds(d)) (under \(under))", observed: Self.seconds(d), expected: "under \(under)")
                    : Evaluation(.fail, "\(who) took \(Self.seconds(d)), over \(under)", observed: Self.seconds(d), expected: "under \(under)")
            } else {
                e = Evaluation(.inconclusive, "\(who) never ended in the log", expected: "under \(under)")
            }
            if worst == nil || e.outcome > worst!.outcome { worst = e }
        }
        return worst!
    }

    /// `612s` → `10m12s`.
    static func seconds(_ d: Double) -> String {
        SpecDuration(seconds: Int(d.rounded())).description
    }

    public static let examples: [CheckExample] = [
        CheckExample("control plane in 6 minutes", spec: "{ log: wl1.log, phase: control-plane, under: 10m }",
                     timings: [PhaseTiming(operation: "cluster-create", cluster: "wl1", phase: "control-plane", durationSeconds: 361, outcome: "ok")],
                     expect: .pass),
        CheckExample("control plane took 12 minutes", spec: "{ log: wl1.log, phase: control-plane, under: 10m }",
                     timings: [PhaseTiming(operation: "cluster-create", cluster: "wl1", phase: "control-plane", durationSeconds: 720, outcome: "ok")],
                     expect: .fail),
        CheckExample("phase failed", spec: "{ log: wl1.log, phase: addons/kapp-controller, under: 5m }",
                     timings: [PhaseTiming(operation: "cluster-create", cluster: "wl1", phase: "addons/kapp-controller", durationSeconds: 30, outcome: "failed")],
                     expect: .fail),
        CheckExample("phase not in the log", spec: "{ log: wl1.log, phase: workers, under: 5m }", timings: [], expect: .inconclusive),
    ]
}
