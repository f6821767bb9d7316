/// Masks the parts of a message that vary between repetitions — numbers, hex ids, quoted names,
/// generated name suffixes — so that repeats of one message share a shape.
public enum ShapeMask {
    /// A loop state: the text with the numbers of `Key=value` pairs masked (replica counts change from
    /// poll to poll; names, which may contain digits, stay readable).
    public static func maskAssignedNumbers(_ text: String) -> String {
        // Most poll texts have no `Key=<digit>`: they are their own state (no copy).
        var previous: UInt8 = 0
        var assigns = false
        for c in text.utf8 {
            if previous == UInt8(ascii: "=") && c &- 48 < 10 { assigns = true; break }
            previous = c
        }
        guard assigns else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var afterEquals = false
        var masked = false
        for c in text.utf8 {
            if afterEquals && c &- 48 < 10 {
                if !masked { out.append(UInt8(ascii: "#")); masked = true }
                continue
            }
            afterEquals = c == UInt8(ascii: "=")
            masked = false
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `text` with digits runs as `#`, hex-looking words as `#`, and quoted strings as `'…'`.
    public static func mask(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        var lastWasHash = false
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { quote = nil; out.append(q) }
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                out.append(c)
                out.append("…")
                lastWasHash = false
                continue
            }
            if c.isNumber {
                if !lastWasHash { out.append("#") }
                lastWasHash = true
                continue
            }
            if lastWasHash && (c == "." || c == ":" || ("a"..."f").contains(c)) { continue }
            lastWasHash = false
            out.append(c)
        }
        return out
    }
}
