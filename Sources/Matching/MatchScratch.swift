import CPCRE2

/// The mutable state one thread needs to run matches: PCRE2 match data, a match context with a
/// match limit, and a JIT stack. Create one per thread (or per scan) and never share it.
public final class MatchScratch {
    /// The default limit on backtracking steps per match; a line that needs more is an error for that line.
    public static let defaultMatchLimit: UInt32 = 200_000

    private(set) var matchData: OpaquePointer
    /// How many groups the last successful match set (PCRE2's return code).
    var groupsSet = 0
    private var groupCapacity: Int
    let context: OpaquePointer
    private let jitStack: OpaquePointer?

    /// Creates scratch space with a match limit and a JIT stack of at most `maxStackBytes`.
    public init(matchLimit: UInt32 = MatchScratch.defaultMatchLimit, maxStackBytes: Int = 1 << 20) {
        groupCapacity = 32
        matchData = pcre2_match_data_create_8(UInt32(groupCapacity), nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, matchLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, maxStackBytes, nil)
        if let jitStack {
            pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack))
        }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The byte range of `group` in the last successful match, or nil when the group did not take part.
    @inline(__always)
    public func range(ofGroup group: Int) -> Range<Int>? {
        guard group < groupsSet else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let start = ovector[2 * group], end = ovector[2 * group + 1]
        if start == ~0 as Int || end < start { return nil }
        return start..<end
    }

    /// How many groups (group 0 included) the last successful match set; 0 after a failed one.
    public var groupCount: Int { groupsSet }

    /// Makes the scratch look as if a match had just set `count` groups to `ranges(group)` (nil for a
    /// group that did not take part): used to replay a remembered match without running PCRE2.
    @inline(__always)
    public func restore(groups count: Int, _ ranges: (Int) -> Range<Int>?) {
        reserve(groups: count)
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        for group in 0..<count {
            if let r = ranges(group) {
                ovector[2 * group] = r.lowerBound; ovector[2 * group + 1] = r.upperBound
            } else {
                ovector[2 * group] = ~0; ovector[2 * group + 1] = ~0
            }
        }
        groupsSet = count
    }

    /// Makes sure the match data can hold `groups` pairs (group 0 included).
    func reserve(groups: Int) {
        guard groups > groupCapacity else { return }
        pcre2_match_data_free_8(matchData)
        groupCapacity = groups
        matchData = pcre2_match_data_create_8(UInt32(groups), nil)
    }
}
