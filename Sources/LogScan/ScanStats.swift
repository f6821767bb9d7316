import LogModel

/// What a scan saw: counts per format, problems met and how the clock was set.
public struct ScanStats: Sendable {
    public var file: String
    public var lines = 0
    public var bytes: Int64 = 0
    public var events = 0
    /// Records per line format (a glued line counts once per record).
    public var linesByFormat: [LineFormat: Int] {
        var result: [LineFormat: Int] = [:]
        for (i, format) in LineFormat.allCases.enumerated() where formatCounts[i] > 0 { result[format] = formatCounts[i] }
        return result
    }
    /// Counts indexed by `LineFormat.allCases` order (an array, not a dictionary: this runs per line).
    var formatCounts = [Int](repeating: 0, count: LineFormat.allCases.count)
    public var wrappedLines = 0
    /// Lines longer than the reader's limit (cut, then matched).
    public var truncatedLines = 0
    /// Lines on which a rule hit the PCRE2 match or stack limit (the line yields no event from that rule).
    public var limitErrors = 0
    /// The first few limit errors, for the report.
    public var limitErrorSamples: [String] = []
    /// Message bodies looked up in the match cache, and how many were remembered (`MatchCache`).
    public var cacheLookups = 0
    public var cacheHits = 0
    public var clock = LogClock()
    /// The old CLI's run start, when its `/tmp/tkg-<timestamp>.log` name was seen.
    public var anchor: Timestamp?

    public init(file: String) { self.file = file }

    /// The format most lines have (ignoring continuation lines), for the summary.
    public var dominantFormat: LineFormat {
        linesByFormat.filter { $0.key != .continuation }.max { ($0.value, $1.key.rawValue) < ($1.value, $0.key.rawValue) }?.key ?? .plain
    }
}
