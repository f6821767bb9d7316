/// A typed value captured from a log line by a `%{NAME:field:type}` grok reference.
public enum FieldValue: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case int(Int)
    case float(Double)
    /// A Go-style duration (`1m5.2s`), in seconds.
    case duration(Double)

    public var description: String {
        switch self {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .float(let f): return String(f)
        case .duration(let d): return String(d) + "s"
        }
    }

    /// The value as text (strings as they are, numbers formatted).
    public var text: String {
        if case .string(let s) = self { return s }
        return description
    }

    /// The value as a number of seconds or a plain number, when it is numeric.
    public var number: Double? {
        switch self {
        case .string(let s): return Double(s)
        case .int(let i): return Double(i)
        case .float(let f), .duration(let f): return f
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) { self = .int(i); return }
        if let d = try? c.decode(Double.self) { self = .float(d); return }
        self = .string(try c.decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let s): try c.encode(s)
        case .int(let i): try c.encode(i)
        case .float(let f), .duration(let f): try c.encode(f)
        }
    }
}
