import CPCRE2

/// A `Matcher` backed by PCRE2 with JIT compilation. The only code in tkgqa that touches `CPCRE2`.
///
/// The compiled code is immutable after init and shared across threads (PCRE2 allows concurrent
/// `pcre2_match` on one code object as long as each thread has its own match data).
public final class PCRE2Matcher: Matcher, @unchecked Sendable {
    /// Options for compiling a pattern.
    public struct Options: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Letters match regardless of case.
        public static let caseless = Options(rawValue: 1 << 0)
        /// The pattern must match at the start of the subject.
        public static let anchored = Options(rawValue: 1 << 1)
    }

    private let code: OpaquePointer
    public let pattern: String
    public let captureCount: Int
    public let captureNames: [(name: String, group: Int)]
    /// Whether JIT compilation succeeded (it can be unavailable on some platforms).
    public let isJIT: Bool

    /// Compiles `pattern` as UTF-8 with `PCRE2_MATCH_INVALID_UTF`, so invalid bytes in a subject never fail a match.
    public init(_ pattern: String, options: Options = []) throws(MatchError) {
        var flags = UInt32(PCRE2_UTF) | UInt32(PCRE2_MATCH_INVALID_UTF) | UInt32(PCRE2_DUPNAMES)
        if options.contains(.caseless) { flags |= UInt32(PCRE2_CASELESS) }
        if options.contains(.anchored) { flags |= UInt32(PCRE2_ANCHORED) }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let compiled: OpaquePointer? = pattern.withCString { cString in
            cString.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count) { bytes in
                pcre2_compile_8(bytes, pattern.utf8.count, flags, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw MatchError(code: .compile, message: Self.errorMessage(errorCode), offset: errorOffset)
        }
        code = compiled
        self.pattern = pattern
        isJIT = pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0

        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        captureNames = Self.readNames(compiled)
    }

    deinit { pcre2_code_free_8(code) }

    public func firstMatch(in bytes: UnsafeRawBufferPointer, scratch: MatchScratch) throws(MatchError) -> Match? {
        scratch.reserve(groups: captureCount + 1)
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? Self.emptySubject
        let rc = pcre2_match_8(code, base, bytes.count, 0, 0, scratch.matchData, scratch.context)
        if rc == PCRE2_ERROR_NOMATCH { return nil }
        if rc < 0 {
            switch rc {
            case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_HEAPLIMIT:
                throw MatchError(code: .matchLimit, message: "match limit exceeded")
            case PCRE2_ERROR_JIT_STACKLIMIT:
                throw MatchError(code: .stackLimit, message: "JIT stack limit exceeded")
            default:
                throw MatchError(code: .matching, message: Self.errorMessage(rc))
            }
        }
        let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
        var groups: [Range<Int>?] = []
        groups.reserveCapacity(captureCount + 1)
        for group in 0...captureCount {
            // PCRE2_UNSET is ~(PCRE2_SIZE)0; PCRE2_SIZE (size_t) imports as Int on Linux, so an unset
            // group below the highest set one reads as -1 (and as UInt.max where it imports unsigned).
            let start = Int(truncatingIfNeeded: ovector[2 * group]), end = Int(truncatingIfNeeded: ovector[2 * group + 1])
            if group >= Int(rc) || start < 0 || end < 0 {
                groups.append(nil)
            } else {
                groups.append(start..<end)
            }
        }
        return Match(groups: groups)
    }

    /// Whether the whole of `bytes` matches (used to check samples).
    public func matchesWhole(_ text: String, scratch: MatchScratch) throws(MatchError) -> Bool {
        let utf8 = Array(text.utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: utf8)
        guard let m = try firstMatch(in: UnsafeRawBufferPointer(rebasing: buffer[0..<utf8.count]), scratch: scratch) else { return false }
        return m.range == 0..<utf8.count
    }

    nonisolated(unsafe) private static let emptySubject: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    private static func errorMessage(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = pcre2_get_error_message_8(code, &buffer, buffer.count)
        guard n > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(n)], as: UTF8.self)
    }

    private static func readNames(_ code: OpaquePointer) -> [(name: String, group: Int)] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafeMutablePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard count > 0, let table else { return [] }
        var names: [(String, Int)] = []
        for i in 0..<Int(count) {
            let entry = table + i * Int(entrySize)
            let group = Int(entry[0]) << 8 | Int(entry[1])
            var end = 2
            while end < Int(entrySize) && entry[end] != 0 { end += 1 }
            let name = String(decoding: UnsafeBufferPointer(start: entry + 2, count: end - 2), as: UTF8.self)
            names.append((name, group))
        }
        return names.sorted { $0.1 < $1.1 }
    }
}
