import LogModel

/// A problem in a pattern folder: a grok file, an event rule or a phase rule, with where it is.
public struct PatternError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        case syntax, unknownPattern = "unknown-pattern", cycle, duplicate, badSample = "bad-sample"
        case badRegex = "bad-regex", badRule = "bad-rule", badType = "bad-type", io
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?
    public var hint: String?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.hint = hint
    }

    /// `path:line: message; hint`, as `tkgqa lint` prints it.
    public var description: String {
        var s = location.map { "\($0): " } ?? ""
        s += message
        if let hint { s += "; \(hint)" }
        return s
    }
}

/// Every problem found while loading a pattern folder (loading reports all of them, not just the first).
public struct PatternErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [PatternError]
    public init(_ errors: [PatternError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// The closest of `candidates` to `name` by edit distance (ties: the first in sorted order), for "did you mean" hints.
public func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    var best: (String, Int)?
    for candidate in candidates.sorted() {
        let d = editDistance(Array(name.uppercased()), Array(candidate.uppercased()))
        if d <= max(2, name.count / 3), d < (best?.1 ?? Int.max) { best = (candidate, d) }
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
