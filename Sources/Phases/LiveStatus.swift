import LogModel

/// What a `PhaseBuilder` is in the middle of, for `tkgqa watch`.
public struct LiveStatus: Sendable, Equatable {
    /// The operation being built, if any.
    public var operation: String?
    public var cluster: String?
    public var phase: String?
    /// Operations finished so far, with their outcomes.
    public var finished: [FinishedOperation]
    public var loops: [ActiveLoop]

    public struct FinishedOperation: Sendable, Equatable {
        public var kind: String
        public var cluster: String?
        public var outcome: Outcome
        public var error: String?
        public var durationSeconds: Double?
    }

    /// A loop run still polling.
    public struct ActiveLoop: Sendable, Equatable {
        public var loop: String
        public var state: String
        public var key: String
        public var count: Int
        public var start: Timestamp?
        public var last: Timestamp?
        public var firstLine: SourceLocation
        public var stuckAfterSeconds: Double
        public var diagnosis: Diagnosis?

        /// A stable identity of this run.
        public var id: String { "\(loop)|\(key)|\(state)|\(firstLine)" }
    }
}

extension PhaseBuilder {
    /// The current state, cheap enough to take after every event.
    public func status() -> LiveStatus {
        var loops: [LiveStatus.ActiveLoop] = []
        if let op = openOperation {
            for run in op.loops.activeRuns {
                loops.append(LiveStatus.ActiveLoop(loop: run.rule.id, state: run.state, key: run.key, count: run.count,
                                                   start: run.start, last: run.lastTime, firstLine: run.firstLine,
                                                   stuckAfterSeconds: run.rule.stuckAfterSeconds,
                                                   diagnosis: rules.diagnoses.diagnose(loop: run.rule.id, state: run.state, evidence: run.evidence)))
            }
        }
        return LiveStatus(operation: openOperation?.rule.kind, cluster: openOperation?.cluster, phase: openOperation?.current?.id,
                          finished: finishedOperations.map { op in
                              var duration: Double?
                              if let s = op.start, let e = op.lastTime { duration = s.seconds(to: e) }
                              return LiveStatus.FinishedOperation(kind: op.rule.kind, cluster: op.cluster, outcome: op.outcome,
                                                                  error: op.error?.message, durationSeconds: duration)
                          },
                          loops: loops.sorted { $0.firstLine < $1.firstLine })
    }
}

extension LoopTracker {
    /// Runs still polling.
    var activeRuns: [Run] { runs.filter { !$0.ended && $0.end == nil } }
}
