import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@testable import LogScan

/// The reading matrix of STYLE.md: every chunk size × line ending × final newline × payload must
/// hand out exactly the same lines.
struct LineReaderTests {
    /// A line the reader handed out, copied out of the callback.
    struct ReadLine: Equatable, CustomStringConvertible {
        var number: Int
        var bytes: [UInt8]
        var truncated: Bool
        var description: String { "\(number):\(String(decoding: bytes, as: UTF8.self).debugDescription)\(truncated ? " (truncated)" : "")" }
    }

    enum Ending: String, CaseIterable { case lf, crlf }
    enum Payload: String, CaseIterable { case ascii, invalidUTF8, nul }

    /// The lines of each payload, without terminators.
    static func lines(_ payload: Payload) -> [[UInt8]] {
        switch payload {
        case .ascii:
            return [Array("I0516 11:27:44.345583 init.go:627] Validating configuration...".utf8), [],
                    Array("  indented continuation".utf8), Array("last line".utf8)]
        case .invalidUTF8:
            return [[0xFF, 0xFE, 0x41], Array("ok ".utf8) + [0xC3, 0x28] + Array(" broken pair".utf8),
                    [0xE2, 0x82], Array("tail \u{2139} glyph".utf8)]
        case .nul:
            return [[0x61, 0x00, 0x62], [0x00], Array("after nul".utf8), [0x00, 0x00, 0x0D, 0x7A]]
        }
    }

    static func file(_ lines: [[UInt8]], ending: Ending, finalNewline: Bool) -> [UInt8] {
        let terminator: [UInt8] = ending == .lf ? [0x0A] : [0x0D, 0x0A]
        var out: [UInt8] = []
        for (i, line) in lines.enumerated() {
            out += line
            if i < lines.count - 1 || finalNewline { out += terminator }
        }
        return out
    }

    /// Reads `path` with a fresh reader and returns every line.
    static func read(_ path: String, chunkSize: Int, maxLineBytes: Int = 1 << 20) throws -> (lines: [ReadLine], reader: LineReader) {
        let fd = open(path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        let reader = LineReader(fd: fd, chunkSize: chunkSize, maxLineBytes: maxLineBytes)
        var out: [ReadLine] = []
        try reader.forEachLine { line in
            out.append(ReadLine(number: line.number, bytes: Array(line.bytes), truncated: line.truncated))
            return true
        }
        return (out, reader)
    }

    static let chunkSizes = [1, 7, 4096, 0]  // 0: the whole file in one read

    @Test(arguments: Payload.allCases, Ending.allCases)
    func readingMatrix(_ payload: Payload, _ ending: Ending) throws {
        let dir = try TempDir()
        let expected = Self.lines(payload)
        for finalNewline in [true, false] {
            let bytes = Self.file(expected, ending: ending, finalNewline: finalNewline)
            let path = try dir.write("\(payload)-\(ending)-\(finalNewline).log", bytes)
            for chunk in Self.chunkSizes {
                let size = chunk == 0 ? max(bytes.count, 1) : chunk
                let (got, reader) = try Self.read(path, chunkSize: size)
                let want = expected.enumerated().map { ReadLine(number: $0.offset + 1, bytes: $0.element, truncated: false) }
                #expect(got == want, "payload \(payload), \(ending), final newline \(finalNewline), chunk \(size)")
                #expect(reader.bytesRead == Int64(bytes.count))
                #expect(reader.truncatedLines == 0)
            }
        }
    }

    @Test func emptyFileHasNoLines() throws {
        let dir = try TempDir()
        let path = try dir.write("empty.log", [])
        for chunk in [1, 7, 4096] {
            #expect(try Self.read(path, chunkSize: chunk).lines.isEmpty)
        }
    }

    @Test func blankLinesAreKept() throws {
        let dir = try TempDir()
        let path = try dir.write("blank.log", "\n\r\n\nx")
        for chunk in Self.chunkSizes.map({ $0 == 0 ? 16 : $0 }) {
            let got = try Self.read(path, chunkSize: chunk).lines
            #expect(got.map(\.bytes) == [[], [], [], [0x78]], "chunk \(chunk)")
            #expect(got.map(\.number) == [1, 2, 3, 4])
        }
    }

    /// Chunk size 1 is tested apart in `oneByteChunksAtTheLimit` (it hangs, see there).
    @Test(arguments: [7, 4096, 1 << 16])
    func overlongLineIsCutCountedAndTheNextLineStillRead(_ chunk: Int) throws {
        let dir = try TempDir()
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 5000)
        let text = Array("first\n".utf8) + long + Array("\nnext line\n".utf8) + long + [0x0A]
        let path = try dir.write("long.log", text)
        let (got, reader) = try Self.read(path, chunkSize: chunk, maxLineBytes: 100)
        #expect(got.map(\.number) == [1, 2, 3, 4])
        #expect(got.map(\.truncated) == [false, true, false, true])
        #expect(got[1].bytes == [UInt8](repeating: UInt8(ascii: "x"), count: 100))
        #expect(got[2].bytes == Array("next line".utf8))
        #expect(reader.truncatedLines == 2)
    }

    @Test(arguments: [7, 4096, 1 << 16])
    func overlongLastLineWithoutNewline(_ chunk: Int) throws {
        let dir = try TempDir()
        let path = try dir.write("long-last.log", Array("a\n".utf8) + [UInt8](repeating: 0x79, count: 300))
        let (got, reader) = try Self.read(path, chunkSize: chunk, maxLineBytes: 64)
        #expect(got.count == 2)
        #expect(got.last?.bytes.count == 64)
        #expect(got.last?.truncated == true)
        #expect(reader.truncatedLines == 1)
    }

    @Test(arguments: [1, 7, 4096])
    func lineOfExactlyTheLimitIsNotTruncated(_ chunk: Int) throws {
        let dir = try TempDir()
        let line = [UInt8](repeating: 0x7A, count: 64)
        let path = try dir.write("exact.log", line + [0x0A] + line + [0x0A])
        let (got, reader) = try Self.read(path, chunkSize: chunk, maxLineBytes: 64)
        #expect(got.map(\.truncated) == [false, false])
        #expect(got.map(\.bytes) == [line, line])
        #expect(reader.truncatedLines == 0)
    }

    @Test(arguments: [2, 7, 4096])
    func crlfLineOfExactlyTheLimitIsNotTruncated(_ chunk: Int) throws {
        // The CR is part of the terminator, not of the line: a CRLF line of exactly `maxLineBytes`
        // must read like its LF twin whatever the chunk size.
        let dir = try TempDir()
        let line = [UInt8](repeating: 0x7A, count: 64)
        let path = try dir.write("exact-crlf.log", line + [0x0D, 0x0A] + Array("next".utf8) + [0x0D, 0x0A])
        let (got, reader) = try Self.read(path, chunkSize: chunk, maxLineBytes: 64)
        #expect(got.map(\.bytes) == [line, Array("next".utf8)])
        #expect(got.map(\.truncated) == [false, false])
        #expect(reader.truncatedLines == 0)
    }

    /// With 1-byte reads, a line that reaches `maxLineBytes + 1` bytes before its LF must be read
    /// (CRLF at the limit) or cut (longer), not loop forever.
    @Test
    func oneByteChunksAtTheLimit() throws {
        let dir = try TempDir()
        let line = [UInt8](repeating: 0x7A, count: 64)
        let crlf = try dir.write("exact-crlf.log", line + [0x0D, 0x0A] + Array("next".utf8) + [0x0A])
        #expect(try Self.read(crlf, chunkSize: 1, maxLineBytes: 64).lines.map(\.truncated) == [false, false])
        let long = try dir.write("long.log", [UInt8](repeating: 0x78, count: 500) + Array("\nnext\n".utf8))
        let (got, reader) = try Self.read(long, chunkSize: 1, maxLineBytes: 64)
        #expect(got.map(\.truncated) == [true, false])
        #expect(reader.truncatedLines == 1)
    }

    @Test func peekDoesNotConsume() throws {
        let dir = try TempDir()
        let path = try dir.write("peek.log", "line one\nline two\nline three")
        for chunk in [1, 7, 4096] {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            let reader = LineReader(fd: fd, chunkSize: chunk, maxLineBytes: 1024)
            let head = try reader.peek(atLeast: 12)
            #expect(head.count >= 12)
            #expect(Array(head.prefix(12)) == Array("line one\nlin".utf8))
            // A second, larger peek still starts at the first byte.
            let more = try reader.peek(atLeast: 1 << 20)
            #expect(Array(more) == Array("line one\nline two\nline three".utf8))
            var lines: [String] = []
            try reader.forEachLine { lines.append(String(decoding: $0.bytes, as: UTF8.self)); return true }
            #expect(lines == ["line one", "line two", "line three"], "chunk \(chunk)")
        }
    }

    @Test func stopsWhenTheBodyReturnsFalse() throws {
        let dir = try TempDir()
        let path = try dir.write("stop.log", "a\nb\nc\n")
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = LineReader(fd: fd, chunkSize: 1)
        var seen = 0
        try reader.forEachLine { _ in seen += 1; return seen < 2 }
        #expect(seen == 2)
    }

    /// Each line's offset is where its first byte is in the file, with any chunk size, CRLF and
    /// overlong lines; a reader started part way (`origin`) counts from the file's start.
    @Test(arguments: [1, 5, 4096])
    func linesKnowWhereTheyStartInTheFile(_ chunk: Int) throws {
        let dir = try TempDir()
        let text = "first\r\nsecond line\n\nan overlong line here\nlast"
        let path = try dir.write("offsets.log", text)
        let bytes = Array(text.utf8)
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        for origin in [0, starts[1], starts[3]] {
            let fd = open(path, O_RDONLY)
            defer { close(fd) }
            #expect(lseek(fd, off_t(origin), SEEK_SET) == off_t(origin))
            let reader = LineReader(fd: fd, chunkSize: chunk, maxLineBytes: 8, origin: Int64(origin))
            var offsets: [Int64] = []
            var numbers: [Int] = []
            try reader.forEachLine { line in
                offsets.append(line.offset)
                numbers.append(line.number)
                return true
            }
            #expect(offsets == starts.filter { $0 >= origin }.map(Int64.init), "origin \(origin), chunk \(chunk)")
            #expect(numbers == Array(1...offsets.count))
        }
    }

    @Test func readErrorIsAScanError() throws {
        // A descriptor open for writing only cannot be read.
        let dir = try TempDir()
        let path = try dir.write("wo.log", "x\n")
        let fd = open(path, O_WRONLY)
        defer { close(fd) }
        let reader = LineReader(fd: fd, chunkSize: 16)
        #expect(throws: ScanError.self) { try reader.forEachLine { _ in true } }
    }
}
