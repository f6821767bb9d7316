#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search on raw bytes (`memmem` is a GNU extension Swift does not see on Linux).
enum ByteSearch {
    /// The offset of the first occurrence of `needle` in `hay`, or nil.
    static func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        guard let first = needle.first, hay.count - from >= needle.count, let base = hay.baseAddress else { return nil }
        var i = from
        let last = hay.count - needle.count
        while i <= last {
            guard let p = memchr(base + i, Int32(first), last - i + 1) else { return nil }
            let at = UnsafeRawPointer(p) - base
            var same = true
            for k in 1..<needle.count where hay[at + k] != needle[k] { same = false; break }
            if same { return at }
            i = at + 1
        }
        return nil
    }
}
