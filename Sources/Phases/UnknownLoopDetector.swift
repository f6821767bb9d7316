import LogModel
import LogScan

/// Finds lines that repeat many times over a long span but match no event rule — candidate loops that
/// no loop rule knows yet, so nothing is missed. Only unmatched lines are looked at; each is reduced
/// to a shape (numbers and hex ids masked) and counted, in bounded memory.
public final class UnknownLoopDetector {
    /// At least this many repeats…
    public var minCount = 10
    /// …over at least this many seconds (or any span when the log has no clock).
    public var minSpanSeconds = 120.0
    /// Shape hash → index into the tallies (plain values per line: no reference counting).
    private var index = ShapeIndex()
    /// Per shape: its masked text (written once)…
    private var texts: [String] = []
    /// …and what every repeat updates, in raw memory: the per-line path touches no array header and
    /// retains nothing (a location holds its interned file name unretained).
    private let tallies: UnsafeMutablePointer<Tally>
    private var used = 0
    private let capacity = 20_000

    /// What repeats of one shape update.
    struct Tally {
        var count: Int
        var first: SourceLocation
        var last: SourceLocation
        var start: Timestamp?
        var end: Timestamp?
    }

    /// `byteClass`, held by the instance: a static read per line costs a global once-check.
    private let byteClass = UnknownLoopDetector.byteClass

    public init() {
        tallies = .allocate(capacity: capacity)
    }

    deinit {
        tallies.deinitialize(count: used)
        tallies.deallocate()
        index.deallocate()
    }

    /// Looks at one line the scanner saw.
    @inline(__always)
    public func observe(_ info: LogScanner.LineInfo) {
        guard !info.matched, info.body.count >= 12, info.parsed.format != .continuation else { return }
        let hash = Self.shapeHash(info.body, classes: byteClass)
        if let i = index.find(hash) {
            let tally = tallies + i
            tally.pointee.count += 1
            tally.pointee.last = info.location
            if let t = info.time { tally.pointee.end = t }
            return
        }
        if used >= capacity { prune() }
        index.insert(hash, used)
        texts.append(ShapeMask.mask(Redactor.redact(String(decoding: info.body.prefix(200), as: UTF8.self))))
        (tallies + used).initialize(to: Tally(count: 1, first: info.location, last: info.location, start: info.time, end: info.time))
        used += 1
    }

    /// Adds what `later` saw, in a later part of the same log whose lines it numbered from the part's
    /// start (`shift` gives them the whole file's numbers): as if this detector had seen those lines.
    func absorb(_ later: UnknownLoopDetector, shift: LineShift) {
        var hashes = [UInt64](repeating: 0, count: later.used)
        later.index.forEach { hash, i in hashes[i] = hash }
        for i in 0..<later.used {
            let tally = later.tallies[i]
            if let j = index.find(hashes[i]) {
                let mine = tallies + j
                mine.pointee.count += tally.count
                mine.pointee.last = shift(tally.last)
                if let end = tally.end { mine.pointee.end = end }
                continue
            }
            if used >= capacity { prune() }
            index.insert(hashes[i], used)
            texts.append(later.texts[i])
            (tallies + used).initialize(to: Tally(count: tally.count, first: shift(tally.first), last: shift(tally.last),
                                                  start: tally.start, end: tally.end))
            used += 1
        }
    }

    /// The candidate loops, most repeated first.
    public func candidates() -> [UnknownLoop] {
        var found: [UnknownLoop] = []
        for i in 0..<used where tallies[i].count >= minCount {
            let tally = tallies[i]
            if let s = tally.start, let e = tally.end, s.seconds(to: e) < minSpanSeconds { continue }
            found.append(UnknownLoop(shape: texts[i], count: tally.count, firstLine: tally.first, lastLine: tally.last,
                                     start: tally.start, end: tally.end))
        }
        return Array(found.sorted { ($0.count, $1.firstLine) > ($1.count, $0.firstLine) }.prefix(20))
    }

    /// Keeps the shapes seen more than once when the table is full (or starts over).
    private func prune() {
        let keep = (0..<used).filter { tallies[$0].count > 1 }
        if keep.count >= capacity * 3 / 4 {
            index.deallocate()
            index = ShapeIndex(); texts.removeAll()
            tallies.deinitialize(count: used)
            used = 0
            return
        }
        var newIndex = ShapeIndex()
        let old = index
        texts = keep.map { texts[$0] }
        let kept = keep.map { tallies[$0] }
        tallies.deinitialize(count: used)
        tallies.initialize(from: kept, count: kept.count)
        used = kept.count
        let position = Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($0.element, $0.offset) })
        old.forEach { hash, i in if let p = position[i] { newIndex.insert(hash, p) } }
        old.deallocate()
        index = newIndex
    }

    /// A hash of the first 96 bytes with digit runs and hex-digit runs after a digit folded to one
    /// `#` (96 bytes tell messages apart; hashing whole controller lines cost more than matching
    /// them). The folded bytes are packed eight to a word and mixed a word at a time; runs of eight
    /// bytes with no digit skip the per-byte folding. Equal shapes hash equal whatever the length
    /// of their numbers.
    /// 1 for digits, 2 for what continues a number after a digit (`a`–`f`, `.`, `:`), else 0.
    nonisolated(unsafe) static let byteClass: UnsafeMutablePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        table.initialize(repeating: 0, count: 256)
        for c in UInt8(ascii: "0")...UInt8(ascii: "9") { table[Int(c)] = 1 }
        for c in UInt8(ascii: "a")...UInt8(ascii: "f") { table[Int(c)] = 2 }
        table[Int(UInt8(ascii: "."))] = 2
        table[Int(UInt8(ascii: ":"))] = 2
        return table
    }()

    @inline(__always)
    static func shapeHash(_ b: UnsafeRawBufferPointer, classes: UnsafeMutablePointer<UInt8> = byteClass) -> UInt64 {
        let k: UInt64 = 0xBF58_476D_1CE4_E5B9
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var word: UInt64 = 0
        var filled: UInt64 = 0
        var inNumber = false
        let n = min(b.count, 96)
        var i = 0
        while i < n {
            // Eight bytes without a digit (outside a number) go to the folded stream whole.
            if !inNumber && i + 8 <= n {
                let x = b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let t = x ^ 0x3030_3030_3030_3030
                if (t &- 0x0A0A_0A0A_0A0A_0A0A) & ~t & 0x8080_8080_8080_8080 == 0 {
                    let bytes = x.bigEndian  // first byte most significant, as the byte path packs
                    let r = filled & 7
                    let full = r == 0 ? bytes : (word << (8 * (8 - r))) | (bytes >> (8 * r))
                    h = (h ^ full) &* k
                    h ^= h >> 29
                    word = r == 0 ? 0 : bytes & ((1 << (8 * r)) - 1)
                    filled &+= 8
                    i += 8
                    continue
                }
            }
            let c = b[i]
            i += 1
            // Branch-free: digits and hex letters alternate unpredictably in ids and times.
            let cls = classes[Int(c)]
            let isNumber = cls == 1 || (inNumber && cls == 2)
            let emit = !(isNumber && inNumber)
            let out = isNumber ? UInt64(35) : UInt64(c)
            word = emit ? (word << 8 | out) : word
            filled &+= emit ? 1 : 0
            inNumber = isNumber
            if emit && filled & 7 == 0 {
                h = (h ^ word) &* k
                h ^= h >> 29
                word = 0
            }
        }
        h = (h ^ word ^ filled << 56) &* k
        return h ^ (h >> 31)
    }
}

/// Shape hashes to table indices: open addressing over a power-of-two table, keyed by the hash
/// itself (already well mixed, so no second hashing as `Dictionary` would do per line). The table is
/// raw memory (a lookup per line retains nothing); its owner calls `deallocate()`.
struct ShapeIndex {
    private var keys: UnsafeMutablePointer<UInt64>
    private var values: UnsafeMutablePointer<Int32>
    private var slots: Int
    private var count = 0

    /// Starts small (a log part analyzed in a segment makes one per segment) and doubles as shapes come.
    init(capacity: Int = 1 << 12) {
        slots = capacity
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: -1, count: capacity)
    }

    func deallocate() {
        keys.deallocate()
        values.deallocate()
    }

    @inline(__always) func find(_ hash: UInt64) -> Int? {
        let mask = slots - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while values[s] >= 0 {
            if keys[s] == hash { return Int(values[s]) }
            s = (s + 1) & mask
        }
        return nil
    }

    mutating func insert(_ hash: UInt64, _ value: Int) {
        if (count + 1) * 2 > slots { grow() }
        let mask = slots - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while values[s] >= 0 {
            if keys[s] == hash { values[s] = Int32(value); return }
            s = (s + 1) & mask
        }
        keys[s] = hash
        values[s] = Int32(value)
        count += 1
    }

    func forEach(_ body: (UInt64, Int) -> Void) {
        for s in 0..<slots where values[s] >= 0 { body(keys[s], Int(values[s])) }
    }

    private mutating func grow() {
        var bigger = ShapeIndex(capacity: slots * 2)
        forEach { bigger.insert($0, $1) }
        deallocate()
        self = bigger
    }
}
