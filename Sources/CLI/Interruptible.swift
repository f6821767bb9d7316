import Dispatch
import Foundation

/// What an interruptible run produced, and whether Ctrl-C cut it short.
struct Interruptible<T> {
    var value: T
    var interrupted: Bool
}

/// Runs async work from a synchronous command (the root command is not async). Ctrl-C cancels the
/// work, which then returns what it has (a partial report); a second Ctrl-C exits at once with 130.
func runInterruptibly<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> Interruptible<T> {
    let box = InterruptBox<T>()
    let done = DispatchSemaphore(value: 0)
    let task = Task {
        box.value = await body()
        done.signal()
    }
    signal(SIGINT, SIG_IGN)
    let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
    source.setEventHandler {
        if box.markInterrupted() { task.cancel() } else { exit(130) }
    }
    source.resume()
    done.wait()
    source.cancel()
    signal(SIGINT, SIG_DFL)
    return Interruptible(value: box.value!, interrupted: box.wasInterrupted)
}

private final class InterruptBox<T>: @unchecked Sendable {
    var value: T?
    private let lock = NSLock()
    private var interrupted = false

    /// `true` the first time.
    func markInterrupted() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if interrupted { return false }
        interrupted = true
        return true
    }

    var wasInterrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return interrupted
    }
}
