/// A compiled pattern that finds matches in raw bytes.
///
/// Matchers are shared across threads; all mutable matching state lives in a `MatchScratch` that each
/// thread owns, in the manner of ripgrep's `grep-matcher` (one tiny protocol, one adapter per engine).
public protocol Matcher: Sendable {
    /// The number of capture groups, not counting the whole match.
    var captureCount: Int { get }
    /// The names of the named capture groups with their group numbers.
    var captureNames: [(name: String, group: Int)] { get }
    /// Finds the first match in `bytes`, or `nil`. A match or JIT-stack limit throws `MatchError`.
    func firstMatch(in bytes: UnsafeRawBufferPointer, scratch: MatchScratch) throws(MatchError) -> Match?
}

/// One match: the byte range of the whole match and of each capture group (nil when unset).
public struct Match: Sendable, Equatable {
    /// Group 0 is the whole match; group n is the n-th capture group.
    public var groups: [Range<Int>?]

    public init(groups: [Range<Int>?]) { self.groups = groups }

    /// The byte range of the whole match.
    public var range: Range<Int> { groups[0]! }
}
