import Testing
@testable import Baseline

@Suite struct RobustStatisticsTests {
    @Test func medianOddEvenEmpty() {
        #expect(RobustStatistics.median([3, 1, 2]) == 2)
        #expect(RobustStatistics.median([4, 1, 3, 2]) == 2.5)
        #expect(RobustStatistics.median([]) == nil)
    }

    @Test func madIgnoresOneOutlier() {
        let values: [Double] = [100, 102, 98, 101, 99, 100, 1000]
        #expect(RobustStatistics.median(values) == 100)
        #expect(RobustStatistics.mad(values) == 1)
    }

    @Test func madOfConstantIsZero() {
        #expect(RobustStatistics.mad([5, 5, 5]) == 0)
    }
}
