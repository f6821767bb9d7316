import LogModel

/// The events of the message bodies the scanner remembers (`RawEvent.bodyKey`), on the side that
/// builds phases: a body seen again reuses the kind, fields and text built before (shared storage,
/// no extraction or redaction); only the line, time and header change. A body is kept on its second
/// sight, so the many bodies a log prints once (names, ids, times) are freed while still in cache
/// instead of evicting the ones that repeat. The scanning side decides the same with `BodyKeys`.
struct EventTemplates {
    /// The event first built for a body (its own line and time are those of that line), and what
    /// the phase rules make of it, worked out once for every line that repeats the body.
    final class Template {
        let event: Event
        /// What a loop reads from the body besides its text.
        let facts: LoopTracker.LineFacts
        /// What the body's kind is to the plan it was last seen in (copied out of the plan's `Kind`,
        /// so the per-line path counts no references; plans and their kinds outlive every template).
        private(set) var plan: ObjectIdentifier?
        private(set) var kindIndex = 0
        private(set) var roles: OperationPlan.Roles = []
        private(set) var loops = UnsafeBufferPointer<LoopTracker.Entry>(start: nil, count: 0)

        init(_ event: Event) {
            self.event = event
            facts = LoopTracker.LineFacts(event)
        }

        /// Copies what the body's kind is to `plan` (when `plan` is not the one seen last).
        @inline(never) func resolve(in plan: OperationPlan) {
            let kind = plan.kind(event.kind)
            self.plan = ObjectIdentifier(plan)
            kindIndex = kind.index
            roles = kind.roles
            loops = kind.loops
        }
    }
    fileprivate static let slots = 4096
    private var keys = BodyKeys()
    private var templates = [Template?](repeating: nil, count: slots)

    /// The event remembered under `key`, if any.
    @inline(__always) func template(_ key: UInt64) -> Template? {
        keys.isRemembered(key) ? templates[BodyKeys.slot(key)] : nil
    }

    /// Takes note of an event built for a body that was not remembered (keeping it on second sight,
    /// or at once when `eager`: a poll's body).
    @inline(__always) mutating func built(_ event: Event, key: UInt64, eager: Bool) {
        if keys.built(key, eager: eager) { templates[BodyKeys.slot(key)] = Template(event) }
    }
}

/// Which bodies `EventTemplates` holds, as keys only: the scanning side keeps this mirror to decide,
/// without touching the events, which lines it can hand over as "remembered" (both sides see the
/// same keys in the same order, so they agree).
struct BodyKeys {
    private var keys = [UInt64](repeating: 0, count: EventTemplates.slots)
    private var seenOnce = [UInt64](repeating: 0, count: EventTemplates.slots)

    @inline(__always) static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: key) & (EventTemplates.slots - 1) }

    @inline(__always) func isRemembered(_ key: UInt64) -> Bool {
        key != 0 && keys[Self.slot(key)] == key
    }

    /// An event was built for `key` (not remembered): true when it is now to be kept — on its
    /// second sight, or on its first when `eager`.
    @inline(__always) mutating func built(_ key: UInt64, eager: Bool) -> Bool {
        guard key != 0 else { return false }
        let slot = Self.slot(key)
        if !eager && seenOnce[slot] != key {
            seenOnce[slot] = key
            return false
        }
        keys[slot] = key
        return true
    }
}
