/// The outcome of one verify check on one cluster.
///
/// `inconclusive` means the data needed was not there (a kind not captured, forbidden, an unreachable
/// cluster): it is never reported as pass or fail. The cases are ordered from best to worst so the
/// outcome of a check made of several assertions is the `max` of theirs.
public enum CheckOutcome: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case pass
    case skipped
    case warn
    case inconclusive
    case fail

    private var rank: Int {
        switch self {
        case .pass: return 0
        case .skipped: return 1
        case .warn: return 2
        case .inconclusive: return 3
        case .fail: return 4
        }
    }

    public static func < (a: CheckOutcome, b: CheckOutcome) -> Bool { a.rank < b.rank }
}
