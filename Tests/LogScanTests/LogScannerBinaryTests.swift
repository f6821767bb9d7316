import Foundation
import Patterns
import Testing
@testable import LogScan

/// Binary input is refused with a clear error, whatever its kind: random bytes, known formats.
@Suite struct LogScannerBinaryTests {
    static func scan(_ bytes: [UInt8]) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-bin-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try LogScanner(patterns: try PatternSet.embedded()).scan(path: path) { _ in }
    }

    @Test(arguments: 1...20)
    func randomBytesAreRefused(_ seed: Int) {
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15
        let bytes = (0..<512).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 33)
        }
        #expect(throws: ScanError.self) { try Self.scan(bytes) }
    }

    @Test(arguments: [[0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0], [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00, 0, 4], [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0]] as [[UInt8]])
    func knownBinaryFormatsAreRefused(_ magic: [UInt8]) {
        #expect(throws: ScanError.self) { try Self.scan(magic + Array("I0516 11:27:44.345583 init.go:627] Validating configuration...\n".utf8)) }
    }

    @Test func textWithSomeInvalidUTF8IsRead() throws {
        var bytes = Array("I0516 11:27:44.345583 init.go:627] Validating configuration...\n".utf8)
        bytes += [0xFF, 0xFE, 0x0A]
        bytes += Array(String(repeating: "I0516 11:27:45.000000 init.go:628] cluster state is unchanged 1\n", count: 20).utf8)
        try Self.scan(bytes)
    }
}
