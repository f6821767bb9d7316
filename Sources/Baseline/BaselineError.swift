import LogModel

/// Why the history or a run file could not be used. Every case means "could not evaluate" (exit 2).
///
/// Messages are lowercase, quote the bad value and end with a remedy where one is known.
public struct BaselineError: Error, Sendable, CustomStringConvertible, Equatable {
    /// What went wrong, for callers that branch on it.
    public enum Code: String, Sendable, Equatable {
        /// The history URL names a store this build does not have.
        case unsupportedStore
        /// The history URL is malformed or unsafe (a password in a `postgres://` URL).
        case badLocation
        /// The history server could not be reached in time (refused, unknown host, timeout, TLS).
        case unreachable
        /// The history server refused the user or password.
        case authentication
        /// The history URL's scheme is unknown (`foo://`).
        case unknownScheme
        /// The history file is not an SQLite database.
        case notADatabase
        /// The history file is an SQLite database of some other program.
        case foreignDatabase
        /// The history was written by a newer tkgqa (unknown migrations).
        case newerSchema
        /// The history file does not exist (read-only commands never create one).
        case missing
        /// The database failed (locked, read-only, disk full, a server error).
        case database
        /// A run or run file was written by a newer tkgqa.
        case newerRun
        /// A file is neither a timeline nor a run summary, or is malformed.
        case badInput
        /// No stored run matches the given hash or prefix.
        case runNotFound
        /// More than one stored run matches the given prefix.
        case ambiguousRun
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?
    /// The underlying error's text (SQLite's message, the JSON decoder's), when there is one.
    public var cause: String?

    public init(_ code: Code, _ message: String, location: SourceLocation? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.location = location
        self.cause = cause
    }

    public var description: String {
        var text = location.map { "\($0): " } ?? ""
        text += message
        if let cause { text += " (\(cause))" }
        return text
    }
}
