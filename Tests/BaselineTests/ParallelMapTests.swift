import Foundation
import Testing
@testable import Baseline

@Suite struct ParallelMapTests {
    struct Odd: Error {}

    @Test func keepsOrderAndPerItemErrors() async {
        let results = await parallelMap(Array(0..<100), maxConcurrency: 3) { n -> Int in
            if n % 2 == 1 { throw Odd() }
            return n * n
        }
        #expect(results.count == 100)
        for (n, r) in results.enumerated() {
            switch r {
            case .success(let v): #expect(n % 2 == 0 && v == n * n)
            case .failure: #expect(n % 2 == 1)
            }
        }
    }

    @Test func neverRunsMoreThanAskedAndReportsProgress() async {
        final class Counter: @unchecked Sendable {
            let lock = NSLock()
            var running = 0, peak = 0, done = 0
        }
        let c = Counter()
        _ = await parallelMap(Array(0..<20), maxConcurrency: 2, progress: { n in c.lock.lock(); c.done = max(c.done, n); c.lock.unlock() }) { _ in
            c.lock.lock(); c.running += 1; c.peak = max(c.peak, c.running); c.lock.unlock()
            usleep(2000)
            c.lock.lock(); c.running -= 1; c.lock.unlock()
        }
        #expect(c.peak <= 2)
        #expect(c.done == 20)
    }
}
