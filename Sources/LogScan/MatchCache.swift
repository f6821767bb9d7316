#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Matching

/// Remembers, for the message bodies seen recently, which rule matched (or that none did) and where
/// its captures were, so a body printed again skips the prefilter and PCRE2.
///
/// A `-v 9` audit log is mostly polls: `cluster control plane is still being initialized: ScalingUp,
/// retrying` and its siblings repeat millions of times with only the header changing. Matching is a
/// pure function of the body bytes, so a remembered answer is exactly the answer PCRE2 would give.
///
/// The table is direct-mapped (a body hashes to one slot; a newer body evicts an older one), holds
/// bodies up to `maxBodyBytes` and matches with up to `maxGroups` groups, all in flat memory (about
/// 2.6 MB). Each stored answer gets a `key` never used before, so consumers can keep their own
/// per-body work (a rendered JSON tail, a built event) under that key: equal keys mean equal bodies.
public final class MatchCache {
    /// Slots in the table (a power of two).
    public static let slotCount = 8192
    /// Longer bodies are not remembered (polls are short; long lines are rarely repeated).
    public static let maxBodyBytes = 256
    /// Matches with more groups (group 0 included) are not remembered.
    public static let maxGroups = 16

    /// What a lookup found.
    public enum Answer: Equatable {
        /// The body is not in the table.
        case unknown
        /// No rule matches the body.
        case noRule
        /// Rule `rule` matches; the scratch holds its captures again.
        case rule(Int)
    }

    private let hashes: UnsafeMutablePointer<UInt64>
    private let lengths: UnsafeMutablePointer<Int32>
    private let rules: UnsafeMutablePointer<Int32>
    private let groupCounts: UnsafeMutablePointer<Int32>
    private let keys: UnsafeMutablePointer<UInt64>
    private let bodies: UnsafeMutableRawPointer
    private let offsets: UnsafeMutablePointer<UInt16>
    private var nextKey: UInt64 = 1
    /// Lookups that found the body, and lookups in all.
    public private(set) var hits = 0
    public private(set) var lookups = 0
    /// The key of the body last looked up or stored; 0 when it is not in the table.
    public private(set) var lastKey: UInt64 = 0

    public init() {
        let n = Self.slotCount
        hashes = .allocate(capacity: n); hashes.initialize(repeating: 0, count: n)
        lengths = .allocate(capacity: n); lengths.initialize(repeating: -1, count: n)
        rules = .allocate(capacity: n); rules.initialize(repeating: -1, count: n)
        groupCounts = .allocate(capacity: n); groupCounts.initialize(repeating: 0, count: n)
        keys = .allocate(capacity: n); keys.initialize(repeating: 0, count: n)
        bodies = .allocate(byteCount: n * Self.maxBodyBytes, alignment: 64)
        offsets = .allocate(capacity: n * Self.maxGroups * 2); offsets.initialize(repeating: .max, count: n * Self.maxGroups * 2)
    }

    deinit {
        hashes.deallocate(); lengths.deallocate(); rules.deallocate(); groupCounts.deallocate(); keys.deallocate()
        bodies.deallocate(); offsets.deallocate()
    }

    /// A 64-bit hash of the body (not cryptographic, only a table index; equality is checked byte
    /// for byte). Four independent lanes of 8 bytes let the multiplies overlap; every step is a
    /// bijection of its lane, so bodies that differ anywhere hash apart unless they truly collide.
    @inline(__always)
    public static func hash(_ body: UnsafeRawBufferPointer) -> UInt64 {
        let n = body.count
        let k: UInt64 = 0xBF58_476D_1CE4_E5B9
        var h0: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
        var h1: UInt64 = 0xC2B2_AE3D_27D4_EB4F, h2: UInt64 = 0x1656_67B1_9E37_79F9, h3: UInt64 = 0x27D4_EB2F_1656_67C5
        var i = 0
        while i + 32 <= n {
            h0 = (h0 ^ body.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            h1 = (h1 ^ body.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            h2 = (h2 ^ body.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)) &* k
            h3 = (h3 ^ body.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)) &* k
            i += 32
        }
        if i + 16 <= n {
            h0 = (h0 ^ body.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            h1 = (h1 ^ body.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)) &* k
            i += 16
        }
        if i + 8 <= n {
            h2 = (h2 ^ body.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* k
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            if n >= 8 {
                tail = body.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            } else {
                for j in i..<n { tail = tail << 8 | UInt64(body[j]) }
            }
            h3 = (h3 ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        var h = h0 ^ ((h1 << 17) | (h1 >> 47)) ^ ((h2 << 31) | (h2 >> 33)) ^ ((h3 << 47) | (h3 >> 17))
        h ^= h >> 31
        h = h &* k
        return h ^ (h >> 29)
    }

    @inline(__always) private static func slot(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 40) & (slotCount - 1) }

    /// The remembered answer for `body` (`hash` is `hash(body)`). On `.rule`, `scratch` holds the
    /// captures of that match, as if PCRE2 had just run.
    @inline(__always)
    public func lookup(_ body: UnsafeRawBufferPointer, hash: UInt64, scratch: MatchScratch) -> Answer {
        lookups += 1
        let s = Self.slot(hash)
        guard hashes[s] == hash, Int(lengths[s]) == body.count, body.count <= Self.maxBodyBytes,
              memcmp(bodies + s * Self.maxBodyBytes, body.baseAddress!, body.count) == 0 else {
            lastKey = 0
            return .unknown
        }
        hits += 1
        lastKey = keys[s]
        let rule = Int(rules[s])
        guard rule >= 0 else { return .noRule }
        let base = offsets + s * Self.maxGroups * 2
        scratch.restore(groups: Int(groupCounts[s])) { g in
            let a = base[2 * g], b = base[2 * g + 1]
            return a == .max ? nil : Int(a)..<Int(b)
        }
        return .rule(rule)
    }

    /// Remembers the answer for `body`: `rule` nil when no rule matched, else the rule whose match
    /// left its captures in `scratch`. Bodies or matches too large for the table are left out.
    @inline(__always)
    public func store(_ body: UnsafeRawBufferPointer, hash: UInt64, rule: Int?, scratch: MatchScratch) {
        let n = body.count
        guard n > 0, n <= Self.maxBodyBytes else { lastKey = 0; return }
        let groups = rule == nil ? 0 : scratch.groupCount
        guard groups <= Self.maxGroups else { lastKey = 0; return }
        let s = Self.slot(hash)
        hashes[s] = hash
        lengths[s] = Int32(n)
        rules[s] = Int32(rule ?? -1)
        groupCounts[s] = Int32(groups)
        (bodies + s * Self.maxBodyBytes).copyMemory(from: body.baseAddress!, byteCount: n)
        let base = offsets + s * Self.maxGroups * 2
        for g in 0..<groups {
            if let r = scratch.range(ofGroup: g) {
                base[2 * g] = UInt16(r.lowerBound); base[2 * g + 1] = UInt16(r.upperBound)
            } else {
                base[2 * g] = .max; base[2 * g + 1] = .max
            }
        }
        keys[s] = nextKey
        lastKey = nextKey
        nextKey += 1
    }
}
