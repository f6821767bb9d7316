import ArgumentParser
import Baseline
import Foundation
import LogModel
import Reporting

/// `tkgqa history ...`: the run history the gate compares with.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Keep the history of runs that gates compare with.",
        discussion: """
        The history is an SQLite file: --history sqlite:PATH (or a plain path), else $TKGQA_HISTORY, \
        else ~/.local/share/tkgqa/history.sqlite; or a PostgreSQL database that a team shares: \
        --history postgres://USER@HOST:PORT/DB (add ?sslmode=require for TLS), the password in PGPASSWORD \
        or a ~/.pgpass line, never in the URL. The schema is created and migrated by tkgqa; every \
        write is one transaction. A run is named by its hash or its first characters.
        """,
        subcommands: [HistoryAdd.self, HistoryList.self, HistoryShow.self, HistoryExclude.self, HistoryInclude.self,
                      HistoryExport.self, HistoryImport.self]
    )
}

/// `--history`, shared by every command that reads or writes the history.
struct HistoryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The history: sqlite:PATH, a file path, or postgres://USER@HOST:PORT/DB[?sslmode=require] with the password in PGPASSWORD or ~/.pgpass (default: $TKGQA_HISTORY, else ~/.local/share/tkgqa/history.sqlite).", valueName: "url"))
    var history: String?

    @Option(name: .long, help: ArgumentHelp("Seconds to reach and log in to a history server.", valueName: "seconds"))
    var connectTimeout: Double = 10

    func validate() throws {
        if !(connectTimeout > 0 && connectTimeout <= 3600) { throw ValidationError("--connect-timeout \(connectTimeout) must be between 0 and 3600 seconds") }
    }

    /// Opens the store, or prints one clear line and exits 2.
    func open(create: Bool) throws -> any HistoryStore {
        try exitOnBaselineError { try HistoryLocation.parse(history).open(create: create, connectTimeout: connectTimeout) }
    }

    /// Opens the store for reading; a history that does not exist yet is empty (nil), with a warning.
    func openForReading() throws -> (any HistoryStore)? {
        try exitOnBaselineError {
            let location = try HistoryLocation.parse(history)
            do {
                return try location.open(create: false, connectTimeout: connectTimeout)
            } catch let error as BaselineError where error.code == .missing {
                Console.warning("history \"\(location.description)\" does not exist yet: no baseline; add runs with tkgqa history add")
                return nil
            }
        }
    }
}

/// `tkgqa history add FILE...`
struct HistoryAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add runs to the history: each log, timeline JSON or run summary is one run.",
        discussion: """
        Files are read in parallel on every core (a progress line on a terminal). A run already in the \
        history (same content hash) is stored once. If any file cannot be read, nothing is added and \
        the exit code is 2.
        """
    )

    @OptionGroup var historyOptions: HistoryOptions
    @OptionGroup var log: LogOptions
    @OptionGroup var runOptions: RunOptions

    @Option(name: .long, help: ArgumentHelp("Files read at once (default: the number of cores).", valueName: "n"))
    var jobs: Int?

    @Argument(help: ArgumentHelp("Logs, timeline JSON files or run summaries; each is one run.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("name at least one log, timeline or run summary to add") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs \(jobs) must be at least 1") }
        _ = try runOptions.parsedLabels()
    }

    func run() throws {
        let store = try historyOptions.open(create: true)
        let labels = try runOptions.parsedLabels()
        let shared = UncheckedSendable(value: log)
        let files = self.files
        let progress = ProgressLine(total: files.count, verb: "reading")
        let concurrency = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        // Files are already read side by side: each on one thread (more would only contend).
        let threads = files.count > 1 && concurrency > 1 ? 1 : AnalyzeCommand.defaultThreads
        let results = blockingAwait {
            await parallelMap(files, maxConcurrency: concurrency, progress: { progress.update($0) }) { path in
                try loadRun([path], log: shared.value, labels: labels, threads: threads)
            }
        }
        progress.finish()
        var records: [HistoryRecord] = []
        var failures = 0
        for (path, result) in zip(files, results) {
            switch result {
            case .success(let summary): records.append(HistoryRecord(summary: summary))
            case .failure(let error as BaselineError):
                failures += 1
                Console.error(error.description)
            case .failure(let error):
                failures += 1
                Console.error("\(path): \(error)")
            }
        }
        if failures > 0 {
            Console.error("\(failures) of \(files.count) file\(files.count == 1 ? "" : "s") could not be read; nothing was added")
            throw ExitCode(2)
        }
        let result = try exitOnBaselineError { try store.add(records) }
        print("added \(result.added) run\(result.added == 1 ? "" : "s"), \(result.alreadyStored) already stored (\(store.location))")
    }
}

/// `tkgqa history list`
struct HistoryList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the runs in the history, oldest first.")

    @OptionGroup var historyOptions: HistoryOptions

    @Option(name: .long, help: "Output format: table or json.")
    var format: ListFormat = .table

    enum ListFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

    func run() throws {
        let records = try historyOptions.openForReading().map { store in try exitOnBaselineError { try store.records() } } ?? []
        switch format {
        case .json:
            struct Row: Encodable {
                var hash: String, start: Timestamp?, end: Timestamp?, outcome: TimelineVerdict
                var labels: [String: String], phases: Int, excludedReason: String?
            }
            struct Listing: Encodable { var schemaVersion = 1; var runs: [Row] }
            let rows = records.map { r in
                Row(hash: r.hash, start: r.summary.start, end: r.summary.end, outcome: r.summary.outcome, labels: r.summary.labels,
                    phases: r.summary.phases.count, excludedReason: r.excludedReason)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try writeOutput(encoder.encode(Listing(runs: rows)) + Data("\n".utf8), to: nil)
        case .table:
            var rows = [["RUN", "START", "OUTCOME", "DURATION", "LABELS", "EXCLUDED"]]
            for r in records {
                let s = r.summary
                let duration = s.start.flatMap { start in s.end.map { GateFormat.seconds(start.seconds(to: $0)) } } ?? "-"
                rows.append([s.shortHash, s.start?.iso8601 ?? "-", s.outcome.rawValue, duration, GateFormat.labels(s.labels), r.excludedReason ?? ""])
            }
            print(GateFormat.columns(rows) + "\(records.count) run\(records.count == 1 ? "" : "s")", terminator: "\n")
        }
    }
}

/// `tkgqa history show RUN`
struct HistoryShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one run of the history: labels, phases, loops.")

    @OptionGroup var historyOptions: HistoryOptions

    @Option(name: .long, help: "Output format: text or json (the run summary).")
    var format: ShowFormat = .text

    enum ShowFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: ArgumentHelp("The run's hash or its first characters.", valueName: "run"))
    var runName: String

    func run() throws {
        let store = try historyOptions.open(create: false)
        let record = try exitOnBaselineError { try store.record(runName) }
        let s = record.summary
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try writeOutput(encoder.encode(s) + Data("\n".utf8), to: nil)
            return
        }
        var out = "run \(s.hash)\n"
        out += "start \(s.start?.iso8601 ?? "-")  end \(s.end?.iso8601 ?? "-")  outcome \(s.outcome.rawValue)\n"
        out += "labels \(GateFormat.labels(s.labels))\n"
        if !s.inputs.isEmpty { out += "inputs \(s.inputs.joined(separator: ", "))\n" }
        if let reason = record.excludedReason { out += "excluded: \(reason)\n" }
        out += "\n"
        var rows = [["OPERATION", "PHASE", "CLUSTER", "OUTCOME", "DURATION", "BUDGET", "LOOPS"]]
        for p in s.phases {
            let loops = p.loops.map { "\($0.id):\($0.state) x\($0.count) \($0.verdict.rawValue)" }.joined(separator: ", ")
            rows.append([p.operation, p.phase, p.cluster ?? "-", p.outcome.rawValue, GateFormat.seconds(p.durationSeconds),
                         GateFormat.seconds(p.budgetSeconds), loops])
        }
        out += GateFormat.columns(rows)
        print(out, terminator: "")
    }
}

/// `tkgqa history exclude RUN --reason ...`
struct HistoryExclude: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exclude",
        abstract: "Keep a known-bad run out of every baseline (rebaselining); it stays listed.")

    @OptionGroup var historyOptions: HistoryOptions

    @Option(name: .long, help: "Why the run is excluded (shown by history list and show).")
    var reason: String

    @Argument(help: ArgumentHelp("The run's hash or its first characters.", valueName: "run"))
    var runName: String

    func validate() throws {
        if reason.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--reason must say why the run is excluded") }
    }

    func run() throws {
        let store = try historyOptions.open(create: false)
        let r = try exitOnBaselineError { try store.setExcluded(runName, reason: reason) }
        print("excluded run \(r.summary.shortHash): \(reason)")
    }
}

/// `tkgqa history include RUN`
struct HistoryInclude: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "include", abstract: "Let an excluded run form baselines again.")

    @OptionGroup var historyOptions: HistoryOptions

    @Argument(help: ArgumentHelp("The run's hash or its first characters.", valueName: "run"))
    var runName: String

    func run() throws {
        let store = try historyOptions.open(create: false)
        let r = try exitOnBaselineError { try store.setExcluded(runName, reason: nil) }
        print("included run \(r.summary.shortHash)")
    }
}

/// `tkgqa history export`
struct HistoryExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the whole history as JSON Lines (one run per line, oldest first), for history import.")

    @OptionGroup var historyOptions: HistoryOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Write here (default: standard output).", valueName: "file"))
    var output: String?

    func run() throws {
        let store = try historyOptions.open(create: false)
        let data = try exitOnBaselineError { try HistoryJSONLines.encode(store.records()) }
        try writeOutput(data, to: output)
    }
}

/// `tkgqa history import FILE`
struct HistoryImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Add the runs of a history export (JSON Lines) to this history, in one transaction.",
        discussion: "Every line is checked first: one bad line adds nothing (exit 2). Runs already stored are skipped; exclusions are kept.")

    @OptionGroup var historyOptions: HistoryOptions

    @Argument(help: ArgumentHelp("The export file (- for standard input).", valueName: "file"))
    var file: String

    func run() throws {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let d = FileManager.default.contents(atPath: file) else {
                Console.error("cannot read \"\(file)\"; check the path")
                throw ExitCode(2)
            }
            data = d
        }
        let records = try exitOnBaselineError { try HistoryJSONLines.decode(data, source: file == "-" ? "<stdin>" : file) }
        let store = try historyOptions.open(create: true)
        let result = try exitOnBaselineError { try store.add(records) }
        print("imported \(result.added) run\(result.added == 1 ? "" : "s"), \(result.alreadyStored) already stored (\(store.location))")
    }
}

/// A one-line progress counter on standard error, drawn only when it is a terminal.
final class ProgressLine: @unchecked Sendable {
    private let total: Int
    private let verb: String
    private let enabled: Bool
    private let lock = NSLock()
    private var last = -1

    init(total: Int, verb: String) {
        self.total = total
        self.verb = verb
        enabled = isatty(STDERR_FILENO) != 0 && total > 1
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock(); defer { lock.unlock() }
        let percent = done * 100 / max(total, 1)
        guard percent != last else { return }
        last = percent
        let width = 30, filled = width * done / max(total, 1)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(verb) [\(bar)] \(done)/\(total)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Runs async work from a synchronous command (the root command is synchronous) and waits for it.
func blockingAwait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = AwaitBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task.detached {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value!
}

/// Carries a result out of a detached task to the waiting thread (written once, before the signal).
final class AwaitBox<T>: @unchecked Sendable {
    var value: T?
}
