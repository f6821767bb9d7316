/// Matching: the `Matcher` protocol and its PCRE2 adapter, the only code that touches the C library.
/// Compiled patterns are shared across threads; each thread brings its own `MatchScratch`.
enum MatchingModule {}
