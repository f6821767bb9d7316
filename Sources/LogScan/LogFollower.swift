#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Follows a log that is still being written, like `tail -F`: waits for the file to appear, reads
/// what is appended, starts over when the file is truncated, reopens it when it is replaced
/// (rotation), and hands out complete lines. `-` follows standard input until it ends.
public final class LogFollower {
    public let path: String
    /// How long to sleep when there is nothing new (the latency bound of `watch`).
    public let pollInterval: Double
    private var fd: Int32 = -1
    private var inode: UInt = 0
    private var offset: Int64 = 0
    private var pending: [UInt8] = []
    private var lineNumber = 0
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    public private(set) var ended = false
    /// Lines longer than this are cut (the rest of the line is dropped).
    public let maxLineBytes: Int
    /// Events the follower noticed (`truncated`, `rotated`, `waiting`), for the watch output.
    public private(set) var notices: [String] = []

    public init(path: String, pollInterval: Double = 0.1, maxLineBytes: Int = 1 << 20) {
        self.path = path
        self.pollInterval = pollInterval
        self.maxLineBytes = maxLineBytes
        if path == "-" { fd = 0 }
    }

    deinit { if fd > 0 { close(fd) } }

    /// Reads what is available now and calls `line` for each complete line; returns false when
    /// nothing was read (the caller sleeps `pollInterval` or does its timer work).
    public func poll(_ line: (UnsafeRawBufferPointer, Int) throws -> Void) throws -> Bool {
        takeNotices()
        if fd < 0 && !openFile() { return false }
        if path == "-" {
            var p = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
            if Glibc.poll(&p, 1, Int32(pollInterval * 1000)) <= 0 { return false }
        }
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n > 0 {
            offset += Int64(n)
            try split(count: n, line)
            return true
        }
        if n == 0 && path == "-" {
            ended = true
            try flushPartial(line)
            return false
        }
        if n < 0 && errno != EINTR && errno != EAGAIN { throw ScanError(.io, "\(path): read failed: \(String(cString: strerror(errno)))") }
        checkReplacedOrTruncated()
        return false
    }

    /// Hands out a final line that has no newline (at the end of stdin, or on Ctrl-C).
    public func flushPartial(_ line: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        guard !pending.isEmpty else { return }
        lineNumber += 1
        let bytes = pending
        pending.removeAll()
        try bytes.withUnsafeBytes { try line($0, lineNumber) }
    }

    private var queued: [String] = []
    private func note(_ s: String) { queued.append(s) }
    private func takeNotices() { notices = queued; queued.removeAll() }

    private func openFile() -> Bool {
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { return false }
        var st = stat()
        fstat(opened, &st)
        if (st.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            return false
        }
        fd = opened
        inode = UInt(st.st_ino)
        offset = 0
        return true
    }

    private func checkReplacedOrTruncated() {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return }
        if Int64(st.st_size) < offset {
            note("\(path) was truncated; reading it from the start")
            lseek(fd, 0, SEEK_SET)
            offset = 0
            pending.removeAll()
            return
        }
        var now = stat()
        if stat(path, &now) == 0, UInt(now.st_ino) != inode {
            note("\(path) was replaced (rotated); following the new file")
            close(fd)
            fd = -1
            pending.removeAll()
            _ = openFile()
        }
    }

    private func split(count: Int, _ line: (UnsafeRawBufferPointer, Int) throws -> Void) throws {
        var start = 0
        for i in 0..<count where buffer[i] == 0x0A {
            pending.append(contentsOf: buffer[start..<i])
            if pending.last == 0x0D { pending.removeLast() }
            lineNumber += 1
            if pending.count > maxLineBytes { pending.removeLast(pending.count - maxLineBytes) }
            let bytes = pending
            pending.removeAll(keepingCapacity: true)
            try bytes.withUnsafeBytes { try line($0, lineNumber) }
            start = i + 1
        }
        if start < count {
            pending.append(contentsOf: buffer[start..<count])
            if pending.count > maxLineBytes * 2 { pending.removeLast(pending.count - maxLineBytes) }
        }
    }
}
