import ArgumentParser
import ClusterState
import Dispatch
import Foundation
import LogModel
import Patterns
import Reporting
import Verify

/// `tkgqa verify SPEC...`: runs `*.verify.yaml` checks against recorded clusters.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check recorded clusters against *.verify.yaml specs.",
        discussion: """
        Each spec names clusters (snapshot folders, kubectl cluster-info dump output, tanzu diagnostics \
        bundles) and the checks they must pass. Exit 0 when every check passed or warned, 1 when one \
        failed, 2 for a bad spec or unreadable recording, 3 when nothing failed but something was \
        inconclusive. --fail-on warn|inconclusive turns those into failures (exit 1).
        """
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit
    }

    /// What else counts as failing.
    enum FailOn: String, ExpressibleByArgument, CaseIterable {
        case warn, inconclusive
    }

    @Argument(help: "Spec files (*.verify.yaml).")
    var specs: [String] = []

    @Option(name: .customLong("cluster"), help: ArgumentHelp("Read a cluster from a recording instead of what the spec says.", valueName: "NAME=snapshot:PATH"))
    var clusters: [String] = []

    @Option(help: "Output format: text, json or junit.")
    var format: Format = .text

    @Flag(name: .customLong("list-checks"), help: "List the checks with their one-line description.")
    var listChecks = false

    @Flag(help: "Print what each check expands to (selector, quantifier, condition) instead of running it.")
    var explain = false

    @Option(name: .customLong("fail-on"), help: "Also fail (exit 1) on warn or inconclusive results.")
    var failOn: FailOn?

    @Option(help: "Use this pattern folder instead of the embedded patterns (for cluster-roles.yaml and reference-design.yaml).")
    var patterns: String?

    func validate() throws {
        if !listChecks, specs.isEmpty { throw ValidationError("give at least one spec file, or --list-checks") }
        for value in clusters { _ = try Self.parseOverride(value) }
    }

    static func parseOverride(_ value: String) throws -> (name: String, path: String) {
        guard let eq = value.firstIndex(of: "="), eq != value.startIndex else {
            throw ValidationError("--cluster \"\(value)\": write NAME=snapshot:PATH")
        }
        let name = String(value[..<eq]), rest = String(value[value.index(after: eq)...])
        guard rest.hasPrefix("snapshot:"), rest.count > "snapshot:".count else {
            if rest.hasPrefix("context:") { throw ValidationError("--cluster \(name)=context:... (live clusters) is not supported yet; record the cluster and use snapshot:PATH") }
            throw ValidationError("--cluster \"\(value)\": write NAME=snapshot:PATH")
        }
        return (name, String(rest.dropFirst("snapshot:".count)))
    }

    func run() throws {
        if listChecks {
            let width = CheckRegistry.ids.map(\.count).max() ?? 0
            for type in CheckRegistry.all {
                print(type.id.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + type.summary)
            }
            return
        }
        let roles: ClusterRoles
        var design: ReferenceDesign?
        do {
            if let patterns {
                let set = try PatternSet.load(directory: patterns)
                roles = try ClusterRoles.from(set)
                design = try ReferenceDesign.from(set)
            } else {
                roles = try ClusterRoles.embedded()
            }
        } catch let error as VerifyError {
            Console.error(error.description)
            throw ExitCode(2)
        } catch {
            Console.error("\(error)")
            throw ExitCode(2)
        }
        var overrides: [String: String] = [:]
        for value in clusters {
            let (name, path) = try Self.parseOverride(value)
            overrides[name] = path
        }
        let timings: AnalyzerPhaseTimings
        do {
            let set = try patterns.map { try PatternSet.load(directory: $0) } ?? PatternSet.embedded()
            timings = try AnalyzerPhaseTimings(patterns: set)
        } catch let errors as PatternErrors {
            for error in errors.errors { Console.error(error.description) }
            throw ExitCode(2)
        }
        let verifier = Verifier(roles: roles, design: design, phaseTimings: timings)
        var suites: [(path: String, suite: VerifySuite)] = []
        for path in specs {
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.error("\(path): cannot read the spec; check the path")
                throw ExitCode(2)
            }
            do {
                suites.append((path, try SpecDecoder.decode(String(decoding: data, as: UTF8.self), path: path,
                                                            extraClusters: Array(overrides.keys).sorted())))
            } catch {
                Console.error(error.description)
                throw ExitCode(2)
            }
        }
        if explain {
            for (i, (path, suite)) in suites.enumerated() {
                if i > 0 { print("") }
                print(path)
                for line in verifier.explain(suite, spec: path) { print("  " + line) }
            }
            return
        }
        var results: [CheckResult] = []
        for (path, suite) in suites {
            let directory = (path as NSString).deletingLastPathComponent
            let sources: [String: any ClusterSource]
            do {
                sources = try Verifier.openSources(for: suite, specDirectory: directory.isEmpty ? "." : directory, overrides: overrides)
            } catch {
                Console.error("\(path): \(error.description)")
                throw ExitCode(2)
            }
            let dir = directory.isEmpty ? "." : directory
            results += runBlocking { await verifier.run(suite, spec: path, specDirectory: dir, sources: sources) }
        }
        let report = VerifyReport(results: results)
        switch format {
        case .text: print(VerifyTextReporter.render(report), terminator: "")
        case .json: print(VerifyJSONReporter.render(report), terminator: "")
        case .junit: print(VerifyJUnitReporter.render(report), terminator: "")
        }
        let worst = report.worst
        if worst == .fail { throw ExitCode(1) }
        if let failOn {
            let bar: CheckOutcome = failOn == .warn ? .warn : .inconclusive
            if worst >= bar, worst != .skipped { throw ExitCode(1) }
        }
        if worst == .inconclusive { throw ExitCode(3) }
    }
}

/// Runs async work from the synchronous command (the root command is not async).
private final class ResultBox<T>: @unchecked Sendable {
    var value: T?
}

private func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        box.value = await body()
        done.signal()
    }
    done.wait()
    return box.value!
}
