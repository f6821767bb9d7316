import ArgumentParser
import Foundation
import Reporting

/// `tkgqa generate`: writes a large realistic log for benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a large, realistic TKG CLI log (back-to-back cluster creates at -v 9) for benchmarks."
    )

    @Option(name: .long, help: "Approximate size: bytes, or with a K, M or G suffix.")
    var size: String = "100M"

    @Option(name: .long, help: "Random seed; the same seed gives the same log.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Controller-log lines (matched by no rule) after each CLI line: 0 gives a -v 9 audit log where most lines are events, 9 a log where one line in ten is.")
    var noise = 0

    @Option(name: [.short, .long], help: "Output file (default: standard output).")
    var output: String?

    func run() throws {
        guard let bytes = Self.parseSize(size) else {
            throw ValidationError("--size \"\(size)\" is not a size; use e.g. 500M or 1G")
        }
        var fd: Int32 = 1
        if let output {
            fd = open(output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard fd >= 0 else {
                Console.error("\(output): cannot write: \(String(cString: strerror(errno)))")
                throw ExitCode(2)
            }
        }
        defer { if fd != 1 { close(fd) } }
        let out = ByteWriter(fd: fd, flushAt: 4 << 20)
        var generator = LogGenerator(seed: seed)
        generator.noisePerLine = max(0, noise)
        generator.generate(bytes: bytes) { out.write($0) }
        out.flush()
    }

    static func parseSize(_ text: String) -> Int64? {
        let units: [Character: Int64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = text.uppercased().last, let unit = units[last], let n = Double(text.dropLast()) {
            return Int64(n * Double(unit))
        }
        return Int64(text)
    }
}
