#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer of raw bytes to a file descriptor, for output on the hot path (JSON Lines of
/// millions of events): no Foundation, no per-write system call, no per-byte exclusivity checks (the
/// buffer is a raw allocation, so appends are plain stores).
public final class ByteWriter {
    private let storage: UnsafeMutablePointer<UInt8>
    private let capacity: Int
    private var count = 0
    private let fd: Int32
    /// Set when a write failed (e.g. the reader of a pipe went away).
    public private(set) var failed = false

    public init(fd: Int32 = 1, flushAt: Int = 1 << 20) {
        self.fd = fd
        capacity = max(flushAt, 4096)
        storage = .allocate(capacity: capacity)
    }

    deinit {
        flush()
        storage.deallocate()
    }

    /// Appends raw bytes.
    @inline(__always) public func write(bytes: UnsafeRawBufferPointer) {
        if count + bytes.count <= capacity, let from = bytes.baseAddress {
            UnsafeMutableRawPointer(storage + count).copyMemory(from: from, byteCount: bytes.count)
            count += bytes.count
            return
        }
        // A block at least as large as the buffer (a batch of rendered operations) goes out as it
        // is, after what is buffered: copying it through the buffer would only add a copy.
        if bytes.count >= capacity {
            flush()
            writeAll(bytes)
            return
        }
        var source = bytes
        while !source.isEmpty {
            if count == capacity { flush() }
            let n = min(source.count, capacity - count)
            UnsafeMutableRawPointer(storage + count).copyMemory(from: source.baseAddress!, byteCount: n)
            count += n
            source = UnsafeRawBufferPointer(rebasing: source[n...])
        }
    }

    @inline(__always) public func write(_ s: String) {
        var s = s
        s.withUTF8 { write(bytes: UnsafeRawBufferPointer($0)) }
    }

    @inline(__always) public func write(byte: UInt8) {
        if count == capacity { flush() }
        storage[count] = byte
        count += 1
    }

    /// Writes `s` as a JSON string literal with quotes and escapes; runs of plain bytes are copied whole.
    public func writeJSONString(_ s: String) {
        var s = s
        write(byte: 0x22)
        s.withUTF8 { utf8 in
            var runStart = 0
            for i in 0..<utf8.count {
                let c = utf8[i]
                guard c < 0x20 || c == 0x22 || c == 0x5C || c == 0x7F else { continue }
                if i > runStart { write(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[runStart..<i]))) }
                runStart = i + 1
                switch c {
                case 0x22: write(byte: 0x5C); write(byte: 0x22)
                case 0x5C: write(byte: 0x5C); write(byte: 0x5C)
                case 0x0A: write(byte: 0x5C); write(byte: UInt8(ascii: "n"))
                case 0x0D: write(byte: 0x5C); write(byte: UInt8(ascii: "r"))
                case 0x09: write(byte: 0x5C); write(byte: UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    for b in [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]] { write(byte: b) }
                }
            }
            if utf8.count > runStart { write(bytes: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: utf8[runStart...]))) }
        }
        write(byte: 0x22)
    }

    /// Room for `n` more bytes in the buffer (flushing first when needed), to fill directly and then
    /// `commit`; nil when `n` is larger than the whole buffer.
    @inline(__always) public func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8>? {
        if count + n > capacity { flush() }
        return n <= capacity ? storage + count : nil
    }

    /// Takes `n` bytes written into the space `reserve` returned.
    @inline(__always) public func commit(_ n: Int) { count += n }

    /// What is buffered and not yet written (valid until the next write, flush or `discard`).
    public var buffered: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage, count: count) }

    /// Forgets what is buffered (for rendering into memory; use with `fd: -1`).
    public func discard() { count = 0 }

    /// Takes what is buffered without writing it (for rendering into memory; use with `fd: -1`).
    public func drain() -> [UInt8] {
        defer { count = 0 }
        return Array(UnsafeBufferPointer(start: storage, count: count))
    }

    /// Writes everything buffered.
    public func flush() {
        defer { count = 0 }
        guard count > 0 else { return }
        writeAll(UnsafeRawBufferPointer(start: storage, count: count))
    }

    /// Writes `bytes` to the descriptor, retrying short writes (nothing after a failure).
    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard !failed, let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, base + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                failed = true
                return
            }
            offset += n
        }
    }
}
