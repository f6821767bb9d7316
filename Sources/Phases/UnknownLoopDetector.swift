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
    /// Shape hash → index into the arrays below (plain values per line: no reference counting).
    private var index: [UInt64: Int] = [:]
    private var texts: [String] = []
    private var counts: [Int] = []
    private var firsts: [SourceLocation] = []
    private var lastLines: [Int] = []
    private var lastFiles: [LogScanner.FileName] = []
    private var starts: [Timestamp?] = []
    private var ends: [Timestamp?] = []
    private let capacity = 20_000

    public init() {}

    /// Looks at one line the scanner saw.
    @inline(__always)
    public func observe(_ info: LogScanner.LineInfo) {
        guard !info.matched, info.body.count >= 12, info.parsed.format != .continuation else { return }
        let hash = Self.shapeHash(info.body)
        if let i = index[hash] {
            counts[i] += 1
            lastLines[i] = info.line
            if info.file !== lastFiles[i] { lastFiles[i] = info.file }
            if let t = info.time { ends[i] = t }
            return
        }
        if counts.count >= capacity { prune() }
        index[hash] = counts.count
        texts.append(ShapeMask.mask(Redactor.redact(String(decoding: info.body.prefix(200), as: UTF8.self))))
        counts.append(1)
        firsts.append(info.location)
        lastLines.append(info.line)
        lastFiles.append(info.file)
        starts.append(info.time)
        ends.append(info.time)
    }

    /// The candidate loops, most repeated first.
    public func candidates() -> [UnknownLoop] {
        var found: [UnknownLoop] = []
        for i in counts.indices where counts[i] >= minCount {
            if let s = starts[i], let e = ends[i], s.seconds(to: e) < minSpanSeconds { continue }
            found.append(UnknownLoop(shape: texts[i], count: counts[i], firstLine: firsts[i],
                                     lastLine: SourceLocation(file: lastFiles[i].name, line: lastLines[i]), start: starts[i], end: ends[i]))
        }
        return Array(found.sorted { ($0.count, $1.firstLine) > ($1.count, $0.firstLine) }.prefix(20))
    }

    /// Keeps the shapes seen more than once when the table is full (or starts over).
    private func prune() {
        let keep = counts.indices.filter { counts[$0] > 1 }
        if keep.count >= capacity * 3 / 4 {
            index.removeAll(); texts.removeAll(); counts.removeAll(); firsts.removeAll()
            lastLines.removeAll(); lastFiles.removeAll(); starts.removeAll(); ends.removeAll()
            return
        }
        var newIndex: [UInt64: Int] = [:]
        let old = index
        texts = keep.map { texts[$0] }
        firsts = keep.map { firsts[$0] }
        lastLines = keep.map { lastLines[$0] }
        lastFiles = keep.map { lastFiles[$0] }
        starts = keep.map { starts[$0] }
        ends = keep.map { ends[$0] }
        let position = Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($0.element, $0.offset) })
        for (hash, i) in old { if let p = position[i] { newIndex[hash] = p } }
        counts = keep.map { counts[$0] }
        index = newIndex
    }

    /// FNV-1a over the first 96 bytes with digit runs and hex-digit runs after a digit folded to one
    /// `#` (96 bytes tell messages apart; hashing whole controller lines cost more than matching them).
    @inline(__always)
    static func shapeHash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var inNumber = false
        for c in b.prefix(96) {
            let digit = c &- 48 < 10
            let hexLetter = (c >= 97 && c <= 102)
            if digit || (inNumber && (hexLetter || c == 46 || c == 58)) {
                if !inNumber { h = (h ^ 35) &* 0x100_0000_01b3 }
                inNumber = true
                continue
            }
            inNumber = false
            h = (h ^ UInt64(c)) &* 0x100_0000_01b3
        }
        return h
    }
}
