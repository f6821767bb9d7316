import ArgumentParser
import ClusterState
import Dispatch
import Foundation
import LogModel
import Patterns
import Reporting
import Verify

/// `tkgqa verify SPEC...`: runs `*.verify.yaml` checks against recorded or live clusters.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check recorded or live clusters against *.verify.yaml specs.",
        discussion: """
        Each spec names clusters (snapshot folders, kubectl cluster-info dump output, tanzu diagnostics \
        bundles, or live kubeconfig contexts read through kubectl) and the checks they must pass. On a \
        live cluster, within/every polls until a check passes and for/every requires it to hold. Exit 0 \
        when every check passed or warned, 1 when one failed, 2 for a bad spec, an unreadable recording \
        or kubectl missing, 3 when nothing failed but something was inconclusive, 130 when interrupted \
        (after printing the partial report). --fail-on warn|inconclusive turns those into failures (exit 1).
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

    @Option(name: .customLong("cluster"), help: ArgumentHelp("Read a cluster from a recording or a kubeconfig context instead of what the spec says.", valueName: "NAME=snapshot:PATH|NAME=context:CTX"))
    var clusters: [String] = []

    @OptionGroup var live: LiveClusterOptions

    @Option(help: ArgumentHelp("Keep what the checks read from live clusters as snapshots in DIR/<cluster>/ (re-verify them later with --cluster NAME=snapshot:DIR/NAME).", valueName: "DIR"))
    var record: String?

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

    static func parseOverride(_ value: String) throws -> (name: String, origin: ClusterRef.Origin) {
        guard let eq = value.firstIndex(of: "="), eq != value.startIndex else {
            throw ValidationError("--cluster \"\(value)\": write NAME=snapshot:PATH or NAME=context:CTX")
        }
        let name = String(value[..<eq]), rest = String(value[value.index(after: eq)...])
        for (prefix, make) in [("snapshot:", ClusterRef.Origin.snapshot), ("context:", ClusterRef.Origin.context)]
            where rest.hasPrefix(prefix) && rest.count > prefix.count {
            return (name, make(String(rest.dropFirst(prefix.count))))
        }
        throw ValidationError("--cluster \"\(value)\": write NAME=snapshot:PATH or NAME=context:CTX")
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
        var overrides: [String: ClusterRef.Origin] = [:]
        for value in clusters {
            let (name, origin) = try Self.parseOverride(value)
            overrides[name] = origin
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
        let liveOptions = live.options
        let recordDirectory = record
        let specSuites = suites, clusterOverrides = overrides
        let outcome = runInterruptibly { () async -> Result<(results: [CheckResult], evidence: [String: EvidenceSource]), VerifyError> in
            var results: [CheckResult] = []
            var evidence: [String: EvidenceSource] = [:]
            for (path, suite) in specSuites {
                let directory = (path as NSString).deletingLastPathComponent
                var sources: [String: any ClusterSource]
                do throws(VerifyError) {
                    sources = try await Verifier.openSources(for: suite, specDirectory: directory.isEmpty ? "." : directory,
                                                             overrides: clusterOverrides, live: liveOptions)
                } catch {
                    return .failure(VerifyError(error.code, "\(path): \(error.description)"))
                }
                if recordDirectory != nil {
                    for (name, source) in sources where source.info.isLive {
                        let kept = evidence[name] ?? EvidenceSource(source)
                        evidence[name] = kept
                        sources[name] = kept
                    }
                }
                let dir = directory.isEmpty ? "." : directory
                results += await verifier.run(suite, spec: path, specDirectory: dir, sources: sources)
                if Task.isCancelled { break }
            }
            return .success((results, evidence))
        }
        let results: [CheckResult]
        switch outcome.value {
        case .failure(let error):
            Console.error(error.description)
            throw ExitCode(2)
        case .success(let done):
            results = done.results
            if let recordDirectory { try writeEvidence(done.evidence, to: recordDirectory) }
        }
        let report = VerifyReport(results: results)
        switch format {
        case .text: print(VerifyTextReporter.render(report), terminator: "")
        case .json: print(VerifyJSONReporter.render(report), terminator: "")
        case .junit: print(VerifyJUnitReporter.render(report), terminator: "")
        }
        if outcome.interrupted {
            Console.error("interrupted: the report above is partial")
            throw ExitCode(130)
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

extension VerifyCommand {
    /// Writes each live cluster's evidence as a snapshot folder `DIR/<cluster>/`.
    private func writeEvidence(_ evidence: [String: EvidenceSource], to directory: String) throws {
        if evidence.isEmpty { Console.warning("--record \(directory): no live cluster was verified; nothing recorded") }
        for name in evidence.keys.sorted() {
            let writer = runInterruptibly { await evidence[name]!.evidence() }.value
            do {
                try writer.write(to: (directory as NSString).appendingPathComponent(name))
            } catch {
                Console.error(error.description)
                throw ExitCode(2)
            }
            Console.info("recorded \(name) in \((directory as NSString).appendingPathComponent(name))")
        }
    }
}
