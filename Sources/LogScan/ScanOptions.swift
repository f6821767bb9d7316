/// How to read logs: clock hints and reading limits.
public struct ScanOptions: Sendable {
    /// `--year`: the year of year-less header times when the log has no anchor.
    public var year: Int?
    /// `--tz`: the CLI host's UTC offset in seconds when the log has no anchor.
    public var utcOffsetSeconds: Int?
    /// Bytes read per `read(2)`.
    public var chunkSize: Int
    /// Longer lines are cut here (what is matched), counted, and the rest skipped.
    public var maxLineBytes: Int
    /// How much of the head of a log is searched for clock anchors before events are emitted.
    public var probeBytes: Int

    public init(year: Int? = nil, utcOffsetSeconds: Int? = nil, chunkSize: Int = 4 << 20,
                maxLineBytes: Int = 1 << 20, probeBytes: Int = 4 << 20) {
        self.year = year
        self.utcOffsetSeconds = utcOffsetSeconds
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
        self.probeBytes = probeBytes
    }
}
