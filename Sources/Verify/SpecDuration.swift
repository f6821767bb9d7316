/// A duration written in a spec: `90s`, `5m`, `1h30m`. Whole seconds; printed canonically.
public struct SpecDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var seconds: Int

    public init(seconds: Int) { self.seconds = seconds }

    public static func seconds(_ n: Int) -> SpecDuration { SpecDuration(seconds: n) }
    public static func minutes(_ n: Int) -> SpecDuration { SpecDuration(seconds: n * 60) }
    public static func hours(_ n: Int) -> SpecDuration { SpecDuration(seconds: n * 3600) }

    /// Parses `90s`, `5m`, `1h30m`, `2h`; `nil` for anything else (a bare number has no unit).
    public init?(parsing text: String) {
        var total = 0
        var digits = ""
        var sawUnit = false
        for c in text {
            if c.isASCII, c.isNumber { digits.append(c); continue }
            guard let n = Int(digits) else { return nil }
            switch c {
            case "h": total += n * 3600
            case "m": total += n * 60
            case "s": total += n
            default: return nil
            }
            digits = ""
            sawUnit = true
        }
        guard sawUnit, digits.isEmpty else { return nil }
        self.seconds = total
    }

    /// `1h30m`, `5m`, `45s`, `0s`.
    public var description: String {
        if seconds == 0 { return "0s" }
        var s = ""
        let h = seconds / 3600, m = seconds % 3600 / 60, sec = seconds % 60
        if h > 0 { s += "\(h)h" }
        if m > 0 { s += "\(m)m" }
        if sec > 0 { s += "\(sec)s" }
        return s
    }

    public static func < (a: SpecDuration, b: SpecDuration) -> Bool { a.seconds < b.seconds }
}
