import LogModel
import LogScan

/// Finds lines that repeat many times over a long span but match no event rule — candidate loops that
/// no loop rule knows yet, so nothing is missed. Only unmatched lines are looked at; each is reduced
/// to a shape (numbers and hex ids masked) and counted, in bounded memory.
public final class UnknownLoopDetector {
    struct Shape {
        var text: String
        var count: Int
        var first: SourceLocation
        var last: SourceLocation
        var start: Timestamp?
        var end: Timestamp?
    }

    /// At least this many repeats…
    public var minCount = 10
    /// …over at least this many seconds (or any span when the log has no clock).
    public var minSpanSeconds = 120.0
    private var shapes: [UInt64: Shape] = [:]
    private let capacity = 20_000

    public init() {}

    /// Looks at one line the scanner saw.
    @inline(__always)
    public func observe(_ info: LogScanner.LineInfo) {
        guard !info.matched, info.body.count >= 12, info.parsed.format != .continuation else { return }
        let hash = Self.shapeHash(info.body)
        if var shape = shapes[hash] {
            shape.count += 1
            shape.last = info.location
            if let t = info.time { shape.end = t }
            shapes[hash] = shape
            return
        }
        if shapes.count >= capacity { prune() }
        let text = ShapeMask.mask(Redactor.redact(String(decoding: info.body.prefix(200), as: UTF8.self)))
        shapes[hash] = Shape(text: text, count: 1, first: info.location, last: info.location, start: info.time, end: info.time)
    }

    /// The candidate loops, most repeated first.
    public func candidates() -> [UnknownLoop] {
        shapes.values.filter { shape in
            guard shape.count >= minCount else { return false }
            if let s = shape.start, let e = shape.end { return s.seconds(to: e) >= minSpanSeconds }
            return true
        }
        .sorted { ($0.count, $1.first) > ($1.count, $0.first) }
        .prefix(20)
        .map { UnknownLoop(shape: $0.text, count: $0.count, firstLine: $0.first, lastLine: $0.last, start: $0.start, end: $0.end) }
    }

    private func prune() {
        shapes = shapes.filter { $0.value.count > 1 }
        if shapes.count >= capacity * 3 / 4 { shapes.removeAll() }
    }

    /// FNV-1a over the bytes with digit runs and hex-digit runs after a digit folded to one `#`.
    @inline(__always)
    static func shapeHash(_ b: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var inNumber = false
        for c in b {
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
