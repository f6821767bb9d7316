import LogModel
import Patterns

/// The rules of one operation, from `patterns/phases/<operation>.yaml`: which events start and end it,
/// its ordered phases (with sub-phases keyed by a field), its polling loops and its budgets.
public struct OperationRule: Sendable {
    public var kind: String
    public var doc: String?
    /// `tanzu`/`tkg` subcommands that name this operation in a pasted prompt or a harness `CMD:` line.
    public var commands: [[String]]
    public var start: Set<String>
    public var success: Set<String>
    public var failure: EventSet
    /// The operation returns without waiting (scale, workload delete): it ends on its "accepted" event.
    public var instant: Bool
    /// Fields that name the cluster, in order of preference.
    public var clusterFields: [String]
    /// Fact name → `event-kind.field` sources.
    public var facts: [(name: String, event: String, field: String)]
    public var phases: [PhaseRule]
    public var loops: [LoopRule]
    public var budgetSeconds: Double?
    public var budgetSource: String?
    public var location: SourceLocation

    /// Every event kind this operation reacts to.
    public var vocabulary: Set<String> {
        var all = start.union(success)
        for p in phases { all.formUnion(p.vocabulary) }
        for l in loops { all.formUnion(l.vocabulary) }
        for f in facts { all.insert(f.event) }
        return all
    }
}

/// A set of event kinds given as exact ids or `prefix-*` globs.
public struct EventSet: Sendable {
    public var exact: Set<String>
    public var prefixes: [String]

    public init(_ items: [String]) {
        exact = Set(items.filter { !$0.hasSuffix("*") })
        prefixes = items.filter { $0.hasSuffix("*") }.map { String($0.dropLast()) }
    }

    public func contains(_ kind: String) -> Bool {
        exact.contains(kind) || prefixes.contains { kind.hasPrefix($0) }
    }
}

/// One phase of an operation.
public struct PhaseRule: Sendable {
    public var id: String
    public var start: Set<String>
    public var end: Set<String>
    public var fail: Set<String>
    public var children: ChildRule?
    /// The event that opens the operation does not start this phase (a banner that repeats later as
    /// the phase's own marker, like `Deleting management cluster...`).
    public var notAtOpen: Bool
    public var budgetSeconds: Double?
    public var budgetSource: String?

    var vocabulary: Set<String> {
        var all = start.union(end).union(fail)
        if let c = children { all.formUnion(c.start.union(c.end).union(c.fail)) }
        return all
    }
}

/// Sub-phases created per value of a field (one per package, one per provider).
public struct ChildRule: Sendable {
    public var key: String
    public var start: Set<String>
    public var end: Set<String>
    public var fail: Set<String>
    /// A field on the end event that carries a duration the log reports itself.
    public var reported: String?
}

/// A polling loop: which events are its polls, which fields make its state, and its budgets.
public struct LoopRule: Sendable {
    public var id: String
    public var polls: Set<String>
    /// Events that count polls without a state of their own (`cluster state is unchanged N`).
    public var counters: Set<String>
    /// Fields whose values make the state (`reason`); without them the state is the event text shape.
    public var state: [String]
    /// Fields that key concurrent runs (one per package); empty means one run at a time.
    public var key: [String]
    /// Fields whose change means progress (a replica count going up) and starts a new run.
    public var progress: [String]
    /// Events that end the run of their key (`package reconciled`).
    public var end: Set<String>
    public var intervalSeconds: Double?
    public var maxGapSeconds: Double?
    public var stuckAfterSeconds: Double
    public var timeoutSeconds: Double?

    var vocabulary: Set<String> { polls.union(counters).union(end) }
}

/// Every operation rule, loaded from the `phases/` documents of a pattern set.
public struct PhaseRuleSet: Sendable {
    public var operations: [OperationRule]
    /// The harness layer: which events are steps and commands.
    public var harnessStep: Set<String>
    public var harnessCommand: Set<String>
    /// Events that name a command in a pasted shell prompt.
    public var shellCommand: Set<String>
    /// What slow and stuck loops usually mean.
    public var diagnoses = DiagnosisRules(rules: [])

    public func operation(_ kind: String) -> OperationRule? { operations.first { $0.kind == kind } }
}
