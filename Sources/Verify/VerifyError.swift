import Patterns

/// A problem with a verify spec, the role data or a recording: it stops evaluation (exit 2).
/// Failed checks are not errors; they are results.
public struct VerifyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        case syntax, unknownCheck = "unknown-check", unknownKey = "unknown-key", wrongType = "wrong-type"
        case badValue = "bad-value", badDuration = "bad-duration", unknownCluster = "unknown-cluster"
        case missingKey = "missing-key", badRoles = "bad-roles", unreadable, unsupported
    }

    public var code: Code
    public var message: String
    /// Where in the spec (`path:line:column`), when known.
    public var location: YAMLLocation?
    /// How to fix it: the allowed values, a "did you mean".
    public var hint: String?

    public init(_ code: Code, _ message: String, at location: YAMLLocation? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `path:line:column: message; hint`.
    public var description: String {
        var s = location.map { "\($0): " } ?? ""
        s += message
        if let hint { s += "; \(hint)" }
        return s
    }
}

/// The closest of `candidates` to `word`, for "did you mean" hints.
func suggestion(for word: String, in candidates: [String]) -> String? {
    var best: (String, Int)?
    for candidate in candidates {
        let d = editDistance(Array(word.lowercased()), Array(candidate.lowercased()))
        if d <= max(2, word.count / 3), d < (best?.1 ?? Int.max) { best = (candidate, d) }
    }
    return best?.0
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}

/// `allowed: a, b, c` (plus `did you mean x?` when one is close).
func allowedHint(_ word: String, _ allowed: [String]) -> String {
    var hint = ""
    if let near = suggestion(for: word, in: allowed) { hint += "did you mean \(near)? " }
    return hint + "allowed: " + allowed.joined(separator: ", ")
}
