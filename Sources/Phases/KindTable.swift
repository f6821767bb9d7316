/// A small table keyed by event kind, for the per-event path. Kinds are few (dozens) and events of
/// one kind share their string's storage, so a lookup reads the kind's length and first and last
/// eight bytes, probes one slot, and confirms with `==` — one pointer comparison when the storage is
/// shared. No hashing of the whole string, no allocation.
struct KindTable<Value> {
    private var names: [String?]
    private var values: [Value?]
    private var count = 0

    init(capacity: Int = 64) {
        names = Array(repeating: nil, count: capacity)
        values = Array(repeating: nil, count: capacity)
    }

    /// The value for `kind`, computed by `derive` the first time.
    @inline(__always)
    mutating func value(for kind: String, _ derive: (String) -> Value) -> Value {
        let mask = names.count - 1
        var slot = Self.fingerprint(kind) & mask
        while let name = names[slot] {
            if name == kind { return values[slot]! }
            slot = (slot + 1) & mask
        }
        let value = derive(kind)
        if (count + 1) * 2 > names.count {
            grow()
            return self.value(for: kind) { _ in value }
        }
        names[slot] = kind
        values[slot] = value
        count += 1
        return value
    }

    private mutating func grow() {
        var bigger = KindTable(capacity: names.count * 2)
        for (name, value) in zip(names, values) {
            if let name, let value { _ = bigger.value(for: name) { _ in value } }
        }
        self = bigger
    }

    /// Length and the first and last eight bytes, mixed: cheap, and distinct for the kind ids rules use.
    @inline(__always)
    static func fingerprint(_ kind: String) -> Int {
        kind.utf8.withContiguousStorageIfAvailable { fingerprint(UnsafeRawBufferPointer($0)) }
            ?? Array(kind.utf8).withUnsafeBytes { fingerprint($0) }
    }

    @inline(__always)
    private static func fingerprint(_ raw: UnsafeRawBufferPointer) -> Int {
        let n = raw.count
        var h = UInt64(n)
        if n >= 8 {
            let head = raw.loadUnaligned(as: UInt64.self)
            let tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            h ^= head ^ (tail << 29 | tail >> 35)
        } else {
            for b in raw { h = h << 8 | UInt64(b) }
        }
        return Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }
}
