#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One line handed out by `LineReader`: its bytes without the line terminator (LF or CRLF), valid only
/// during the callback, its 1-based number and where it starts in the file.
public struct Line {
    public var bytes: UnsafeRawBufferPointer
    public var number: Int
    /// The byte offset of its first byte in the file (the reader's `origin` plus what it read before).
    public var offset: Int64
    /// The line was longer than the reader's `maxLineBytes`; `bytes` holds its first part only.
    public var truncated: Bool
}

/// Streams lines out of a file descriptor in large chunks, in bounded memory.
///
/// One buffer is reused for the whole file, so memory stays at about `chunkSize + maxLineBytes` whatever
/// the file size. LF and CRLF endings, a missing final newline, NUL bytes and invalid UTF-8 all pass
/// through unchanged; a line longer than `maxLineBytes` is cut there (the rest is skipped and counted).
public final class LineReader {
    public let chunkSize: Int
    public let maxLineBytes: Int
    private let fd: Int32
    private var buffer: UnsafeMutableRawPointer
    private let capacity: Int
    private var start = 0      // first unconsumed byte
    private var end = 0        // one past the last byte read
    private var eof = false
    private var lineNumber = 0
    /// Lines that were longer than `maxLineBytes`.
    public private(set) var truncatedLines = 0
    /// Bytes read so far.
    public private(set) var bytesRead: Int64 = 0
    /// The file offset `fd` was at when the reader started (lines' `offset` count from the file start).
    public let origin: Int64

    /// Creates a reader on an open descriptor; the caller keeps ownership of `fd`. `origin` is the
    /// file offset `fd` is positioned at (0 for a whole file).
    public init(fd: Int32, chunkSize: Int = 4 << 20, maxLineBytes: Int = 1 << 20, origin: Int64 = 0) {
        precondition(chunkSize > 0 && maxLineBytes > 0)
        self.fd = fd
        self.origin = origin
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
        capacity = chunkSize + maxLineBytes + 2  // +2: a CRLF line at the limit stays whole until its LF
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Reads ahead until the buffer holds at least `bytes` bytes or the input ends, and returns what
    /// is buffered without consuming it (used to find time anchors near the start of a log).
    public func peek(atLeast bytes: Int) throws(ScanError) -> UnsafeRawBufferPointer {
        let want = min(bytes, capacity - 1)
        while end - start < want && !eof {
            try fill()
        }
        return UnsafeRawBufferPointer(start: buffer + start, count: end - start)
    }

    /// Calls `body` for each line until the input ends or `body` returns false.
    public func forEachLine(_ body: (Line) throws -> Bool) throws {
        var skippingRest = false
        while true {
            // Find the next line end in what is buffered.
            let available = end - start
            let base = buffer + start
            if available > 0, let nl = memchr(base, 0x0A, available) {
                let length = UnsafeRawPointer(nl) - UnsafeRawPointer(base)
                let next = start + length + 1
                if skippingRest {
                    skippingRest = false
                    start = next
                    continue
                }
                lineNumber += 1
                var count = length
                if count > 0 && base.load(fromByteOffset: count - 1, as: UInt8.self) == 0x0D { count -= 1 }
                let truncated = count > maxLineBytes
                if truncated { truncatedLines += 1; count = maxLineBytes }
                let offset = offset(ofBufferIndex: start)
                start = next
                if try !body(Line(bytes: UnsafeRawBufferPointer(start: base, count: count), number: lineNumber, offset: offset, truncated: truncated)) { return }
                continue
            }
            if eof {
                if available > 0 && !skippingRest {
                    lineNumber += 1
                    var count = available
                    if base.load(fromByteOffset: count - 1, as: UInt8.self) == 0x0D { count -= 1 }
                    let truncated = count > maxLineBytes
                    if truncated { truncatedLines += 1; count = maxLineBytes }
                    let offset = offset(ofBufferIndex: start)
                    start = end
                    _ = try body(Line(bytes: UnsafeRawBufferPointer(start: base, count: count), number: lineNumber, offset: offset, truncated: truncated))
                }
                return
            }
            // (+1: a CRLF line of exactly the limit is still whole until its LF arrives.)
            if available > maxLineBytes + 1 && !skippingRest {
                // A line longer than the limit: hand out its head, then skip to its end.
                lineNumber += 1
                truncatedLines += 1
                let line = Line(bytes: UnsafeRawBufferPointer(start: base, count: maxLineBytes), number: lineNumber,
                                offset: offset(ofBufferIndex: start), truncated: true)
                start = end
                skippingRest = true
                if try !body(line) { return }
                continue
            }
            if skippingRest { start = end }
            try fill()
        }
    }

    /// The file offset of the byte at `index` in the buffer.
    @inline(__always)
    private func offset(ofBufferIndex index: Int) -> Int64 {
        origin + bytesRead - Int64(end - index)
    }

    /// Moves unconsumed bytes to the front and reads one more chunk.
    private func fill() throws(ScanError) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            start = 0
            end = pending
        }
        let room = min(chunkSize, capacity - 1 - end)
        guard room > 0 else { return }
        while true {
            let n = read(fd, buffer + end, room)
            if n > 0 {
                end += n
                bytesRead += Int64(n)
                return
            }
            if n == 0 { eof = true; return }
            if errno == EINTR { continue }
            throw ScanError(.io, "read failed: \(String(cString: strerror(errno)))")
        }
    }
}
