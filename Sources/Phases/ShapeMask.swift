/// Masks the parts of a message that vary between repetitions — numbers, hex ids, quoted names,
/// generated name suffixes — so that repeats of one message share a shape.
public enum ShapeMask {
    /// A loop state: the text with the numbers of `Key=value` pairs masked (replica counts change from
    /// poll to poll; names, which may contain digits, stay readable).
    public static func maskAssignedNumbers(_ text: String) -> String {
        var out = ""
        var afterEquals = false
        var masked = false
        for c in text {
            if afterEquals && c.isNumber {
                if !masked { out.append("#"); masked = true }
                continue
            }
            afterEquals = c == "="
            masked = false
            out.append(c)
        }
        return out
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
