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

    /// Opens the source of every needed cluster. `overrides` maps names to recording paths
    /// (`--cluster NAME=snapshot:DIR`, relative to the working directory); spec paths are relative to the spec.
    public static func openSources(for suite: VerifySuite, specDirectory: String,
                                   overrides: [String: String]) throws(VerifyError) -> [String: any ClusterSource] {
        var sources: [String: any ClusterSource] = [:]
        for name in neededClusters(suite) {
            let path: String
            if let override = overrides[name] {
                path = override
            } else {
                switch suite.cluster(name)?.origin ?? .unspecified {
                case .snapshot(let p): path = p.hasPrefix("/") ? p : (specDirectory as NSString).appendingPathComponent(p)
                case .context(let context):
                    throw VerifyError(.unsupported, "cluster \(name) is live (context \(context)); live clusters are not supported yet",
                                      hint: "record it and pass --cluster \(name)=snapshot:DIR")
                case .unspecified:
                    throw VerifyError(.unsupported, "cluster \(name) has no snapshot or context", hint: "pass --cluster \(name)=snapshot:DIR")
                }
            }
            do {
                sources[name] = try SnapshotSource.open(path)
            } catch {
                throw VerifyError(.unreadable, "cluster \(name): \(error.description)")
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
    public func run(_ suite: VerifySuite, spec: String, specDirectory: String, sources: [String: any ClusterSource]) async -> [CheckResult] {
        var factsCache: [String: ClusterFacts] = [:]
        var results: [CheckResult] = []
        for entry in suite.entries {
            let type = type(of: entry.check.base)
            let clusters = type.readsCluster ? (entry.clusters.isEmpty ? suite.clusters.map(\.name) : entry.clusters) : ["-"]
            for cluster in clusters {
                let location = entry.location?.description
                if let reason = entry.skip {
                    results.append(CheckResult(check: type.id, cluster: cluster, outcome: .skipped, message: "skipped: \(reason)",
                                               spec: spec, location: location))
                    continue
                }
                let facts: ClusterFacts
                if let cached = factsCache[cluster] {
                    facts = cached
                } else {
                    facts = await self.facts(for: suite.cluster(cluster), name: cluster, source: sources[cluster])
                    factsCache[cluster] = facts
                }
                let context = CheckContext(facts: facts, source: sources[cluster], management: facts.managedBy.flatMap { sources[$0] },
                                           phaseTimings: phaseTimings, specDirectory: specDirectory)
                let mode = entry.time ?? suite.defaults ?? .now
                var (evaluation, note) = await evaluate(entry.check.base, in: context, mode: mode)
                switch (entry.severity, evaluation.outcome) {
                case (.warn?, .fail): evaluation.outcome = .warn
                case (.fail?, .warn): evaluation.outcome = .fail
                default: break
                }
                results.append(CheckResult(
                    check: type.id, cluster: cluster, outcome: evaluation.outcome, message: Redactor.redact(evaluation.message),
                    observed: evaluation.observed.map(Redactor.redact), expected: evaluation.expected.map(Redactor.redact),
                    details: evaluation.details.map(Redactor.redact), objects: evaluation.objects, spec: spec, location: location,
                    timeMode: note))
            }
        }
        return results
    }

    /// Applies the time mode: once on a recording (saying so), polling on a live cluster.
    private func evaluate(_ check: any Check, in context: CheckContext, mode: TimeMode) async -> (Evaluation, String?) {
        let live = context.source?.info.isLive ?? false
        guard live, mode != .now else {
            let first = await check.evaluate(in: context)
            if mode == .now { return (first, nil) }
            return (first, "\(mode): evaluated once (\(context.source == nil ? "no cluster" : "recorded cluster"))")
        }
        let clock = ContinuousClock()
        let start = clock.now
        switch mode {
        case .now:
            return (await check.evaluate(in: context), nil)
        case .within(let deadline, let every):
            var last = await check.evaluate(in: context)
            while last.outcome != .pass, clock.now - start < .seconds(deadline.seconds) {
                try? await Task.sleep(for: .seconds((every ?? TimeMode.defaultInterval).seconds))
                last = await check.evaluate(in: context)
            }
            return (last, "\(mode): \(last.outcome == .pass ? "passed" : "last result after the deadline")")
        case .holding(let span, let every):
            var last = await check.evaluate(in: context)
            while last.outcome == .pass, clock.now - start < .seconds(span.seconds) {
                try? await Task.sleep(for: .seconds((every ?? TimeMode.defaultInterval).seconds))
                last = await check.evaluate(in: context)
            }
            return (last, "\(mode): \(last.outcome == .pass ? "held" : "stopped holding")")
        }
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
