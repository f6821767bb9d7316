import ClusterState
import LogModel

/// `phase-duration`: a phase of an operation in a log (`control-plane`, `addons/kapp-controller`,
/// `total` for the whole operation) took less than a bound. Reads the log through a
/// `PhaseTimingProvider` (the analyzer). The bound is written (`under: 10m`) or, with `budget: true`,
/// the phase rules' budget (`budget:` in `patterns/phases/*.yaml`, e.g. seed 003's 10 minutes for a
/// standalone cluster): `analyze` and `gate` only warn about budgets, this makes them hard. With
/// `budget: true` and no `phase`, every phase that has a budget is bounded.
public struct PhaseDurationCheck: Check {
    public static let id = "phase-duration"
    public static let summary = "a phase of an operation log finished under a time bound"
    public static let readsCluster = false

    public var log: String
    /// `nil` only with `budget`: every phase that has a budget.
    public var phase: String?
    /// The written bound; `nil` with `budget`.
    public var under: SpecDuration?
    public var operation: String?
    public var cluster: String?
    /// Bound by the phase rules' budgets instead of `under`.
    public var budget: Bool

    public init(log: String, phase: String, under: SpecDuration, operation: String? = nil, cluster: String? = nil) {
        self.log = log
        self.phase = phase
        self.under = under
        self.operation = operation
        self.cluster = cluster
        self.budget = false
    }

    /// Bound by the phase rules' budgets (of one phase, or of every phase that has one).
    public init(log: String, budgetOf phase: String? = nil, operation: String? = nil, cluster: String? = nil) {
        self.log = log
        self.phase = phase
        self.under = nil
        self.operation = operation
        self.cluster = cluster
        self.budget = true
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        guard let log = try f.string("log") else { throw f.missing("log", hint: "write log: ./logs/wl1-create.log") }
        let phase = try f.string("phase")
        let under = try f.duration("under")
        let budget = try f.bool("budget") ?? false
        let operation = try f.string("operation"), cluster = try f.string("cluster")
        if budget {
            if under != nil { throw f.invalid("under", "give either under or budget: true, not both", hint: "budget: true bounds by the phase rules' budgets") }
            self.init(log: log, budgetOf: phase, operation: operation, cluster: cluster)
            return
        }
        guard let phase else { throw f.missing("phase", hint: "write phase: control-plane (or budget: true for every budgeted phase)") }
        guard let under else { throw f.missing("under", hint: "write under: 10m, or budget: true for the phase rules' budget") }
        self.init(log: log, phase: phase, under: under, operation: operation, cluster: cluster)
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] { [] }

    public func explain(_ facts: ClusterFacts) -> [String] {
        let scope = "\(operation.map { " of \($0)" } ?? "")\(cluster.map { " for cluster \($0)" } ?? "")"
        if let under, let phase { return ["log \(log): phase \(phase)\(scope): durationSeconds < \(under.seconds) (\(under))"] }
        return ["log \(log): \(phase.map { "phase \($0)" } ?? "every phase with a budget")\(scope): durationSeconds <= the budget of its phase rule (patterns/phases), a failure"]
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
            (phase == nil || $0.phase == phase) && (operation == nil || $0.operation == operation) && (cluster == nil || $0.cluster == cluster)
                && (!budget || $0.budgetSeconds != nil)
        }
        guard !matching.isEmpty else {
            let known = Set(timings.map(\.phase)).sorted().joined(separator: ", ")
            let what = phase.map { "phase \($0)" + (budget ? " with a budget" : "") } ?? "no phase with a budget"
            return Evaluation(.inconclusive, phase == nil ? "\(what) in \(log)" : "\(what) not found in \(log)",
                              details: known.isEmpty ? [] : ["phases found: \(known)"])
        }
        if budget { return budgetEvaluation(matching) }
        guard let phase, let under else { return Evaluation(.inconclusive, "no bound") }
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

    /// Every matching phase against its rule's budget; the worst wins, the message names the source.
    private func budgetEvaluation(_ timings: [PhaseTiming]) -> Evaluation {
        var worst: Evaluation?
        var details: [String] = []
        for t in timings {
            let budget = t.budgetSeconds!
            let who = "\(t.operation) \(t.cluster): \(t.phase)"
            let source = t.budgetSource.map { " (\($0))" } ?? ""
            let bound = "within its budget of \(Self.seconds(budget))"
            let e: Evaluation
            if let d = t.durationSeconds, t.outcome != "failed" {
                e = d <= budget
                    ? Evaluation(.pass, "\(who) took \(Self.seconds(d)), \(bound)", observed: Self.seconds(d), expected: bound)
                    : Evaluation(.fail, "\(who) took \(Self.seconds(d)), over its budget of \(Self.seconds(budget))\(source)",
                                 observed: Self.seconds(d), expected: bound + source)
            } else if t.outcome == "failed" {
                e = Evaluation(.fail, "\(who) failed", observed: t.durationSeconds.map { "failed after \(Self.seconds($0))" } ?? "failed", expected: bound + source)
            } else {
                e = Evaluation(.inconclusive, "\(who) never ended in the log", expected: bound + source)
            }
            details.append("\(e.outcome.rawValue): \(e.message)")
            if worst == nil || e.outcome > worst!.outcome { worst = e }
        }
        var result = worst!
        if timings.count > 1 {
            result.details = details
            if result.outcome == .pass { result.message = "\(timings.count) budgeted phases within budget" }
        }
        return result
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
        CheckExample("standalone cluster within its budget", spec: "{ log: sc.log, budget: true }",
                     timings: [PhaseTiming(operation: "standalone-cluster-create", cluster: "sc1", phase: "total", durationSeconds: 540, outcome: "ok",
                                           budgetSeconds: 600, budgetSource: "seed 003: a standalone cluster should be up in about 10 minutes"),
                               PhaseTiming(operation: "standalone-cluster-create", cluster: "sc1", phase: "setup", durationSeconds: 700, outcome: "ok")],
                     expect: .pass),
        CheckExample("standalone cluster over its budget, made hard", spec: "{ log: sc.log, phase: total, budget: true }",
                     timings: [PhaseTiming(operation: "standalone-cluster-create", cluster: "sc1", phase: "total", durationSeconds: 750, outcome: "ok",
                                           budgetSeconds: 600, budgetSource: "seed 003: a standalone cluster should be up in about 10 minutes")],
                     expect: .fail),
        CheckExample("no budgeted phase in the log", spec: "{ log: wl1.log, budget: true }",
                     timings: [PhaseTiming(operation: "cluster-delete", cluster: "wl1", phase: "total", durationSeconds: 60, outcome: "ok")],
                     expect: .inconclusive),
    ]
}
