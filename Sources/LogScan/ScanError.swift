import LogModel

/// Why a log could not be read: the input, not its contents (bad lines are counted, never thrown).
public struct ScanError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: String, Sendable {
        case notFound = "not-found", isDirectory = "is-directory", unreadable, binary, io
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + message
    }
}
