import ArgumentParser

/// The `tkgqa` root command.
public struct TKGQA: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tkgqa",
        abstract: "Analyze Tanzu Kubernetes Grid testbed logs and verify clusters.",
        version: "0.1.0",
        subcommands: [EventsCommand.self, GenerateCommand.self, LintCommand.self, SummarizeCommand.self, HistoryCommand.self, GateCommand.self, DiffCommand.self]
    )
    public init() {}
}
