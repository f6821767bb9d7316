import Yams

/// Turns YAML documents into `JSONValue`s with JSON-like typing (plain `true`/`false` are booleans,
/// plain numerals are numbers, `null`/`~` is null, everything else — including timestamps — a string).
public enum YAMLObjects {
    /// Parses every document of a YAML stream (`---` separated).
    public static func parseAll(_ text: String) throws -> [JSONValue] {
        var values: [JSONValue] = []
        for node in try Yams.compose_all(yaml: text) {
            values.append(convert(node))
        }
        return values
    }

    /// Converts a composed YAML node.
    public static func convert(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            guard scalar.style == .plain else { return .string(scalar.string) }
            return typed(scalar.string)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, value) in mapping { members[key.string ?? "\(key)"] = convert(value) }
            return .object(members)
        case .sequence(let sequence):
            return .array(sequence.map(convert))
        case .alias:
            return .null
        }
    }

    /// The JSON value of a plain YAML scalar.
    public static func typed(_ s: String) -> JSONValue {
        switch s {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if isNumber(s) { return .number(s) }
        return .string(s)
    }

    private static func isNumber(_ s: String) -> Bool {
        var chars = Substring(s)
        if chars.first == "-" || chars.first == "+" { chars = chars.dropFirst() }
        guard let first = chars.first, first.isASCII, first.isNumber else { return false }
        if chars.count > 1, first == "0", chars.dropFirst().first?.isNumber == true { return false }
        var seenDot = false, seenExp = false
        var previous: Character = first
        for c in chars.dropFirst() {
            if c.isASCII, c.isNumber { previous = c; continue }
            if c == ".", !seenDot, !seenExp { seenDot = true; previous = c; continue }
            if c == "e" || c == "E", !seenExp { seenExp = true; previous = c; continue }
            if (c == "-" || c == "+"), previous == "e" || previous == "E" { previous = c; continue }
            return false
        }
        return previous.isNumber || previous == "."
    }
}
