/// Median and median absolute deviation: location and spread that a few outliers cannot move.
///
/// One 2× run in a window of 20 shifts a mean by 5% and inflates a standard deviation a lot; it
/// moves the median by at most one rank and the MAD barely.
public enum RobustStatistics {
    /// Scales a MAD to the standard deviation of a normal distribution (1 / Φ⁻¹(3/4)).
    public static let normalConsistency = 1.4826

    /// The median of `values` (the mean of the middle two for an even count); nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The median absolute deviation from the median (unscaled); nil when empty.
    public static func mad(_ values: [Double]) -> Double? {
        guard let m = median(values) else { return nil }
        return median(values.map { abs($0 - m) })
    }
}
