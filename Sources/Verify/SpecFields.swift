import ClusterState
import Patterns

/// The parameters of one check in a spec, read key by key with typed accessors that report
/// `path:line:column`, the expected type and the allowed values; `finish()` rejects keys no accessor asked for.
public struct SpecFields {
    /// The check id, for messages.
    public let check: String
    /// Where the parameters start.
    public let location: YAMLLocation
    private let entries: [(key: String, keyLocation: YAMLLocation, value: YAMLValue)]
    private var asked: [String] = []

    /// Wraps a mapping (or `null`, for a check without parameters).
    public init(check: String, node: YAMLValue?) throws(VerifyError) {
        self.check = check
        self.location = node?.location ?? YAMLLocation(file: "", line: 0, column: 0)
        switch node {
        case .mapping(let pairs, _)?: self.entries = pairs
        case .null?, nil: self.entries = []
        case let other?:
            throw VerifyError(.wrongType, "\(check) takes a mapping of parameters, found \(other.kindName)", at: other.location,
                              hint: "write \(check): { on: CLUSTER, ... }")
        }
    }

    /// Parses parameters written as YAML text (check examples, tests).
    public static func parse(check: String, yaml: String) throws(VerifyError) -> SpecFields {
        do {
            return try SpecFields(check: check, node: try YAMLValue.parse(yaml, path: "<example>"))
        } catch let error as VerifyError {
            throw error
        } catch {
            throw VerifyError(.syntax, "\(error)")
        }
    }

    /// The raw node under `key`.
    public mutating func node(_ key: String) -> YAMLValue? {
        if !asked.contains(key) { asked.append(key) }
        guard let value = entries.first(where: { $0.key == key })?.value else { return nil }
        if case .null = value { return nil }
        return value
    }

    /// Whether the key is written.
    public func has(_ key: String) -> Bool { entries.contains { $0.key == key } }

    /// A scalar string.
    public mutating func string(_ key: String) throws(VerifyError) -> String? {
        guard let value = node(key) else { return nil }
        guard let s = value.string else { throw wrongType(key, value, "a string") }
        return s
    }

    /// A scalar that must be one of `allowed`.
    public mutating func oneOf(_ key: String, _ allowed: [String]) throws(VerifyError) -> String? {
        guard let s = try string(key) else { return nil }
        guard allowed.contains(s) else {
            throw VerifyError(.badValue, "\(check): \(key) is \"\(s)\"", at: node(key)!.location, hint: allowedHint(s, allowed))
        }
        return s
    }

    /// A whole number.
    public mutating func int(_ key: String) throws(VerifyError) -> Int? {
        guard let value = node(key) else { return nil }
        guard let s = value.string, let n = Int(s) else { throw wrongType(key, value, "a whole number") }
        return n
    }

    /// `true` or `false`.
    public mutating func bool(_ key: String) throws(VerifyError) -> Bool? {
        guard let value = node(key) else { return nil }
        switch value.string {
        case "true"?, "True"?, "yes"?: return true
        case "false"?, "False"?, "no"?: return false
        default: throw wrongType(key, value, "true or false")
        }
    }

    /// A duration like `90s`, `5m`, `1h30m`.
    public mutating func duration(_ key: String) throws(VerifyError) -> SpecDuration? {
        guard let value = node(key) else { return nil }
        guard let s = value.string else { throw wrongType(key, value, "a duration like 90s, 5m or 1h30m") }
        guard let d = SpecDuration(parsing: s) else {
            throw VerifyError(.badDuration, "\(check): bad duration \"\(s)\" for \(key)", at: value.location,
                              hint: "write a number with a unit: s, m or h (90s, 5m, 1h30m)")
        }
        return d
    }

    /// A list of strings (a single scalar counts as a one-item list).
    public mutating func strings(_ key: String) throws(VerifyError) -> [String]? {
        guard let value = node(key) else { return nil }
        if let s = value.string { return [s] }
        guard let items = value.items else { throw wrongType(key, value, "a list of strings") }
        var out: [String] = []
        for item in items {
            guard let s = item.string else { throw wrongType(key, item, "a string") }
            out.append(s)
        }
        return out
    }

    /// A mapping of strings to strings (labels).
    public mutating func stringMap(_ key: String) throws(VerifyError) -> [String: String]? {
        guard let value = node(key) else { return nil }
        guard let entries = value.entries else { throw wrongType(key, value, "a mapping") }
        var out: [String: String] = [:]
        for entry in entries {
            guard let s = entry.value.string else { throw wrongType("\(key).\(entry.key)", entry.value, "a string") }
            out[entry.key] = s
        }
        return out
    }

    /// Nested parameters (`nodes: { role: control-plane }`), checked for unknown keys by the caller's `finish()`.
    public mutating func nested(_ key: String) throws(VerifyError) -> SpecFields? {
        guard let value = node(key) else { return nil }
        guard value.entries != nil else { throw wrongType(key, value, "a mapping") }
        return try SpecFields(check: "\(check) \(key)", node: value)
    }

    /// A partial object, as JSON-like values.
    public mutating func object(_ key: String) throws(VerifyError) -> JSONValue? {
        guard let value = node(key) else { return nil }
        guard value.entries != nil else { throw wrongType(key, value, "a mapping (a partial object)") }
        return Self.json(value)
    }

    static func json(_ value: YAMLValue) -> JSONValue {
        switch value {
        case .scalar(let s, _): return s.isEmpty ? .string("") : YAMLObjects.typed(s)
        case .null: return .null
        case .sequence(let items, _): return .array(items.map(json))
        case .mapping(let pairs, _):
            var members: [String: JSONValue] = [:]
            for pair in pairs { members[pair.key] = json(pair.value) }
            return .object(members)
        }
    }

    /// An error for a key that is required and missing.
    public func missing(_ key: String, hint: String) -> VerifyError {
        VerifyError(.missingKey, "\(check) needs \(key)", at: location, hint: hint)
    }

    /// An error about the value under `key`.
    public func invalid(_ key: String, _ message: String, hint: String? = nil) -> VerifyError {
        let at = entries.first { $0.key == key }?.value.location ?? location
        return VerifyError(.badValue, "\(check): \(message)", at: at, hint: hint)
    }

    private func wrongType(_ key: String, _ value: YAMLValue, _ expected: String) -> VerifyError {
        VerifyError(.wrongType, "\(check): \(key) must be \(expected), found \(value.kindName)\(value.string.map { " \"\($0)\"" } ?? "")",
                    at: value.location, hint: "write \(key): \(Self.example(for: expected))")
    }

    private static func example(for expected: String) -> String {
        switch expected {
        case "a whole number": return "3"
        case "true or false": return "true"
        case "a list of strings": return "[a, b]"
        case "a mapping", "a mapping (a partial object)": return "{ key: value }"
        case "a string": return "text"
        default: return "5m"
        }
    }

    /// Throws for any key that no accessor asked for, listing the allowed keys.
    public func finish() throws(VerifyError) {
        for entry in entries where !asked.contains(entry.key) {
            throw VerifyError(.unknownKey, "unknown key \"\(entry.key)\" for \(check)", at: entry.keyLocation,
                              hint: allowedHint(entry.key, asked.sorted()))
        }
    }
}
