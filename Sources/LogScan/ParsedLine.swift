import LogModel

/// A clock reading without year or zone, as klog and the UI installer print it.
public struct LocalTime: Sendable, Hashable {
    public var month: Int, day: Int, hour: Int, minute: Int, second: Int, microsecond: Int
}

/// What `LineParser` recognised in one record: wrapper, header, clock and where the message body is.
public struct ParsedLine: Sendable {
    public var wrapper: LineWrapper?
    /// The wrapper's UTC time.
    public var wrapperTime: Timestamp?
    public var format: LineFormat
    /// `I`/`W`/`E`/`O`/`F` for klog, the python level name for pylog.
    public var level: String?
    /// The header's local clock reading (klog, UI installer).
    public var local: LocalTime?
    /// The message body (trimmed) as a byte range of the record.
    public var body: Range<Int>
    /// Whether the record began with indentation (before or after a wrapper).
    public var indented: Bool
    /// Where a second record glued onto this line starts, if any.
    public var gluedRecord: Int?
}
