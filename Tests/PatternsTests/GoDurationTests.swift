import Testing
import LogModel
@testable import Patterns

struct GoDurationTests {
    @Test(arguments: [
        ("1m5.2s", 65.2), ("850ms", 0.85), ("2m0s", 120), ("1h2m3s", 3723), ("10.36s", 10.36), ("30m0s", 1800),
        ("1.5µs", 1.5e-6), ("1.5us", 1.5e-6), ("12ns", 12e-9), ("0", 0), ("-1m30s", -90), ("1h", 3600),
    ] as [(String, Double)])
    func seconds(_ text: String, _ expected: Double) throws {
        let value = try #require(GoDuration.seconds(text[...]))
        #expect(abs(value - expected) < 1e-9, "\(text) → \(value)")
    }

    @Test(arguments: ["", "-", "5", "5 minutes", "1x", "m", "1m5", "1.2.3s", "abc", "s5", "1m 5s", "1d"])
    func invalid(_ text: String) {
        #expect(GoDuration.seconds(text[...]) == nil)
    }

    @Test func fieldTypeConversion() {
        #expect(FieldType.duration.convert("1m5s") == .duration(65))
        #expect(FieldType.duration.convert("soon") == nil)
        #expect(FieldType.int.convert("1800") == .int(1800))
        #expect(FieldType.int.convert("18.5") == nil)
        #expect(FieldType.float.convert("10.36") == .float(10.36))
        #expect(FieldType.string.convert("x") == .string("x"))
    }
}
