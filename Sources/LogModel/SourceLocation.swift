/// Where a piece of evidence sits: a file (as given on the command line) and a 1-based line number.
public struct SourceLocation: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }

    /// Becomes `other`, touching the file name's reference count only when the file changes (the
    /// per-line paths move locations forward within one file).
    @inline(__always)
    public mutating func move(to other: SourceLocation) {
        if file == other.file { line = other.line } else { self = other }
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line) < (b.file, b.line)
    }
}
