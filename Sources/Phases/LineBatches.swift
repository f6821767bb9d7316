import Dispatch

/// A bounded hand-over of batches from one producing thread to one consuming thread, in order.
///
/// `Analyzer` scans on one thread and builds phases on another (and `tkgqa analyze` renders the
/// finished operations on a third); at most `capacity` batches wait between two of them, so memory
/// stays bounded whatever the log's size, and a slow side holds the other back. The semaphores
/// order every slot's write before its read (one producer, one consumer).
final class LineBatches<Batch: Sendable>: @unchecked Sendable {
    private var slots: [Batch?]
    private var head = 0
    private var tail = 0
    private let free: DispatchSemaphore
    private let filled = DispatchSemaphore(value: 0)

    init(capacity: Int) {
        slots = Array(repeating: nil, count: capacity)
        free = DispatchSemaphore(value: capacity)
    }

    /// Hands over a batch, waiting while `capacity` batches are waiting already (producer only).
    func put(_ batch: Batch) {
        free.wait()
        slots[head] = batch
        head = (head + 1) % slots.count
        filled.signal()
    }

    /// The next batch, waiting for one (consumer only).
    func take() -> Batch {
        filled.wait()
        let batch = slots[tail]!
        slots[tail] = nil
        tail = (tail + 1) % slots.count
        free.signal()
        return batch
    }
}
