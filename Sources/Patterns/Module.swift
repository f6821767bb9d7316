/// Patterns: loads a pattern folder (grok files, event rules, phase and other rule documents) and checks
/// every sample at load, reporting problems with `path:line` and a hint.
enum PatternsModule {}
