/// Where a piece of evidence sits: a file (as given on the command line) and a 1-based line number.
///
/// The file is held as its interned `FileName`, unretained: every location of one file shares it
/// and copying a location — done per event on the hot paths, on two threads with `analyze --jobs 2`
/// — touches no reference count.
public struct SourceLocation: @unchecked Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    private var handle: Unmanaged<FileName>
    public var line: Int

    public init(file: String, line: Int) {
        handle = .passUnretained(FileName.intern(file))
        self.line = line
    }

    public init(file: FileName, line: Int) {
        handle = .passUnretained(file)
        self.line = line
    }

    /// A location in the file `file` (interned names live as long as the process).
    @inline(__always)
    public init(_ file: Unmanaged<FileName>, line: Int) {
        handle = file
        self.line = line
    }

    public var file: String {
        get { handle.takeUnretainedValue().name }
        set { handle = .passUnretained(FileName.intern(newValue)) }
    }

    /// The interned file name.
    public var fileName: FileName { handle.takeUnretainedValue() }

    public var description: String { "\(file):\(line)" }

    /// Whether the location is in `file`, by identity: no reference to the file name is counted
    /// (threads that share it would pass its count's cache line back and forth).
    @inline(__always)
    public func isIn(_ file: FileName) -> Bool {
        handle.toOpaque() == Unmanaged.passUnretained(file).toOpaque()
    }

    /// The interned file's identity (equal for locations in the same file), for caches keyed by file.
    @inline(__always)
    public var fileIdentity: UnsafeMutableRawPointer { handle.toOpaque() }

    public static func == (a: SourceLocation, b: SourceLocation) -> Bool {
        a.line == b.line && a.handle.toOpaque() == b.handle.toOpaque()
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(handle.toOpaque())
        hasher.combine(line)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        a.handle.toOpaque() == b.handle.toOpaque() ? a.line < b.line : (a.file, a.line) < (b.file, b.line)
    }

    private enum CodingKeys: String, CodingKey { case file, line }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(file: try c.decode(String.self, forKey: .file), line: try c.decode(Int.self, forKey: .line))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
    }
}
