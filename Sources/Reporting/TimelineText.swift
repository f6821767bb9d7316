/// Escaping and number formatting shared by the timeline renderers.
///
/// Every piece of text in a timeline can come from a log line (cluster names, error messages, file
/// names), so each output format escapes it with the rules of that format, here, in one place.
enum TimelineText {
    /// Text safe inside HTML element content and quoted attribute values.
    static func html(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A JSON string literal, quotes included. With `scriptSafe`, `<`, `>`, `&` and the JavaScript line
    /// separators are written as `\u` escapes, so the literal can sit inside a `<script>` element
    /// (a log line holding `</script>` cannot end it).
    static func json(_ s: String, scriptSafe: Bool = false) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where scriptSafe: out += "\\u003c"
            case ">" where scriptSafe: out += "\\u003e"
            case "&" where scriptSafe: out += "\\u0026"
            case "\u{2028}", "\u{2029}": out += ch == "\u{2028}" ? "\\u2028" : "\\u2029"
            default:
                if ch.value < 0x20 || ch.value == 0x7F {
                    out += "\\u00" + hex2(ch.value)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out + "\""
    }

    /// Text safe in XML 1.0 content and attributes. Characters XML 1.0 cannot carry at all (control
    /// characters such as the ESC of a terminal colour code) are written visibly as `\x1b`. In element
    /// content `keepNewlines` leaves line breaks as they are, so the text still reads as lines.
    static func xml(_ s: String, keepNewlines: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += keepNewlines ? "\n" : "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                let v = ch.value
                if v < 0x20 || v == 0x7F || v == 0xFFFE || v == 0xFFFF {
                    out += "\\x" + hex2(v)
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }

    /// A Prometheus label value (inside the quotes): backslash, double quote and newline escaped.
    static func prometheusLabel(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A plain decimal with at most `digits` fraction digits, trailing zeros dropped (`135.2`, `0.001`,
    /// `42`): valid as a JSON number, an `xs:decimal` and a Prometheus value. Non-finite values give `0`.
    static func decimal(_ x: Double, digits: Int = 3) -> String {
        guard x.isFinite else { return "0" }
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let limit = Double(Int64.max / 2) / Double(scale)
        guard abs(x) < limit else { return String(Int64(x.rounded())) }
        let scaled = Int64((x * Double(scale)).rounded())
        let negative = scaled < 0
        let magnitude = negative ? -scaled : scaled
        let whole = magnitude / scale
        var fraction = magnitude % scale
        var fractionDigits = digits
        while fractionDigits > 0 && fraction % 10 == 0 {
            fraction /= 10
            fractionDigits -= 1
        }
        var text = (negative ? "-" : "") + String(whole)
        if fractionDigits > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: fractionDigits - f.count) + f
        }
        return text
    }

    /// A duration as people read it: `850ms`, `42s`, `2m15s`, `1h03m`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return "?" }
        if seconds < 1 { return String(Int((seconds * 1000).rounded())) + "ms" }
        if seconds < 60 { return decimal(seconds, digits: seconds < 10 ? 1 : 0) + "s" }
        let total = Int(seconds.rounded())
        if total < 3600 { return String(total / 60) + "m" + two(total % 60) + "s" }
        return String(total / 3600) + "h" + two(total % 3600 / 60) + "m"
    }

    private static func two(_ v: Int) -> String { v < 10 ? "0" + String(v) : String(v) }

    private static func hex2(_ v: UInt32) -> String {
        let digits = Array("0123456789abcdef")
        return String(digits[Int(v >> 4 & 15)]) + String(digits[Int(v & 15)])
    }
}
