import LogModel

/// Prepares and delivers finished operations on a thread of its own while the phases of the next
/// ones are being built, in the order they were finished: the last stage of a two-thread analysis
/// (scan → build phases → prepare and deliver, e.g. render). At most a few batches of operations
/// wait, so memory stays bounded.
///
/// `prepare` and `deliver` run only on the stage's thread, one call at a time; whatever they touch
/// is read by the submitting thread only after `finish()` (which waits for the thread) — which is
/// what makes the unchecked `Sendable` sound.
final class DeliveryStage<Prepared>: @unchecked Sendable {
    /// Operations handed over together: fewer hand-overs, still a small batch.
    private static var batchSize: Int { 8 }
    private let batches = LineBatches<[Operation]?>(capacity: 8)
    private var thread: BackgroundThread?
    private var pending: [Operation] = []
    private let prepare: ([Operation]) -> Prepared
    private let deliver: (Prepared) -> Void

    init(prepare: @escaping ([Operation]) -> Prepared, deliver: @escaping (Prepared) -> Void) {
        self.prepare = prepare
        self.deliver = deliver
        thread = BackgroundThread { [self] in
            while let batch = batches.take() {
                self.deliver(self.prepare(batch))
            }
        }
    }

    /// Queues an operation (submitting thread only).
    func submit(_ op: Operation) {
        pending.append(op)
        if pending.count == Self.batchSize {
            batches.put(pending)
            pending = []
        }
    }

    /// Delivers what is still queued and waits until the stage's thread is done.
    func finish() {
        if !pending.isEmpty { batches.put(pending) }
        pending = []
        batches.put(nil)
        thread?.join()
        thread = nil
    }
}
