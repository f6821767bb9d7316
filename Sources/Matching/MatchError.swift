/// Why a pattern could not be compiled or a match could not be completed.
public struct MatchError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        /// The pattern is not valid PCRE2 syntax.
        case compile
        /// A line needed more backtracking than the match limit allows.
        case matchLimit = "match-limit"
        /// A line needed more JIT stack than is allowed.
        case stackLimit = "stack-limit"
        /// Any other error PCRE2 reported while matching.
        case matching
    }

    public var code: Code
    public var message: String
    /// For compile errors: the byte offset in the pattern where PCRE2 stopped.
    public var offset: Int?

    public init(code: Code, message: String, offset: Int? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(message) at offset \(offset)" }
        return message
    }
}
