import Dispatch
import Glibc
import Testing
@testable import Phases

/// The hand-over between the scanning and the phase-building thread: every batch arrives, in order,
/// and the producer never runs more than `capacity` batches ahead.
struct LineBatchesTests {
    final class Progress: @unchecked Sendable {
        private let lock = DispatchSemaphore(value: 1)
        private var value = 0
        func set(_ v: Int) { lock.wait(); value = v; lock.signal() }
        func get() -> Int { lock.wait(); defer { lock.signal() }; return value }
    }

    @Test func everyBatchArrivesInOrder() {
        let batches = LineBatches<Int>(capacity: 3)
        let count = 20_000
        DispatchQueue.global().async {
            for i in 0..<count { batches.put(i) }
        }
        var received: [Int] = []
        for _ in 0..<count { received.append(batches.take()) }
        #expect(received == Array(0..<count))
    }

    @Test func theProducerWaitsWhenCapacityBatchesAreWaiting() {
        let batches = LineBatches<Int>(capacity: 2)
        let put = Progress()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            for i in 1...5 { batches.put(i); put.set(i) }
            done.signal()
        }
        // Nothing taken yet: the producer gets two batches in, then stops (however slowly it starts).
        let deadline = ContinuousClock.now + .seconds(10)
        while put.get() < 2 && ContinuousClock.now < deadline { usleep(1000) }
        #expect(done.wait(timeout: .now() + .milliseconds(200)) == .timedOut)
        #expect(put.get() == 2)
        #expect(batches.take() == 1)
        #expect(batches.take() == 2)
        #expect(batches.take() == 3)
        #expect(batches.take() == 4)
        #expect(batches.take() == 5)
        #expect(done.wait(timeout: .now() + .seconds(10)) == .success)
    }
}
