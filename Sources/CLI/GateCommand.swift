import ArgumentParser
import Baseline
import Foundation
import LogModel
import Reporting

/// `tkgqa gate RUN --history H`: fails a pipeline when a phase got slower for real, and only then.
struct GateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Compare a run's phases with recent runs of the history and fail on a real regression.",
        discussion: """
        For each phase, the baseline is the --window most recent runs of the history that started \
        before this run, share its labels (--match) and are not excluded. A phase is a regression only \
        when it is slower than median + k*1.4826*MAD of the baseline AND slower by at least --min-rel \
        AND by at least --min-abs. Other verdicts: improvement, ok, insufficient-data (fewer than \
        --min-samples values: a warning), new-phase, missing-phase, over-budget, failed. A run that \
        failed, was left open or has a stuck loop fails the gate. Budgets come from the phase rules \
        (budget: in patterns/phases, e.g. seed 003's 10 minutes for a standalone cluster) and only \
        warn, naming their source, unless --budgets fail.

        Exit 0: pass. 1: a regression, a phase over budget with --budgets fail, a failed run or a stuck loop. 2: the run or \
        the history could not be read. 3: nothing failed but a verdict named by --fail-on occurred.
        """
    )

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, help: "How many recent runs form the baseline.")
    var window = 20

    @Option(name: .customLong("k"), help: "How many scaled MADs above the median is beyond the noise.")
    var k = 4.0

    @Option(name: .long, help: ArgumentHelp("Smallest relative slowdown that counts: 20% or 0.2.", valueName: "ratio"))
    var minRel = "20%"

    @Option(name: .long, help: ArgumentHelp("Smallest absolute slowdown that counts, in seconds.", valueName: "seconds"))
    var minAbs = 30.0

    @Option(name: .long, help: "Fewer baseline values than this give insufficient-data.")
    var minSamples = 5

    @Option(name: .long, help: ArgumentHelp("Labels a baseline run must share with this run, comma-separated (none: any run).", valueName: "labels"))
    var match = GateParameters.defaultMatchLabels.joined(separator: ",")

    @Option(name: .long, help: ArgumentHelp("Also exit 3 when a phase gets this verdict (repeatable): insufficient, new-phase, missing-phase.", valueName: "verdict"))
    var failOn: [FailOn] = []

    @Option(name: .long, help: ArgumentHelp("A phase over its budget: warn (default) or fail the gate.", valueName: "warn|fail"))
    var budgets: BudgetMode = .warn

    enum BudgetMode: String, ExpressibleByArgument, CaseIterable { case warn, fail }

    @Option(name: .long, help: "Output format: table, json, junit or markdown.")
    var format: GateFormatOption = .table

    @Option(name: [.short, .long], help: ArgumentHelp("Write the report here (default: standard output).", valueName: "file"))
    var output: String?

    @Argument(help: ArgumentHelp("The run: its logs, or one timeline JSON or run summary.", valueName: "run"))
    var inputs: [String]

    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case insufficient, newPhase = "new-phase", missingPhase = "missing-phase"
        var kind: GateVerdict.Kind {
            switch self {
            case .insufficient: return .insufficientData
            case .newPhase: return .newPhase
            case .missingPhase: return .missingPhase
            }
        }
    }

    enum GateFormatOption: String, ExpressibleByArgument, CaseIterable { case table, json, junit, markdown }

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("name the run to gate: its logs, a timeline JSON or a run summary") }
        if window < 1 { throw ValidationError("--window \(window) must be at least 1") }
        if minSamples < 1 { throw ValidationError("--min-samples \(minSamples) must be at least 1") }
        if !(k > 0) { throw ValidationError("--k \(k) must be above 0") }
        if minAbs < 0 { throw ValidationError("--min-abs \(minAbs) must not be negative") }
        _ = try parseRatio(minRel)
        _ = try runOptions.parsedLabels()
    }

    /// `20%` → 0.2; `0.2` → 0.2.
    func parseRatio(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix("%"), let v = Double(trimmed.dropLast()), v >= 0 { return v / 100 }
        if let v = Double(trimmed), v >= 0, v <= 1 { return v }
        throw ValidationError("--min-rel \"\(text)\" is not a ratio; write 20% or 0.2")
    }

    var parameters: GateParameters {
        let labels = match.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0 != "none" }
        return GateParameters(window: window, k: k, minRelative: (try? parseRatio(minRel)) ?? 0.2, minAbsoluteSeconds: minAbs,
                              minSamples: minSamples, matchLabels: labels)
    }

    func run() throws {
        let run = try exitOnBaselineError { try loadRun(inputs, log: log, labels: runOptions.parsedLabels()) }
        let p = parameters
        var baseline: [RunSummary] = []
        if let store = try historyOptions.openForReading() {
            var labels: [String: String] = [:]
            for key in p.matchLabels { if let v = run.labels[key] { labels[key] = v } }
            let query = BaselineQuery(labels: labels, before: run.start, excluding: run.hash, limit: p.window)
            baseline = try exitOnBaselineError { try store.baseline(query) }
        }
        let gate = Gate(parameters: p, inconclusiveOn: Set(failOn.map(\.kind)), hardBudgets: budgets == .fail)
        let report = gate.evaluate(run, baseline: baseline)

        let text: String
        switch format {
        case .table: text = GateTableRenderer().render(report)
        case .json: text = try GateJSONRenderer().render(report)
        case .junit: text = GateJUnitRenderer().render(report)
        case .markdown: text = GateMarkdownRenderer().render(report)
        }
        try writeOutput(Data(text.utf8), to: output)

        let thin = report.count(.insufficientData)
        if thin > 0 && !failOn.contains(.insufficient) {
            Console.warning("\(thin) phase\(thin == 1 ? " has" : "s have") fewer than \(p.minSamples) baseline runs (\(report.baselineRuns.count) matched); the gate cannot judge \(thin == 1 ? "it" : "them") yet")
        }
        if budgets == .warn {
            let sources = budgetSources(options: log)
            for v in report.phases where v.verdict == .overBudget {
                let took = v.current.map { GateFormat.seconds($0) } ?? "?"
                let budget = v.budgetSeconds.map { GateFormat.seconds($0) } ?? "?"
                let source = sources[v.key].map { " (\($0))" } ?? ""
                Console.warning("\(v.key) took \(took), over its budget of \(budget)\(source); --budgets fail makes budgets fail the gate")
            }
        }
        switch report.result {
        case .pass: return
        case .fail: throw ExitCode(1)
        case .inconclusive: throw ExitCode(3)
        }
    }
}
