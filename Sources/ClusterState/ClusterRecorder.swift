import Foundation

/// Records a live cluster into a snapshot folder that `SnapshotSource` (and so `tkgqa verify`) reads
/// later: what TKG checks need, and never a Secret.
public struct ClusterRecorder: Sendable {
    /// One list to record.
    public struct Item: Sendable, Hashable, CustomStringConvertible {
        public var kind: ResourceKind
        /// `nil`: all namespaces (or cluster-scoped).
        public var namespace: String?

        public init(_ kind: ResourceKind, namespace: String? = nil) {
            self.kind = kind
            self.namespace = namespace
        }

        /// `ConfigMap in tkg-system`, `Pod`.
        public var description: String { kind.description + (namespace.map { " in \($0)" } ?? "") }
    }

    /// What `tkgqa record` fetches: workloads and events everywhere, TKG's ConfigMaps, Cluster API and
    /// CAPV objects, Carvel packages, TKRs (each only when the server serves the kind).
    public static let plan: [Item] = [
        Item(.node), Item(.namespace),
        Item(.pod), Item(.deployment), Item(.daemonSet), Item(.replicaSet), Item(.statefulSet), Item(.event),
        Item(.configMap, namespace: "tkg-system"), Item(.configMap, namespace: "tkg-system-public"),
        Item(.configMap, namespace: "tkr-system"),
        Item(.cluster), Item(.kubeadmControlPlane), Item(.machineDeployment), Item(.machineSet), Item(.machine),
        Item(.vsphereCluster), Item(.vsphereMachine), Item(.vsphereVM), Item(.clusterBootstrap),
        Item(.packageInstall), Item(.packageRepository), Item(.app), Item(.tanzuKubernetesRelease),
    ]

    /// How one item went, for the progress line and the summary.
    public enum Progress: Sendable {
        case fetching(Item, index: Int, of: Int)
        case fetched(Item, count: Int)
        case notServed(Item)
        case failed(Item, Unavailable)
    }

    /// What a recording holds.
    public struct Summary: Sendable {
        public var objects = 0
        public var files: [String] = []
        public var notServed: [Item] = []
        public var failed: [Unavailable] = []
    }

    public var plan: [Item]

    public init(plan: [Item] = ClusterRecorder.plan) { self.plan = plan }

    /// Lists every planned item from `source` and writes the snapshot to `directory`. A cluster that
    /// cannot be reached at all throws (an empty recording would only mislead); single failures
    /// (forbidden kinds) are written to `meta.json` as errors.
    public func record(_ source: KubectlSource, to directory: String,
                       progress: @Sendable (Progress) -> Void = { _ in }) async throws(ClusterStateError) -> Summary {
        var writer = SnapshotWriter(context: source.options.context ?? source.info.context, serverVersion: source.info.serverVersion)
        var summary = Summary()
        for (i, item) in plan.enumerated() {
            if Task.isCancelled { throw ClusterStateError(.tool, "interrupted; nothing was written", path: directory) }
            progress(.fetching(item, index: i + 1, of: plan.count))
            switch await source.fetch(item.kind, namespace: item.namespace) {
            case .success(.served(let list)):
                writer.add(item.kind, namespace: item.namespace, objects: list.objects)
                summary.objects += list.objects.count
                progress(.fetched(item, count: list.objects.count))
            case .success(.notServed):
                // Not installed here: there are none, and the recording says so (an empty captured kind).
                writer.add(item.kind, namespace: item.namespace, objects: [])
                summary.notServed.append(item)
                progress(.notServed(item))
            case .failure(let unavailable):
                writer.fail(unavailable)
                summary.failed.append(unavailable)
                progress(.failed(item, unavailable))
            }
        }
        if summary.failed.count == plan.count, summary.failed.allSatisfy({ $0.reason == .unreachable }) {
            let why = summary.failed.first.map(\.detail) ?? ""
            throw ClusterStateError(.tool, "the cluster could not be reached: \(why)", path: source.options.kubeconfig,
                                    hint: "check the context with kubectl --context \(source.options.context ?? "CTX") get nodes")
        }
        summary.files = try writer.write(to: directory)
        return summary
    }
}
