#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LogModel
import Matching
import Patterns

/// Reads a log and hands each recognised event to a sink, in order, in bounded memory.
///
/// Per line: `LineParser` finds the wrapper, header and body; the `LogClock` turns header times into
/// UTC; header-less lines after a headered record are continuations and inherit its time; the
/// `EventMatcher` finds the first matching rule; secrets are masked in what the event keeps.
public struct LogScanner: Sendable {
    public let patterns: PatternSet
    public let options: ScanOptions

    public init(patterns: PatternSet, options: ScanOptions = ScanOptions()) {
        self.patterns = patterns
        self.options = options
    }

    /// Something the scanner can tell a line observer about every record (for coverage and unknown loops).
    public struct LineInfo {
        /// The file's name, held without reference counting: observers run per line and only need
        /// the name when they keep a location.
        public unowned(unsafe) let file: FileName
        public var line: Int
        public var parsed: ParsedLine
        public var body: UnsafeRawBufferPointer
        public var time: Timestamp?
        public var matched: Bool

        /// Where the line is.
        public var location: SourceLocation { SourceLocation(file: file, line: line) }
    }

    /// The interned file name lines point at (see `LogModel.FileName`).
    public typealias FileName = LogModel.FileName

    /// Scans the file at `path` (`-` is standard input). `name` is how locations name the file.
    public func scan(path: String, name: String? = nil,
                     observe: ((LineInfo) -> Void)? = nil,
                     sink: (RawEvent) throws -> Void) throws -> ScanStats {
        let display = name ?? (path == "-" ? "<stdin>" : path)
        if path == "-" {
            return try scan(fd: 0, name: display, mtime: nil, observe: observe, sink: sink)
        }
        var st = stat()
        guard stat(path, &st) == 0 else {
            if errno == ENOENT { throw ScanError(.notFound, "\(path): no such file") }
            throw ScanError(.unreadable, "\(path): \(String(cString: strerror(errno)))")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw ScanError(.isDirectory, "\(path): is a directory, expected a log file")
        }
        let fd = try Self.openFile(path)
        defer { close(fd) }
        let mtime = Timestamp(microseconds: Int64(st.st_mtim.tv_sec) * 1_000_000)
        return try scan(fd: fd, name: display, mtime: mtime, observe: observe, sink: sink)
    }

    /// Scans an open descriptor.
    public func scan(fd: Int32, name: String, mtime: Timestamp?,
                     observe: ((LineInfo) -> Void)? = nil,
                     sink: (RawEvent) throws -> Void) throws -> ScanStats {
        let reader = LineReader(fd: fd, chunkSize: options.chunkSize, maxLineBytes: options.maxLineBytes)
        var stats = ScanStats(file: name)
        let head = try reader.peek(atLeast: options.probeBytes)
        try Self.rejectBinary(head, name: name)
        stats.clock = clock(for: head, mtime: mtime, stats: &stats)
        let processor = LineProcessor(patterns: patterns, name: name, clock: stats.clock, anchor: stats.anchor, sample: head)
        try reader.forEachLine { line in
            try processor.process(line.bytes, number: line.number, observe: observe, sink: sink)
            return true
        }
        processor.merge(into: &stats)
        stats.bytes = reader.bytesRead
        stats.truncatedLines = reader.truncatedLines
        return stats
    }

    /// What scanning a regular file in parts needs from its head, decided once: its clock and
    /// anchor, the sample the matcher picks its literals from, and its size.
    public struct FileHead: Sendable {
        public var clock: LogClock
        public var anchor: Timestamp?
        public var sample: [UInt8]
        public var size: Int64
    }

    /// Reads the head of the regular file at `path` (nil for standard input, a pipe or a device,
    /// which can only be read once, front to back). Throws as `scan` does for a missing, unreadable
    /// or binary file.
    public func head(path: String, name: String) throws -> FileHead? {
        guard path != "-" else { return nil }
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = try Self.openFile(path)
        defer { close(fd) }
        let reader = LineReader(fd: fd, chunkSize: options.chunkSize, maxLineBytes: options.maxLineBytes)
        let head = try reader.peek(atLeast: options.probeBytes)
        try Self.rejectBinary(head, name: name)
        var stats = ScanStats(file: name)
        let mtime = Timestamp(microseconds: Int64(st.st_mtim.tv_sec) * 1_000_000)
        let clock = clock(for: head, mtime: mtime, stats: &stats)
        return FileHead(clock: clock, anchor: stats.anchor, sample: Array(head), size: Int64(st.st_size))
    }

    /// The matcher a whole scan of the file `head` was read from would use (literals chosen from
    /// the same sample), for `processor(for:name:matcher:)`.
    public func matcher(for head: FileHead) -> EventMatcher {
        head.sample.withUnsafeBytes { EventMatcher(rules: patterns.events, sample: $0) }
    }

    /// A line processor for a part of the file `head` was read from (same clock and matcher as a
    /// whole scan), sharing `matcher` and, when given, `scratch` (one of each per thread).
    public func processor(for head: FileHead, name: String, matcher: EventMatcher, scratch: EventMatcher.Scratch? = nil) -> LineProcessor {
        LineProcessor(matcher: matcher, scratch: scratch, name: name, clock: head.clock, anchor: head.anchor)
    }

    /// Scans the file at `path` from byte `start` (a line start), numbering lines from 1 there, with
    /// `processor` (fresh, from `processor(for:name:matcher:)`). `proceed` is asked before the first
    /// line, before every 4096th, and before the first line at or past the offset it last returned;
    /// it gets the line's byte offset and number, and returns nil to stop the scan there (the line is
    /// not processed) or the next offset it wants to see. Returns the number of the last line processed.
    public func scanPart(path: String, from start: Int64, processor: LineProcessor,
                         observe: ((LineInfo) -> Void)?, proceed: (_ offset: Int64, _ number: Int) -> Int64?,
                         sink: (RawEvent) throws -> Void) throws -> Int {
        let fd = try Self.openFile(path, at: start)
        defer { close(fd) }
        let reader = LineReader(fd: fd, chunkSize: options.chunkSize, maxLineBytes: options.maxLineBytes, origin: start)
        var last = 0
        var watch = start
        try reader.forEachLine { line in
            if line.offset >= watch || line.number & 0xFFF == 0 {
                guard let next = proceed(line.offset, line.number) else { return false }
                watch = next
            }
            try processor.process(line.bytes, number: line.number, observe: observe, sink: sink)
            last = line.number
            return true
        }
        return last
    }

    /// Opens the file at `path` for reading, positioned at byte `offset`; the caller closes it.
    public static func openFile(_ path: String, at offset: Int64 = 0) throws(ScanError) -> Int32 {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ScanError(.unreadable, "\(path): cannot open: \(String(cString: strerror(errno)))") }
        guard offset == 0 || lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ScanError(.io, "\(path): cannot seek to byte \(offset): \(reason)")
        }
        return fd
    }

    /// Decides the year and UTC offset for this log (see `LogClock`).
    func clock(for head: UnsafeRawBufferPointer, mtime: Timestamp?, stats: inout ScanStats) -> LogClock {
        let found = AnchorProbe.probe(head)
        stats.anchor = found.oldCLIStart
        var clock = LogClock()
        if let year = found.year {
            clock.referenceYear = year
            clock.referenceMonth = found.referenceMonth ?? 6
            clock.yearSource = found.source ?? "log"
        } else if let year = options.year {
            clock.referenceYear = year
            clock.referenceMonth = 6
            clock.yearSource = "--year"
        } else if let mtime {
            let c = mtime.civil
            clock.referenceYear = c.year
            clock.referenceMonth = c.month
            clock.yearSource = "file mtime"
        }
        if let offset = found.utcOffsetSeconds {
            clock.utcOffsetSeconds = offset
            clock.offsetSource = found.source ?? "log"
        } else if let offset = options.utcOffsetSeconds {
            clock.utcOffsetSeconds = offset
            clock.offsetSource = "--tz"
        }
        return clock
    }

    static let binaryMagic: [([UInt8], String)] = [
        ([0x7F, 0x45, 0x4C, 0x46], "an ELF executable"), ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "xz-compressed data"),
        ([0x50, 0x4B, 0x03, 0x04], "a zip archive"), ([0x42, 0x5A, 0x68], "bzip2-compressed data"),
        ([0x28, 0xB5, 0x2F, 0xFD], "zstd-compressed data"), ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
    ]

    /// Bytes that are not part of a valid UTF-8 sequence.
    static func invalidUTF8Bytes(_ b: UnsafeRawBufferPointer) -> Int {
        var invalid = 0
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            let length = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0
            if length == 0 || i + length > n { invalid += 1; i += 1; continue }
            var ok = true
            for k in 1..<length where b[i + k] & 0xC0 != 0x80 { ok = false; break }
            if ok { i += length } else { invalid += 1; i += 1 }
        }
        return invalid
    }

    /// A file whose head is mostly NUL or control bytes, invalid UTF-8 or a known binary format is
    /// not a log; gzip gets its own hint.
    static func rejectBinary(_ head: UnsafeRawBufferPointer, name: String) throws(ScanError) {
        guard !head.isEmpty else { return }
        if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B {
            throw ScanError(.binary, "\(name): gzip-compressed input; decompress it first, e.g. `gunzip -c \(name) | tkgqa events -`")
        }
        let sample = min(head.count, 64 * 1024)
        var control = 0
        for i in 0..<sample {
            let c = head[i]
            if c == 0 || (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x1B && c != 0x0C) { control += 1 }
        }
        if control * 10 > sample {
            throw ScanError(.binary, "\(name): binary data (\(control * 100 / sample)% control bytes in the first \(sample) bytes), expected a text log")
        }
        let head8 = Array(UnsafeRawBufferPointer(rebasing: head[0..<min(head.count, 8)]))
        for (magic, what) in binaryMagic where head8.starts(with: magic) {
            throw ScanError(.binary, "\(name): \(what), expected a text log")
        }
        let invalid = invalidUTF8Bytes(UnsafeRawBufferPointer(rebasing: head[0..<sample]))
        if invalid * 10 > sample {
            throw ScanError(.binary, "\(name): binary data (\(invalid * 100 / sample)% of the first \(sample) bytes are not UTF-8 text), expected a text log")
        }
    }
}
