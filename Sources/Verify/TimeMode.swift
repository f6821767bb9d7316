/// When a check must hold: `now` (once), `within` a deadline (poll until it passes), or `for` a span
/// (it must hold at every poll). On a recording there is one instant, so every mode is evaluated once
/// and the result says so.
public enum TimeMode: Sendable, Hashable, CustomStringConvertible {
    case now
    case within(SpecDuration, every: SpecDuration?)
    case holding(for: SpecDuration, every: SpecDuration?)

    /// The poll interval when none is written.
    public static let defaultInterval = SpecDuration.seconds(10)

    /// `within 5m every 10s`.
    public var description: String {
        switch self {
        case .now: return "now"
        case .within(let d, let every): return "within \(d)" + (every.map { " every \($0)" } ?? "")
        case .holding(let d, let every): return "for \(d)" + (every.map { " every \($0)" } ?? "")
        }
    }
}

/// What a failing check means: a failure, or only a warning.
public enum Severity: String, Sendable, Hashable, CaseIterable {
    case fail
    case warn
}
