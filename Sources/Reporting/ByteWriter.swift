#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer of raw bytes to a file descriptor, for output on the hot path (JSON Lines of
/// millions of events): no Foundation, no per-write system call.
public final class ByteWriter {
    private var buffer: [UInt8] = []
    private let fd: Int32
    private let flushAt: Int
    /// Set when a write failed (e.g. the reader of a pipe went away).
    public private(set) var failed = false

    public init(fd: Int32 = 1, flushAt: Int = 1 << 20) {
        self.fd = fd
        self.flushAt = flushAt
        buffer.reserveCapacity(flushAt + 4096)
    }

    deinit { flush() }

    @inline(__always) public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= flushAt { flush() }
    }

    @inline(__always) public func write(byte: UInt8) { buffer.append(byte) }

    /// Writes `s` as a JSON string literal with quotes and escapes.
    public func writeJSONString(_ s: String) {
        buffer.append(0x22)
        for c in s.utf8 {
            switch c {
            case 0x22: buffer.append(0x5C); buffer.append(0x22)
            case 0x5C: buffer.append(0x5C); buffer.append(0x5C)
            case 0x0A: buffer.append(0x5C); buffer.append(UInt8(ascii: "n"))
            case 0x0D: buffer.append(0x5C); buffer.append(UInt8(ascii: "r"))
            case 0x09: buffer.append(0x5C); buffer.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                buffer.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: buffer.append(c)
            }
        }
        buffer.append(0x22)
        if buffer.count >= flushAt { flush() }
    }

    /// Writes everything buffered.
    public func flush() {
        guard !buffer.isEmpty, !failed else { buffer.removeAll(keepingCapacity: true); return }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                offset += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
