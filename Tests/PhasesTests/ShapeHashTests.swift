import Testing
@testable import Phases

/// The unknown-loop detector's shape hash: lines that differ only in their numbers share a hash,
/// whatever the numbers' lengths (the word-at-a-time path must pack exactly like the byte path),
/// and lines of different shape do not.
struct ShapeHashTests {
    static func hash(_ text: String) -> UInt64 {
        Array(text.utf8).withUnsafeBytes { UnknownLoopDetector.shapeHash($0) }
    }

    /// A reference: the folded stream computed byte by byte, the way the hash defines it.
    static func folded(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var inNumber = false
        for c in text.utf8.prefix(96) {
            let digit = c >= 48 && c <= 57
            let continues = (c >= 97 && c <= 102) || c == 46 || c == 58
            if digit || (inNumber && continues) {
                if !inNumber { out.append(35) }
                inNumber = true
            } else {
                inNumber = false
                out.append(c)
            }
        }
        return out
    }

    @Test(arguments: [
        ("waiting for machine wl-1-md-0-abc to come up, attempt 3", "waiting for machine wl-1234-md-0-abc to come up, attempt 12345"),
        ("7 replicas", "123456789 replicas"),
        ("reconcileID=12 name=foo controller=bar kind=Machine", "reconcileID=1234567 name=foo controller=bar kind=Machine"),
        ("x 1 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy 22 zzzzzzzzzzzzzzzzzz", "x 333 yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy 4 zzzzzzzzzzzzzzzzzz"),
        ("at 20:09:55.303 pod started", "at 9:5:5.3 pod started"),
    ])
    func numbersOfAnyLengthShareAShape(_ a: String, _ b: String) {
        #expect(Self.folded(a) == Self.folded(b))
        #expect(Self.hash(a) == Self.hash(b))
    }

    @Test func differentShapesHashApart() {
        let lines = ["waiting for machine to come up", "waiting for machines to come up", "waiting for machine to come up!",
                     "waiting for machine # to come up", "waiting for machine 1 to come up", "", "a", "abcdefgh", "abcdefghi",
                     String(repeating: "long line without digits ", count: 8)]
        var hashes: [UInt64: String] = [:]
        for line in lines {
            let h = Self.hash(line)
            if let other = hashes[h] {
                #expect(Self.folded(other) == Self.folded(line), "\"\(line)\" and \"\(other)\" share a hash")
            }
            hashes[h] = line
        }
        // "#" typed and a folded number are the same shape.
        #expect(Self.hash("waiting for machine # to come up") == Self.hash("waiting for machine 1 to come up"))
    }

    @Test func onlyTheFirst96BytesCount() {
        let head = String(repeating: "p", count: 96)
        #expect(Self.hash(head + "tail one") == Self.hash(head + "other tail 2"))
    }
}
