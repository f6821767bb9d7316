import ArgumentParser

/// The `tkgqa` root command.
public struct TKGQA: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tkgqa",
        abstract: "Analyze Tanzu Kubernetes Grid testbed logs and verify clusters.",
        discussion: """
        Exit codes: 0 success; 1 a verdict failed (an operation failed or was left open, a check \
        failed); 2 could not evaluate (unreadable input, bad patterns or spec); 3 nothing failed but \
        something was inconclusive, or the log holds no operation tkgqa recognises; 64 usage error.
        """,
        version: "0.1.0",
        subcommands: [AnalyzeCommand.self, WatchCommand.self, EventsCommand.self, SummarizeCommand.self, HistoryCommand.self,
                      GateCommand.self, DiffCommand.self, VerifyCommand.self, RecordCommand.self, LintCommand.self, GenerateCommand.self]
    )
    public init() {}
}
