import ClusterState

/// Partial-object matching, as chainsaw and kuttl assert: every key of the expected object must be in
/// the actual one with a matching value; list items must each match a distinct actual item; scalars
/// compare by text (`3` matches `"3"`); an expected `""` or `null` also matches a missing key.
public enum PartialMatch {
    /// One line per mismatch, `path: expected X, found Y`; empty when the object matches.
    public static func differences(expected: JSONValue, actual: JSONValue?, path: String = "") -> [String] {
        let here = path.isEmpty ? "(object)" : path
        switch expected {
        case .object(let members):
            guard let actualMembers = actual?.object else {
                return ["\(here): expected an object, found \(describe(actual))"]
            }
            var out: [String] = []
            for key in members.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                out += differences(expected: members[key]!, actual: actualMembers[key], path: child)
            }
            return out
        case .array(let items):
            guard var remaining = actual?.array else {
                return ["\(here): expected a list, found \(describe(actual))"]
            }
            var out: [String] = []
            for (i, item) in items.enumerated() {
                if let index = remaining.firstIndex(where: { differences(expected: item, actual: $0).isEmpty }) {
                    remaining.remove(at: index)
                } else {
                    out.append("\(path)[\(i)]: no item matches \(item.compactJSON)")
                }
            }
            return out
        case .null:
            if actual == nil || actual == .null || actual == .string("") { return [] }
            return ["\(here): expected nothing, found \(describe(actual))"]
        default:
            if expected == .string(""), actual == nil || actual == .null { return [] }
            guard let actual else { return ["\(here): expected \(describe(expected)), found nothing"] }
            if scalarText(expected) == scalarText(actual) { return [] }
            if case .number(let a) = expected, case .number(let b) = actual, Double(a) == Double(b) { return [] }
            return ["\(here): expected \(describe(expected)), found \(describe(actual))"]
        }
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let s): return s
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    static func describe(_ value: JSONValue?) -> String {
        guard let value else { return "nothing" }
        let text = value.compactJSON
        return text.count > 80 ? String(text.prefix(77)) + "..." : text
    }
}
