import Dispatch
import class Foundation.Thread

/// Runs a long job that blocks (a scan, a pipeline stage, a segment worker) on a thread of its own.
///
/// Not on a Dispatch global queue: its worker pool is about as large as the core count, so two
/// long jobs there can keep a third from starting until one ends — which turns a pipeline back into
/// one thread at a time.
final class BackgroundThread: Sendable {
    private let finished = DispatchSemaphore(value: 0)

    /// Starts `job` at once on a new thread.
    init(_ job: @escaping @Sendable () -> Void) {
        let finished = self.finished
        let thread = Thread {
            job()
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Waits until the job has returned (call once).
    func join() {
        finished.wait()
    }
}
