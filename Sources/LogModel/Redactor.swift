/// Masks secrets in text before tkgqa prints or writes it.
///
/// Masks the value of any variable whose name looks secret (`*PASSWORD*`, `*PASSWD*`, `*TOKEN*`,
/// `*SECRET*`, `*CREDENTIAL*`, `*_KEY`, `*-key-data`) after `=`, `:` or ` to ` (as in the harness
/// line `Setting VSPHERE_PASSWORD to "..."`), `<encoded:...>` values, `Bearer` tokens, PEM blocks and
/// long base64 blobs. Text without any trigger word is returned untouched, cheaply.
public enum Redactor {
    /// The replacement for a masked value.
    public static let mask = "<redacted>"

    /// Folded 4-byte windows that may start a secret: a 64 Ki-bit bitmap answers "maybe" in one test per byte.
    private static let triggerWindows: [String] = ["pass", "toke", "secr", "cred", "enco", "bear", "----",
                                                   "key=", "key:", "key\"", "key ", "key-", "key_", "key'"]
    /// Folded first bytes of the trigger windows.
    nonisolated(unsafe) private static let triggerStarts: UnsafeMutablePointer<Bool> = {
        let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        table.initialize(repeating: false, count: 256)
        for w in triggerWindows { table[Int(w.utf8.first! | 0x20)] = true }
        return table
    }()

    private static let triggerValues: [UInt32] = triggerWindows.map { w in
        let b = Array(w.utf8)
        return fold(UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24)
    }
    nonisolated(unsafe) private static let triggerBitmap: UnsafeMutablePointer<UInt64> = {
        let bitmap = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
        bitmap.initialize(repeating: 0, count: 1024)
        for w in triggerWindows {
            let b = Array(w.utf8)
            let h = hash(fold(UInt32(b[0]) | UInt32(b[1]) << 8 | UInt32(b[2]) << 16 | UInt32(b[3]) << 24))
            bitmap[h >> 6] |= 1 << UInt64(h & 63)
        }
        return bitmap
    }()

    @inline(__always) static func fold(_ w: UInt32) -> UInt32 { w | 0x2020_2020 }
    @inline(__always) static func hash(_ w: UInt32) -> Int { Int((w &* 0x9E37_79B1) >> 16) }

    /// `text` with secrets masked.
    public static func redact(_ text: String) -> String {
        var text = text
        let suspicious = text.withUTF8 { mightContainSecret(UnsafeRawBufferPointer($0)) }
        guard suspicious else { return text }
        var bytes = Array(text.utf8)
        bytes = maskPEM(bytes)
        bytes = maskEncoded(bytes)
        bytes = maskBearer(bytes)
        bytes = maskAssignments(bytes)
        bytes = maskBase64(bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Folded first two bytes of the trigger windows, as a 64 Ki-bit set: most positions of a line
    /// are rejected by one load and one bit test.
    nonisolated(unsafe) private static let triggerPairs: UnsafeMutablePointer<UInt64> = {
        let bits = UnsafeMutablePointer<UInt64>.allocate(capacity: 1024)
        bits.initialize(repeating: 0, count: 1024)
        for w in triggerWindows {
            let b = Array(w.utf8)
            let pair = Int((UInt16(b[0]) | UInt16(b[1]) << 8) | 0x2020)
            bits[pair >> 6] |= 1 << UInt64(pair & 63)
        }
        return bits
    }()

    /// A cheap pre-check: a trigger window or a run of 100 base64 characters somewhere in `b`.
    public static func mightContainSecret(_ b: UnsafeRawBufferPointer) -> Bool {
        let n = b.count
        guard n >= 4 else { return false }
        let pairs = triggerPairs
        let bitmap = triggerBitmap
        for i in 0...(n - 4) {
            let pair = Int(b.loadUnaligned(fromByteOffset: i, as: UInt16.self) | 0x2020)
            guard pairs[pair >> 6] & (1 << UInt64(pair & 63)) != 0 else { continue }
            let w = fold(b.loadUnaligned(fromByteOffset: i, as: UInt32.self))
            let h = hash(w)
            if bitmap[h >> 6] & (1 << UInt64(h & 63)) != 0 && triggerValues.contains(w) { return true }
        }
        return hasLongBase64Run(b)
    }

    /// Whether `b` holds a run of 100 or more base64 characters. Such a run covers one of the
    /// offsets 99, 199, 299, ..., so only runs through those are measured.
    static func hasLongBase64Run(_ b: UnsafeRawBufferPointer) -> Bool {
        let n = b.count
        var probe = 99
        while probe < n {
            if isBase64(b[probe]) {
                var lo = probe, hi = probe + 1
                while lo > 0 && isBase64(b[lo - 1]) { lo -= 1 }
                while hi < n && isBase64(b[hi]) { hi += 1 }
                if hi - lo >= 100 { return true }
            }
            probe += 100
        }
        return false
    }

    static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c + 32 : c }

    static func isNameByte(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 95 || c == 45 || c == 46
    }

    private static let secretWords: [[UInt8]] = ["PASSWORD", "PASSWD", "TOKEN", "SECRET", "CREDENTIAL", "PRIVATE_KEY", "PRIVATEKEY"].map { Array($0.utf8) }
    private static let secretSuffixes: [[UInt8]] = ["_KEY", "-KEY", "KEY-DATA", "KEY_DATA"].map { Array($0.utf8) }
    private static let secretNames: [[UInt8]] = ["PASS", "PWD", "KEY"].map { Array($0.utf8) }

    /// Whether a variable or key name looks like it holds a secret (byte comparisons, no `String` search).
    @inline(__always) static func upper(_ c: UInt8) -> UInt8 { (c >= 97 && c <= 122) ? c - 32 : c }

    /// `name` (any case) equals or contains `word` (upper case) at `start`.
    @inline(__always) static func matchesUpper(_ name: Slice<UnsafeBufferPointer<UInt8>>, at start: Int, _ word: [UInt8]) -> Bool {
        for k in 0..<word.count where upper(name[start + k]) != word[k] { return false }
        return true
    }

    static func isSecretName(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        let n = name.count
        if n == 0 { return false }
        let lo = name.startIndex
        for word in secretWords where n >= word.count {
            for start in lo...(lo + n - word.count) where matchesUpper(name, at: start, word) { return true }
        }
        for word in secretNames where n == word.count && matchesUpper(name, at: lo, word) { return true }
        return secretSuffixes.contains { n >= $0.count && matchesUpper(name, at: lo + n - $0.count, $0) }
    }

    /// `NAME=value`, `NAME: value`, `"NAME": "value"`, `NAME to "value"`.
    static func maskAssignments(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            guard isNameByte(b[i]), i == 0 || !isNameByte(b[i - 1]) else { out.append(b[i]); i += 1; continue }
            var j = i
            while j < b.count && isNameByte(b[j]) { j += 1 }
            out += b[i..<j]
            guard b.withUnsafeBufferPointer({ isSecretName($0[i..<j]) }) else { i = j; continue }
            // Separator.
            var k = j
            if k < b.count && (b[k] == 34 || b[k] == 39) { k += 1 }  // closing quote of a JSON key
            else if k + 1 < b.count && b[k] == 92 && b[k + 1] == 34 { k += 2 }  // \" of JSON inside a string
            var s = k
            while s < b.count && b[s] == 32 { s += 1 }
            var sepEnd = -1
            var viaTo = false
            if s < b.count && (b[s] == 61 || b[s] == 58) {
                sepEnd = s + 1
            } else if s + 2 < b.count && b[s] == 116 && b[s + 1] == 111 && b[s + 2] == 32 {  // "to "
                sepEnd = s + 2
                viaTo = true
            }
            guard sepEnd > 0 else { i = j; continue }
            var v = sepEnd
            while v < b.count && b[v] == 32 { v += 1 }
            guard v < b.count else { i = j; continue }
            // `X to word` is prose ("*v1.Secret to be up and running") unless the value is quoted
            // or X is an environment-variable name (`VSPHERE_PASSWORD to hunter2`).
            if viaTo && b[v] != 34 && b[v] != 39 && b[v] != 92
                && !b[i..<j].allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }) { i = j; continue }
            out += b[j..<v]
            if b[v] == 34 || b[v] == 39 {
                let quote = b[v]
                var e = v + 1
                while e < b.count && b[e] != quote { if b[e] == 92 { e += 1 }; e += 1 }
                out.append(quote)
                out += Array(mask.utf8)
                if e < b.count { out.append(quote) }
                i = min(e + 1, b.count)
            } else if b[v] == 92 && v + 1 < b.count && b[v + 1] == 34 {
                // JSON-in-a-string: \"value\"
                var e = v + 2
                while e + 1 < b.count && !(b[e] == 92 && b[e + 1] == 34) { e += 1 }
                out += [92, 34] + Array(mask.utf8)
                if e + 1 < b.count { out += [92, 34] }
                i = min(e + 2, b.count)
            } else {
                var e = v
                while e < b.count && b[e] != 32 && b[e] != 44 && b[e] != 125 && b[e] != 9 { e += 1 }
                if e == v { i = v; continue }
                out += Array(mask.utf8)
                i = e
            }
        }
        return out
    }

    /// Whether `word` (lower case) occurs in `b`, in any case.
    static func containsFolded(_ b: [UInt8], _ word: [UInt8]) -> Bool {
        guard b.count >= word.count else { return false }
        return b.withUnsafeBufferPointer { p in
            for i in 0...(p.count - word.count) where lower(p[i]) == word[0] {
                var k = 1
                while k < word.count && lower(p[i + k]) == word[k] { k += 1 }
                if k == word.count { return true }
            }
            return false
        }
    }

    private static let encodedOpen = Array("<encoded:".utf8)
    private static let bearerWord = Array("bearer ".utf8)
    private static let pemBeginWord = Array("-----begin ".utf8)

    static func maskEncoded(_ b: [UInt8]) -> [UInt8] {
        guard containsFolded(b, encodedOpen) else { return b }
        return replaceSpans(b, open: Array("<encoded:".utf8), close: 62) { _ in Array("<encoded:\(mask)>".utf8) }
    }

    static func maskBearer(_ b: [UInt8]) -> [UInt8] {
        guard containsFolded(b, bearerWord) else { return b }
        var out: [UInt8] = []
        var i = 0
        let word = Array("bearer ".utf8)
        while i < b.count {
            if i + word.count < b.count, (0..<word.count).allSatisfy({ lower(b[i + $0]) == word[$0] }) {
                out += b[i..<(i + word.count)]
                var e = i + word.count
                while e < b.count && b[e] != 32 && b[e] != 34 && b[e] != 39 { e += 1 }
                out += Array(mask.utf8)
                i = e
                continue
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    static func maskPEM(_ b: [UInt8]) -> [UInt8] {
        guard containsFolded(b, pemBeginWord) else { return b }
        let begin = Array("-----BEGIN ".utf8)
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if i + begin.count <= b.count, b[i..<(i + begin.count)].elementsEqual(begin) {
                let end = Array("-----END ".utf8)
                var e = i + begin.count
                var found = -1
                while e + end.count <= b.count {
                    if b[e..<(e + end.count)].elementsEqual(end) { found = e; break }
                    e += 1
                }
                out += Array("-----BEGIN \(mask)-----".utf8)
                if found < 0 { return out }
                var close = found + end.count
                var dashes = 0
                while close < b.count && dashes < 5 { if b[close] == 45 { dashes += 1 }; close += 1 }
                i = close
                continue
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    static func isBase64(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 43 || c == 47 || c == 61
    }

    /// Runs of 100+ base64 characters with upper, lower and digits (certificates, kubeconfig data).
    static func maskBase64(_ b: [UInt8]) -> [UInt8] {
        var run = 0, longest = 0
        for c in b { run = isBase64(c) ? run + 1 : 0; longest = max(longest, run) }
        guard longest >= 100 else { return b }
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if isBase64(b[i]) && (i == 0 || !isBase64(b[i - 1])) {
                var e = i
                var upper = false, lowerCase = false, digit = false
                while e < b.count && isBase64(b[e]) {
                    let c = b[e]
                    if c >= 65 && c <= 90 { upper = true } else if c >= 97 && c <= 122 { lowerCase = true } else if c >= 48 && c <= 57 { digit = true }
                    e += 1
                }
                if e - i >= 100 && upper && lowerCase && digit {
                    out += Array(mask.utf8)
                } else {
                    out += b[i..<e]
                }
                i = e
                continue
            }
            out.append(b[i])
            i += 1
        }
        return out
    }

    static func replaceSpans(_ b: [UInt8], open: [UInt8], close: UInt8, with make: ([UInt8]) -> [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if i + open.count <= b.count, (0..<open.count).allSatisfy({ lower(b[i + $0]) == open[$0] }) {
                var e = i + open.count
                while e < b.count && b[e] != close { e += 1 }
                out += make(Array(b[i..<min(e + 1, b.count)]))
                i = min(e + 1, b.count)
                continue
            }
            out.append(b[i])
            i += 1
        }
        return out
    }
}
