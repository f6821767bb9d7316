import ArgumentParser
import Baseline
import Foundation
import Phases
import LogModel

/// `tkgqa summarize LOG|TIMELINE.json -o run.json`: one run reduced to what the gate compares.
struct SummarizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Reduce a run (logs or a timeline JSON) to a run summary for the history and the gate.",
        discussion: """
        The summary holds the run's labels (testbed, provider, tkgVersion, plan, kubernetesVersion, \
        cni: from the log where it shows them, --label k=v otherwise), every operation and phase with \
        its duration and outcome, loop summaries, the start time and a content hash (the same run \
        summarized twice hashes the same). Several logs of one run are read together. Exit 2 when an \
        input cannot be read.
        """
    )

    @OptionGroup var log: LogOptions
    @OptionGroup var runOptions: RunOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Write the summary here (default: standard output).", valueName: "file"))
    var output: String?

    @Argument(help: ArgumentHelp("The run's logs, or one timeline JSON (tkgqa analyze --format json) or run summary.", valueName: "input"))
    var inputs: [String]

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("name the run's logs, or one timeline or run summary JSON file") }
        _ = try runOptions.parsedLabels()
    }

    func run() throws {
        let summary = try exitOnBaselineError { try loadRun(inputs, log: log, labels: runOptions.parsedLabels()) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(summary) + Data("\n".utf8)
        try writeOutput(data, to: output)
    }
}

/// Options for commands that take a run: extra labels.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("label"), help: ArgumentHelp("Label the run (repeatable): testbed=lab-3, provider=vsphere, ... Overrides what the log shows.", valueName: "k=v"))
    var labels: [String] = []

    /// `--label k=v` as a dictionary.
    func parsedLabels() throws -> [String: String] {
        var out: [String: String] = [:]
        for text in labels {
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                throw ValidationError("--label \"\(text)\" is not k=v; write e.g. --label testbed=lab-3")
            }
            let key = String(text[..<eq]), value = String(text[text.index(after: eq)...])
            guard key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
                throw ValidationError("--label \"\(text)\": the key may hold letters, digits, - _ . only")
            }
            out[key] = value
        }
        return out
    }
}

/// Reads the logs of one run into a timeline: the one place where commands of the gate family meet
/// the analyzer. Several logs are one run (merged by time).
func loadTimeline(logs: [String], options: LogOptions, threads: Int = AnalyzeCommand.defaultThreads) throws -> Timeline {
    try AnalyzeCommand.analyze(logs, options: options, merge: logs.count > 1, threads: threads)
}

/// Phase budgets from the phase rules (absolute ceilings the gate checks), by operation and phase.
///
/// Loaded once per pattern folder and process: `history add` asks for every file it reads, and
/// loading the patterns (~50 ms in a debug build) cost more than reading a timeline JSON.
func phaseBudgets(options: LogOptions) -> [PhaseKey: Double] {
    budgetCache.lock.lock(); defer { budgetCache.lock.unlock() }
    let key = options.patterns ?? ""
    if let cached = budgetCache.byPatterns[key] { return cached }
    var budgets: [PhaseKey: Double] = [:]
    if let patterns = try? options.loadPatterns(), let rules = try? PhaseRuleLoader.load(patterns) {
        for op in rules.operations {
            if let b = op.budgetSeconds { budgets[PhaseKey(operation: op.kind, phase: PhaseKey.total)] = b }
            for phase in op.phases { if let b = phase.budgetSeconds { budgets[PhaseKey(operation: op.kind, phase: phase.id)] = b } }
        }
    }
    budgetCache.byPatterns[key] = budgets
    return budgets
}

private final class BudgetCache: @unchecked Sendable {
    let lock = NSLock()
    var byPatterns: [String: [PhaseKey: Double]] = [:]
}

private let budgetCache = BudgetCache()

/// Loads one run from its inputs: one JSON document (timeline or summary) or the run's logs,
/// analyzed on `threads` threads.
func loadRun(_ inputs: [String], log: LogOptions, labels: [String: String], threads: Int = AnalyzeCommand.defaultThreads) throws -> RunSummary {
    let json = inputs.filter { RunDocument.looksLikeJSON(path: $0) }
    if !json.isEmpty {
        guard inputs.count == 1 else {
            throw BaselineError(.badInput, "give one timeline or run summary JSON file for a run, or its logs, not both (\(inputs.joined(separator: ", ")))")
        }
        return try RunDocument.load(path: inputs[0]).summary(labels: labels, summarizer: RunSummarizer(budgets: phaseBudgets(options: log)))
    }
    return RunSummarizer(budgets: phaseBudgets(options: log)).summarize(try loadTimeline(logs: inputs, options: log, threads: threads), labels: labels)
}

/// Runs `body`; a `BaselineError` is printed as one line and becomes exit 2.
func exitOnBaselineError<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as BaselineError {
        Console.error(error.description)
        throw ExitCode(2)
    }
}

/// Writes to a file (atomically) or standard output; exit 2 when the file cannot be written.
func writeOutput(_ data: Data, to path: String?) throws {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(data)
        return
    }
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        Console.error("cannot write \"\(path)\"; check the folder exists and is writable (\((error as NSError).localizedDescription))")
        throw ExitCode(2)
    }
}

/// A value that is only read across tasks, declared safe to share.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}

/// Where each phase budget comes from (`budget_source:` in the phase rules), by operation and phase.
func budgetSources(options: LogOptions) -> [PhaseKey: String] {
    guard let patterns = try? options.loadPatterns(), let rules = try? PhaseRuleLoader.load(patterns) else { return [:] }
    var sources: [PhaseKey: String] = [:]
    for op in rules.operations {
        if let s = op.budgetSource { sources[PhaseKey(operation: op.kind, phase: PhaseKey.total)] = s }
        for phase in op.phases { if let s = phase.budgetSource { sources[PhaseKey(operation: op.kind, phase: phase.id)] = s } }
    }
    return sources
}
