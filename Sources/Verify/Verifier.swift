import ClusterState
import Foundation
import LogModel
import Logging

/// Runs verify suites: resolves each cluster's source, works out its facts, evaluates every check on
/// every cluster it names, applies time modes, severity and skips, and redacts what it reports.
public struct Verifier: Sendable {
    public var roles: ClusterRoles
    /// The reference design; `nil`: the embedded one.
    public var design: ReferenceDesign?
    public var phaseTimings: (any PhaseTimingProvider)?
    public var logger: Logger

    public init(roles: ClusterRoles, design: ReferenceDesign? = nil, phaseTimings: (any PhaseTimingProvider)? = nil,
                logger: Logger = Logger(label: "tkgqa.verify")) {
        self.roles = roles
        self.design = design
        self.phaseTimings = phaseTimings
        self.logger = logger
    }

    /// The clusters a suite reads: those its checks name (all, for checks naming none) and their management clusters.
    public static func neededClusters(_ suite: VerifySuite) -> [String] {
        var names: [String] = []
        func add(_ name: String) {
            guard !names.contains(name) else { return }
            names.append(name)
            if let m = suite.cluster(name)?.managedBy { add(m) }
        }
        for entry in suite.entries where type(of: entry.check.base).readsCluster && entry.skip == nil {
            for name in entry.clusters.isEmpty ? suite.clusters.map(\.name) : entry.clusters { add(name) }
        }
        return names
    }

    /// How live clusters are reached.
    public struct LiveOptions: Sendable, Hashable {
        /// `--kubeconfig`; `nil`: kubectl's default.
        public var kubeconfig: String?
        /// `--kubectl`; `nil`: `$TKGQA_KUBECTL`, then `kubectl` on `$PATH`.
        public var kubectl: String?
        public var requestTimeout: Duration
        /// kubectl processes in flight per cluster.
        public var maxInFlight: Int

        public init(kubeconfig: String? = nil, kubectl: String? = nil, requestTimeout: Duration = .seconds(10), maxInFlight: Int = 4) {
            self.kubeconfig = kubeconfig
            self.kubectl = kubectl
            self.requestTimeout = requestTimeout
            self.maxInFlight = maxInFlight
        }
    }

    /// Opens the source of every needed cluster. `overrides` replace what the spec says
    /// (`--cluster NAME=snapshot:DIR` relative to the working directory, or `NAME=context:CTX`); spec
    /// paths are relative to the spec. Live clusters go through kubectl; kubectl missing, a wrong
    /// context or an unreadable recording throw (exit 2), an unreachable cluster does not.
    public static func openSources(for suite: VerifySuite, specDirectory: String, overrides: [String: ClusterRef.Origin],
                                   live: LiveOptions = LiveOptions()) async throws(VerifyError) -> [String: any ClusterSource] {
        var sources: [String: any ClusterSource] = [:]
        var runner: KubectlRunner?
        for name in neededClusters(suite) {
            let origin: ClusterRef.Origin
            if let override = overrides[name] {
                origin = override
            } else {
                switch suite.cluster(name)?.origin ?? .unspecified {
                case .snapshot(let p): origin = .snapshot(p.hasPrefix("/") ? p : (specDirectory as NSString).appendingPathComponent(p))
                case let other: origin = other
                }
            }
            switch origin {
            case .snapshot(let path):
                do {
                    sources[name] = try SnapshotSource.open(path)
                } catch {
                    throw VerifyError(.unreadable, "cluster \(name): \(error.description)")
                }
            case .context(let context):
                do throws(ClusterStateError) {
                    if runner == nil { runner = try KubectlRunner.locate(live.kubectl) }
                    sources[name] = try await KubectlSource.open(
                        KubectlSource.Options(kubeconfig: live.kubeconfig, context: context, requestTimeout: live.requestTimeout,
                                              maxInFlight: live.maxInFlight), runner: runner!)
                } catch {
                    throw VerifyError(error.code == .tool ? .unsupported : .unreadable, "cluster \(name): \(error.description)")
                }
            case .unspecified:
                throw VerifyError(.unsupported, "cluster \(name) has no snapshot or context",
                                  hint: "pass --cluster \(name)=snapshot:DIR or --cluster \(name)=context:CTX")
            }
        }
        return sources
    }

    /// The facts of a cluster: what the spec declares, plus the provider from nodes' `providerID` and
    /// the role (workload when managed; management when its own Cluster carries the management label).
    public func facts(for ref: ClusterRef?, name: String, source: (any ClusterSource)?) async -> ClusterFacts {
        var facts = declaredFacts(for: ref, name: name)
        guard let source else { return facts }
        if facts.provider == nil, case .success(let nodes) = await source.list(.node, namespace: nil) {
            let ids = Set(nodes.objects.compactMap { $0["spec", "providerID"]?.string?.components(separatedBy: "://").first })
            if ids.count == 1 { facts.provider = ids.first }
        }
        if facts.role == nil, case .success(let clusters) = await source.list(.cluster, namespace: nil) {
            if clusters.objects.contains(where: { $0.labels["cluster-role.tkg.tanzu.vmware.com/management"] != nil }) {
                facts.role = .management
            }
        }
        return facts
    }

    /// The facts the spec declares (for `--explain`, which opens no source).
    public func declaredFacts(for ref: ClusterRef?, name: String) -> ClusterFacts {
        ClusterFacts(name: name, clusterName: ref?.clusterName, role: ref?.role ?? (ref?.managedBy != nil ? .workload : nil),
                     provider: ref?.provider, features: Set(ref?.features ?? []), managedBy: ref?.managedBy, roles: roles,
                     design: design)
    }

    /// Runs every entry of a suite; results in spec order, then cluster order.
    ///
    /// Checks run concurrently (at most `maxConcurrentChecks` at once; each live source bounds its own
    /// requests in flight). When the task is cancelled (Ctrl-C), checks still running end at once and
    /// report what they saw so far as inconclusive: the caller prints a partial report.
    public func run(_ suite: VerifySuite, spec: String, specDirectory: String, sources: [String: any ClusterSource]) async -> [CheckResult] {
        var jobs: [(entry: SuiteEntry, cluster: String)] = []
        for entry in suite.entries {
            let type = type(of: entry.check.base)
            for cluster in type.readsCluster ? (entry.clusters.isEmpty ? suite.clusters.map(\.name) : entry.clusters) : ["-"] {
                jobs.append((entry, cluster))
            }
        }
        var factsCache: [String: ClusterFacts] = [:]
        for (entry, cluster) in jobs where entry.skip == nil && factsCache[cluster] == nil {
            factsCache[cluster] = await facts(for: suite.cluster(cluster), name: cluster, source: sources[cluster])
        }
        let facts = factsCache
        var results = [CheckResult?](repeating: nil, count: jobs.count)
        await withTaskGroup(of: (Int, CheckResult).self) { group in
            var next = 0
            func launch() {
                guard next < jobs.count else { return }
                let (i, job) = (next, jobs[next])
                next += 1
                group.addTask {
                    (i, await self.runOne(job.entry, cluster: job.cluster, suite: suite, spec: spec, specDirectory: specDirectory,
                                          facts: facts[job.cluster], sources: sources))
                }
            }
            for _ in 0..<Self.maxConcurrentChecks { launch() }
            for await (i, result) in group {
                results[i] = result
                launch()
            }
        }
        return results.compactMap { $0 }
    }

    /// Checks evaluated at once per `run`.
    public static let maxConcurrentChecks = 8

    private func runOne(_ entry: SuiteEntry, cluster: String, suite: VerifySuite, spec: String, specDirectory: String,
                        facts: ClusterFacts?, sources: [String: any ClusterSource]) async -> CheckResult {
        let type = type(of: entry.check.base)
        let location = entry.location?.description
        if let reason = entry.skip {
            return CheckResult(check: type.id, cluster: cluster, outcome: .skipped, message: "skipped: \(reason)",
                               spec: spec, location: location)
        }
        let facts = facts ?? declaredFacts(for: suite.cluster(cluster), name: cluster)
        let context = CheckContext(facts: facts, source: sources[cluster], management: facts.managedBy.flatMap { sources[$0] },
                                   phaseTimings: phaseTimings, specDirectory: specDirectory)
        let mode = entry.time ?? suite.defaults ?? .now
        var (evaluation, note) = await evaluate(entry.check.base, in: context, mode: mode)
        switch (entry.severity, evaluation.outcome) {
        case (.warn?, .fail): evaluation.outcome = .warn
        case (.fail?, .warn): evaluation.outcome = .fail
        default: break
        }
        return CheckResult(
            check: type.id, cluster: cluster, outcome: evaluation.outcome, message: Redactor.redact(evaluation.message),
            observed: evaluation.observed.map(Redactor.redact), expected: evaluation.expected.map(Redactor.redact),
            details: evaluation.details.map(Redactor.redact), objects: evaluation.objects, spec: spec, location: location,
            timeMode: note)
    }

    /// `--explain`: each entry with the core assertions it expands to, per cluster.
    public func explain(_ suite: VerifySuite, spec: String) -> [String] {
        var lines: [String] = []
        for entry in suite.entries {
            let type = type(of: entry.check.base)
            let clusters = type.readsCluster ? (entry.clusters.isEmpty ? suite.clusters.map(\.name) : entry.clusters) : ["-"]
            for cluster in clusters {
                var header = "\(type.id)"
                if cluster != "-" { header += " on \(cluster)" }
                if let location = entry.location { header += " (\(location))" }
                if let time = entry.time ?? suite.defaults { header += " [\(time)]" }
                if let skip = entry.skip { header += " [skipped: \(skip)]" }
                lines.append(header)
                let facts = declaredFacts(for: suite.cluster(cluster), name: cluster)
                for line in entry.check.base.explain(facts) { lines.append("  " + line) }
            }
        }
        return lines
    }
}
