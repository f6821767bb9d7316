/// A recording that cannot be read: a missing folder, a file that is not JSON or YAML, a bad `meta.json`.
/// (Data a recording merely lacks is not an error: it is `Unavailable`.)
public struct ClusterStateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        case notFound = "not-found", unreadable, badFormat = "bad-format", unknownLayout = "unknown-layout", tool
    }

    public var code: Code
    public var message: String
    /// The file involved, when there is one.
    public var path: String?
    public var hint: String?

    public init(_ code: Code, _ message: String, path: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.hint = hint
    }

    /// `path: message; hint`.
    public var description: String {
        var s = path.map { "\($0): " } ?? ""
        s += message
        if let hint { s += "; \(hint)" }
        return s
    }
}
