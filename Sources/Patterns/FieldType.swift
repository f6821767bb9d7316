import LogModel

/// The type named in `%{NAME:field:type}`; converts captured text into a `FieldValue`.
public enum FieldType: String, Sendable, CaseIterable {
    case string, int, float, duration

    /// Converts captured text, or nil when it does not parse as this type.
    public func convert(_ text: Substring) -> FieldValue? {
        switch self {
        case .string: return .string(String(text))
        case .int: return Int(text).map(FieldValue.int)
        case .float: return Double(text).map(FieldValue.float)
        case .duration: return GoDuration.seconds(text).map(FieldValue.duration)
        }
    }
}

/// Go's `time.Duration.String()` format: `1h2m3.5s`, `850ms`, `12.3s`, `2m0s`, `1.5µs`.
public enum GoDuration {
    /// The duration in seconds, or nil when `text` is not a Go duration.
    public static func seconds(_ text: Substring) -> Double? {
        var rest = text[...]
        var negative = false
        if rest.first == "-" { negative = true; rest = rest.dropFirst() }
        if rest == "0" { return 0 }
        var total = 0.0
        var sawUnit = false
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !$0.isNumber && $0 != "." }
            rest = rest.dropFirst(unit.count)
            let scale: Double
            switch unit {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 1e-3
            case "us", "µs", "μs": scale = 1e-6
            case "ns": scale = 1e-9
            default: return nil
            }
            total += value * scale
            sawUnit = true
        }
        guard sawUnit else { return nil }
        return negative ? -total : total
    }
}
