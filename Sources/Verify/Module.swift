/// Verify: the assertion DSL — checks over cluster state and logs, their YAML form and their evaluation.
enum VerifyModule {}
