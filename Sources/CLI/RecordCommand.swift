import ArgumentParser
import ClusterState
import Foundation

/// `tkgqa record --context CTX -o DIR`: records a live cluster into a snapshot folder for `verify`.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a live cluster into a snapshot folder that verify reads later.",
        discussion: """
        Reads through kubectl (GET requests only): nodes, namespaces, pods, deployments, daemonsets, \
        replicasets, statefulsets and events in all namespaces; ConfigMaps in tkg-system, \
        tkg-system-public and tkr-system; Cluster API and CAPV objects; PackageInstalls and \
        PackageRepositories; TKRs when the cluster serves them. Secrets are never recorded, and values \
        that look like credentials are redacted wherever they appear. Kinds the cluster refuses \
        (RBAC) are written to meta.json as errors, so checks that need them are inconclusive. \
        Exit 0 when written, 2 when kubectl is missing, the context is wrong or the cluster cannot be \
        reached, 130 when interrupted (nothing is written).
        """
    )

    @Option(help: ArgumentHelp("The kubeconfig context to record.", valueName: "CTX"))
    var context: String

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("The snapshot folder to write.", valueName: "DIR"))
    var output: String

    @OptionGroup var live: LiveClusterOptions

    @Flag(help: "Print no progress line.")
    var quiet = false

    func run() throws {
        try prepareOutput()
        let options = live.options
        let context = self.context, output = self.output
        let progressLine = !quiet && isatty(STDERR_FILENO) == 1
        let outcome = runInterruptibly { () async -> Result<ClusterRecorder.Summary, ClusterStateError> in
            do throws(ClusterStateError) {
                let runner = try KubectlRunner.locate(options.kubectl)
                let source = try await KubectlSource.open(
                    KubectlSource.Options(kubeconfig: options.kubeconfig, context: context, requestTimeout: options.requestTimeout),
                    runner: runner)
                let summary = try await ClusterRecorder().record(source, to: output) { step in
                    guard progressLine, case .fetching(let item, let index, let total) = step else { return }
                    FileHandle.standardError.write(Data("\r\u{1B}[K[\(index)/\(total)] fetching \(item)".utf8))
                }
                return .success(summary)
            } catch {
                return .failure(error)
            }
        }
        if progressLine { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if outcome.interrupted {
            Console.error("interrupted; the snapshot was not written")
            throw ExitCode(130)
        }
        switch outcome.value {
        case .failure(let error):
            Console.error(error.description)
            throw ExitCode(2)
        case .success(let summary):
            for unavailable in summary.failed {
                Console.warning("\(unavailable); checks that need it will be inconclusive")
            }
            var line = "recorded \(summary.objects) objects from context \(context) in \(output) (\(summary.files.count) files)"
            if !summary.notServed.isEmpty {
                line += "; not served by this cluster: " + summary.notServed.map(\.kind.description).joined(separator: ", ")
            }
            Console.info(line)
        }
    }

    /// The output folder must be new, empty or an earlier snapshot (whose object files are replaced).
    private func prepareOutput() throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: output, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            Console.error("\(output): exists and is not a folder; give a new folder for the snapshot")
            throw ExitCode(2)
        }
        let entries = (try? fm.contentsOfDirectory(atPath: output)) ?? []
        if entries.isEmpty { return }
        guard entries.contains("meta.json") else {
            Console.error("\(output): folder is not empty and holds no snapshot (meta.json); give a new or empty folder")
            throw ExitCode(2)
        }
        for name in entries where name.hasSuffix(".json") { try? fm.removeItem(atPath: output + "/" + name) }
    }
}
