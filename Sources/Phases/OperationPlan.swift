import LogModel

/// What one operation rule makes of each event kind, worked out the first time the kind is seen and
/// shared by every operation of that rule: the per-event path tests bits instead of looking the kind
/// up in a dozen sets, and a new operation starts with nothing to rebuild.
final class OperationPlan {
    /// The roles of an event kind in the operation as a whole.
    struct Roles: OptionSet {
        let rawValue: UInt16
        /// In the rule's vocabulary or one of its failures: the operation consumes it.
        static let handled = Roles(rawValue: 1 << 0)
        /// Only feeds loops (no phase, fact, end or harness role): the cheap path.
        static let loopOnly = Roles(rawValue: 1 << 1)
        /// Starts some phase.
        static let phaseStart = Roles(rawValue: 1 << 2)
        /// A fact is read from it.
        static let fact = Roles(rawValue: 1 << 3)
        static let failure = Roles(rawValue: 1 << 4)
        static let success = Roles(rawValue: 1 << 5)
        /// A poll or counter of some loop.
        static let loopEvent = Roles(rawValue: 1 << 6)
        /// One of the events that open the operation.
        static let opensOperation = Roles(rawValue: 1 << 7)
    }

    /// What an event kind is to one phase rule.
    struct PhaseRoles: OptionSet {
        let rawValue: UInt8
        static let start = PhaseRoles(rawValue: 1 << 0)
        static let end = PhaseRoles(rawValue: 1 << 1)
        static let fail = PhaseRoles(rawValue: 1 << 2)
        /// Starts, ends or fails a sub-phase of the phase.
        static let child = PhaseRoles(rawValue: 1 << 3)
        /// Which of the three, for the sub-phase.
        static let childStart = PhaseRoles(rawValue: 1 << 4)
        static let childEnd = PhaseRoles(rawValue: 1 << 5)
        static let childFail = PhaseRoles(rawValue: 1 << 6)
    }

    /// One event kind's plan.
    final class Kind {
        /// Dense per rule, for per-operation arrays.
        let index: Int
        let roles: Roles
        /// By phase rule index.
        let phases: [PhaseRoles]
        /// What the kind is to each loop rule: owned by the kind, so that a line of a remembered
        /// body reaches them without counting references (`EventTemplates.Template`).
        let loops: UnsafeBufferPointer<LoopTracker.Entry>

        init(index: Int, roles: Roles, phases: [PhaseRoles], loops: LoopTracker.Entries) {
            self.index = index
            self.roles = roles
            self.phases = phases
            let storage = UnsafeMutableBufferPointer<LoopTracker.Entry>.allocate(capacity: loops.count)
            _ = storage.initialize(from: loops)
            self.loops = UnsafeBufferPointer(storage)
        }

        deinit { loops.deallocate() }
    }

    let rule: OperationRule
    let loopPlans: LoopTracker.Plans
    /// Per phase rule, the index of the first phase rule with its id (phases of one id start once).
    let firstWithID: [Int]
    private let vocabulary: Set<String>
    private let loopOnlyKinds: Set<String>
    private let factKinds: Set<String>
    private var kinds = KindTable<Kind>()
    private var known = 0

    /// `harnessKinds`: the harness step, command and shell-prompt kinds, which are never loop-only.
    init(rule: OperationRule, harnessKinds: Set<String>) {
        self.rule = rule
        vocabulary = rule.vocabulary
        var phaseKinds = rule.start.union(rule.success)
        for p in rule.phases { phaseKinds.formUnion(p.vocabulary) }
        for f in rule.facts { phaseKinds.insert(f.event) }
        var loopKinds = Set<String>()
        for l in rule.loops { loopKinds.formUnion(l.polls.union(l.counters)) }
        loopOnlyKinds = loopKinds.subtracting(phaseKinds).filter { !rule.failure.contains($0) && !harnessKinds.contains($0) }
        factKinds = Set(rule.facts.map(\.event))
        loopPlans = LoopTracker.Plans(rules: rule.loops)
        firstWithID = rule.phases.map { p in rule.phases.firstIndex { $0.id == p.id }! }
    }

    /// The plan of `name`.
    @inline(__always) func kind(_ name: String) -> Kind {
        kinds.value(for: name, derive)
    }

    private func derive(_ name: String) -> Kind {
        var roles: Roles = []
        if vocabulary.contains(name) || rule.failure.contains(name) { roles.insert(.handled) }
        if loopOnlyKinds.contains(name) { roles.insert(.loopOnly) }
        if rule.phases.contains(where: { $0.start.contains(name) }) { roles.insert(.phaseStart) }
        if factKinds.contains(name) { roles.insert(.fact) }
        if rule.failure.contains(name) { roles.insert(.failure) }
        if rule.success.contains(name) { roles.insert(.success) }
        if rule.loops.contains(where: { $0.polls.contains(name) || $0.counters.contains(name) }) { roles.insert(.loopEvent) }
        if rule.start.contains(name) { roles.insert(.opensOperation) }
        let phases = rule.phases.map { p -> PhaseRoles in
            var r: PhaseRoles = []
            if p.start.contains(name) { r.insert(.start) }
            if p.end.contains(name) { r.insert(.end) }
            if p.fail.contains(name) { r.insert(.fail) }
            if let c = p.children {
                if c.start.contains(name) { r.formUnion([.child, .childStart]) }
                if c.end.contains(name) { r.formUnion([.child, .childEnd]) }
                if c.fail.contains(name) { r.formUnion([.child, .childFail]) }
            }
            return r
        }
        defer { known += 1 }
        return Kind(index: known, roles: roles, phases: phases, loops: loopPlans.entries(name))
    }
}
