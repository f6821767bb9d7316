/// A one-pass multi-literal prefilter: decides which event rules can possibly match a line, so most
/// lines never reach PCRE2.
///
/// For each rule (and each top-level alternative of it) one 4-byte window of its required literal is
/// chosen — the rarest one in a sample of the input. Scanning a line hashes every 4-byte window once
/// (ASCII case folded by OR-ing 0x20) into a 64 Ki-bit bitmap that fits in L1; only a hit looks at the
/// bucket to see which rules own that window. See the performance facts in `../shared/DESIGN.md`: one
/// PCRE2 call costs ~26 ns even when it fails, and per-rule `memmem` is slower than no prefilter.
public final class LiteralPrefilter: @unchecked Sendable {
    private static let bits = 16
    private let bitmap: UnsafeMutablePointer<UInt64>
    private let bucketStart: UnsafeMutablePointer<Int32>
    private let entryWindow: UnsafeMutablePointer<UInt32>
    private let entryRule: UnsafeMutablePointer<Int32>
    /// Rules with no usable literal: candidates on every line.
    public let alwaysCandidates: [Int32]
    public let ruleCount: Int
    /// The chosen windows per rule, for diagnostics (`tkgqa lint --verbose`, tests).
    public let chosenWindows: [[String]]

    /// Builds the filter; `literals[r]` are rule r's required runs per alternative (see `RequiredLiterals`).
    public init(literals: [[[String]]], sample: UnsafeRawBufferPointer?) {
        ruleCount = literals.count
        let frequency = Self.frequencies(sample)
        var entries: [(hash: Int, window: UInt32, rule: Int32)] = []
        var always: [Int32] = []
        var chosen: [[String]] = []
        for (r, alternatives) in literals.enumerated() {
            var picks: [String] = []
            var usable = !alternatives.isEmpty
            var ruleEntries: [(Int, UInt32, Int32)] = []
            for runs in alternatives {
                var best: (cost: Int, window: UInt32, text: String)?
                for run in runs {
                    let bytes = Array(run.utf8)
                    guard bytes.count >= 4 else { continue }
                    for i in 0...(bytes.count - 4) {
                        let w = Self.fold(UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24)
                        let cost = Int(frequency[Self.hash(w)])
                        if best == nil || cost < best!.cost {
                            best = (cost, w, String(decoding: bytes[i..<(i + 4)], as: UTF8.self))
                        }
                    }
                }
                guard let best else { usable = false; break }
                ruleEntries.append((Self.hash(best.window), best.window, Int32(r)))
                picks.append(best.text)
            }
            if usable {
                entries += ruleEntries.map { (hash: $0.0, window: $0.1, rule: $0.2) }
                chosen.append(picks)
            } else {
                always.append(Int32(r))
                chosen.append([])
            }
        }
        alwaysCandidates = always
        chosenWindows = chosen

        let size = 1 << Self.bits
        bitmap = .allocate(capacity: size / 64)
        bitmap.initialize(repeating: 0, count: size / 64)
        bucketStart = .allocate(capacity: size + 1)
        bucketStart.initialize(repeating: 0, count: size + 1)
        entries.sort { ($0.hash, $0.rule) < ($1.hash, $1.rule) }
        entryWindow = .allocate(capacity: max(entries.count, 1))
        entryRule = .allocate(capacity: max(entries.count, 1))
        for (k, e) in entries.enumerated() {
            bitmap[e.hash >> 6] |= 1 << UInt64(e.hash & 63)
            entryWindow[k] = e.window
            entryRule[k] = e.rule
            bucketStart[e.hash + 1] += 1
        }
        for h in 0..<size { bucketStart[h + 1] += bucketStart[h] }
    }

    deinit {
        bitmap.deallocate()
        bucketStart.deallocate()
        entryWindow.deallocate()
        entryRule.deallocate()
    }

    @inline(__always) static func fold(_ w: UInt32) -> UInt32 { w | 0x2020_2020 }
    @inline(__always) static func hash(_ w: UInt32) -> Int { Int((w &* 0x9E37_79B1) >> UInt32(32 - bits)) }

    /// 4-byte window frequencies in a sample of the input (saturating), for picking rare windows.
    static func frequencies(_ sample: UnsafeRawBufferPointer?) -> [UInt16] {
        var table = [UInt16](repeating: 0, count: 1 << bits)
        guard let sample, sample.count >= 4 else { return table }
        let limit = min(sample.count, 1 << 20)
        table.withUnsafeMutableBufferPointer { t in
            for i in 0..<(limit - 3) {
                let h = hash(fold(sample.loadUnaligned(fromByteOffset: i, as: UInt32.self)))
                if t[h] < UInt16.max { t[h] += 1 }
            }
        }
        return table
    }

    /// Collects the rules whose window occurs in `line` into `into` (sorted by rule index, no duplicates).
    @inline(__always)
    public func candidates(in line: UnsafeRawBufferPointer, into state: inout CandidateSet) {
        state.begin()
        for r in alwaysCandidates { state.insert(r) }
        let n = line.count
        guard n >= 4 else { return }
        let bitmap = self.bitmap
        var i = 0
        while i <= n - 4 {
            let w = Self.fold(line.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            let h = Self.hash(w)
            if bitmap[h >> 6] & (1 << UInt64(h & 63)) != 0 {
                var k = Int(bucketStart[h])
                let stop = Int(bucketStart[h + 1])
                while k < stop {
                    if entryWindow[k] == w { state.insert(entryRule[k]) }
                    k += 1
                }
            }
            i += 1
        }
    }
}

/// The candidate rules of one line; reused across lines to avoid allocation.
public struct CandidateSet {
    private var marks: [UInt32]
    private var generation: UInt32 = 0
    /// Candidate rule indices of the current line, in the order found.
    public private(set) var rules: [Int32] = []

    public init(ruleCount: Int) {
        marks = [UInt32](repeating: 0, count: max(ruleCount, 1))
        rules.reserveCapacity(16)
    }

    @inline(__always) mutating func begin() {
        generation &+= 1
        if generation == 0 {
            for i in marks.indices { marks[i] = 0 }
            generation = 1
        }
        rules.removeAll(keepingCapacity: true)
    }

    @inline(__always) mutating func insert(_ rule: Int32) {
        if marks[Int(rule)] != generation {
            marks[Int(rule)] = generation
            rules.append(rule)
        }
    }

    /// Sorts the candidates so the first rule in file order is tried first.
    @inline(__always) mutating func sort() {
        if rules.count > 1 { rules.sort() }
    }
}
