import LogModel

/// Number formatting shared by the gate and diff renderers: fixed decimals, no locale, so output is
/// the same on every machine.
public enum GateFormat {
    /// Seconds with one decimal and an `s`, e.g. `312.4s`; `-` for nil.
    public static func seconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return fixed(value, 1) + "s"
    }

    /// A signed relative change in percent with one decimal, e.g. `+35.2%`; `-` for nil.
    public static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return (value >= 0 ? "+" : "") + fixed(value * 100, 1) + "%"
    }

    /// A signed number of seconds, e.g. `+110.0s`.
    public static func signedSeconds(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return (value >= 0 ? "+" : "") + fixed(value, 1) + "s"
    }

    /// `+35.2% (+110.0s)`, or `-` when there is no baseline.
    public static func change(_ relative: Double?, _ absolute: Double?) -> String {
        guard absolute != nil else { return "-" }
        return relative == nil ? signedSeconds(absolute) : "\(percent(relative)) (\(signedSeconds(absolute)))"
    }

    /// `value` with `digits` decimals, rounded half away from zero, never `-0.0`.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let negative = value < 0 && scaled != 0
        let whole = Int64(scaled / scale)
        var text = String(whole)
        if digits > 0 {
            let frac = String(Int64(scaled) - whole * Int64(scale))
            text += "." + String(repeating: "0", count: digits - frac.count) + frac
        }
        return negative ? "-" + text : text
    }

    /// `k=v` pairs sorted by key, space-separated.
    public static func labels(_ labels: [String: String]) -> String {
        labels.isEmpty ? "(none)" : labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// The parameters line, e.g. `window 20, k=4, min-rel 20%, min-abs 30s, min-samples 5`.
    public static func parameters(_ p: GateParameters) -> String {
        "window \(p.window), k=\(trimmed(p.k)), min-rel \(trimmed(p.minRelative * 100))%, min-abs \(trimmed(p.minAbsoluteSeconds))s, min-samples \(p.minSamples)"
    }

    static func trimmed(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : fixed(v, 2)
    }

    /// Left-aligned columns separated by two spaces; trailing spaces trimmed.
    public static func columns(_ rows: [[String]]) -> String {
        guard let width = rows.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: width)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            var line = ""
            for (i, cell) in row.enumerated() {
                line += cell
                if i < row.count - 1 { line += String(repeating: " ", count: widths[i] - cell.count + 2) }
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n") + "\n"
    }
}
