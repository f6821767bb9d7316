import LogModel
import LogScan

/// Counts how many lines matched a rule and the most frequent shapes of those that did not, so a
/// pattern author sees what is missing (`tkgqa analyze --coverage`).
public final class CoverageCounter {
    public private(set) var lines = 0
    public private(set) var matched = 0
    private var shapes: [String: (count: Int, first: SourceLocation)] = [:]

    public init() {}

    public func observe(_ info: LogScanner.LineInfo) {
        lines += 1
        if info.matched { matched += 1; return }
        guard !info.body.isEmpty, info.parsed.format != .continuation else { return }
        let shape = ShapeMask.mask(Redactor.redact(String(decoding: info.body.prefix(160), as: UTF8.self)))
        if let entry = shapes[shape] {
            shapes[shape] = (entry.count + 1, entry.first)
        } else if shapes.count < 50_000 {
            shapes[shape] = (1, info.location)
        }
    }

    /// The report: match ratio, then the top unmatched shapes.
    public func report(top: Int = 20) -> String {
        let ratio = lines == 0 ? 0 : Double(matched) * 100 / Double(lines)
        var out = "coverage: \(matched) of \(lines) lines matched a rule (\(String(format1: ratio))%)\n"
        let ranked = shapes.sorted { ($0.value.count, $1.key) > ($1.value.count, $0.key) }.prefix(top)
        if !ranked.isEmpty { out += "most frequent unmatched shapes:\n" }
        for (shape, entry) in ranked { out += "  ×\(entry.count)  \(shape)  (first at \(entry.first))\n" }
        return out
    }
}

extension String {
    init(format1 value: Double) { self = String((value * 10).rounded() / 10) }
}
