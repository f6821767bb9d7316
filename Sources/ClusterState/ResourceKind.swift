/// A kind of Kubernetes object, identified by API group and kind (the version is ignored, so that a
/// `v1beta1` recording answers a `v1beta2` question about the same kind).
public struct ResourceKind: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The API group; empty for the core group.
    public var group: String
    /// The kind (`Pod`, `PackageInstall`).
    public var kind: String

    public init(group: String, kind: String) {
        self.group = group
        self.kind = kind
    }

    /// The kind of an object with this `apiVersion` (`apps/v1`, `v1`) and `kind`.
    public init(apiVersion: String, kind: String) {
        let group = apiVersion.firstIndex(of: "/").map { String(apiVersion[..<$0]) } ?? ""
        self.init(group: group, kind: kind)
    }

    /// `Pod`, `Deployment.apps`, `PackageInstall.packaging.carvel.dev`, as kubectl names kinds.
    public var description: String { group.isEmpty ? kind : "\(kind).\(group)" }

    public static func < (a: ResourceKind, b: ResourceKind) -> Bool { (a.group, a.kind) < (b.group, b.kind) }

    public static let node = ResourceKind(group: "", kind: "Node")
    public static let pod = ResourceKind(group: "", kind: "Pod")
    public static let event = ResourceKind(group: "", kind: "Event")
    public static let configMap = ResourceKind(group: "", kind: "ConfigMap")
    public static let secret = ResourceKind(group: "", kind: "Secret")
    public static let service = ResourceKind(group: "", kind: "Service")
    public static let namespace = ResourceKind(group: "", kind: "Namespace")
    public static let replicationController = ResourceKind(group: "", kind: "ReplicationController")
    public static let deployment = ResourceKind(group: "apps", kind: "Deployment")
    public static let daemonSet = ResourceKind(group: "apps", kind: "DaemonSet")
    public static let replicaSet = ResourceKind(group: "apps", kind: "ReplicaSet")
    public static let statefulSet = ResourceKind(group: "apps", kind: "StatefulSet")
    public static let cluster = ResourceKind(group: "cluster.x-k8s.io", kind: "Cluster")
    public static let machineDeployment = ResourceKind(group: "cluster.x-k8s.io", kind: "MachineDeployment")
    public static let machine = ResourceKind(group: "cluster.x-k8s.io", kind: "Machine")
    public static let machineSet = ResourceKind(group: "cluster.x-k8s.io", kind: "MachineSet")
    public static let kubeadmControlPlane = ResourceKind(group: "controlplane.cluster.x-k8s.io", kind: "KubeadmControlPlane")
    public static let vsphereVM = ResourceKind(group: "infrastructure.cluster.x-k8s.io", kind: "VSphereVM")
    public static let vsphereCluster = ResourceKind(group: "infrastructure.cluster.x-k8s.io", kind: "VSphereCluster")
    public static let vsphereMachine = ResourceKind(group: "infrastructure.cluster.x-k8s.io", kind: "VSphereMachine")
    public static let packageInstall = ResourceKind(group: "packaging.carvel.dev", kind: "PackageInstall")
    public static let packageRepository = ResourceKind(group: "packaging.carvel.dev", kind: "PackageRepository")
    public static let app = ResourceKind(group: "kappctrl.k14s.io", kind: "App")
    public static let clusterBootstrap = ResourceKind(group: "run.tanzu.vmware.com", kind: "ClusterBootstrap")
    public static let tanzuKubernetesRelease = ResourceKind(group: "run.tanzu.vmware.com", kind: "TanzuKubernetesRelease")
}

/// What a source needs to know to list a kind: its version, plural resource name and scope.
public struct KnownResource: Sendable, Hashable {
    public var kind: ResourceKind
    public var version: String
    public var plural: String
    public var namespaced: Bool

    /// `apiVersion` as objects carry it (`v1`, `apps/v1`).
    public var apiVersion: String { kind.group.isEmpty ? version : "\(kind.group)/\(version)" }

    /// The resources tkgqa reads, so recordings can name files by plural and kubectl can list them.
    public static let all: [KnownResource] = [
        KnownResource(kind: .node, version: "v1", plural: "nodes", namespaced: false),
        KnownResource(kind: .pod, version: "v1", plural: "pods", namespaced: true),
        KnownResource(kind: .event, version: "v1", plural: "events", namespaced: true),
        KnownResource(kind: .configMap, version: "v1", plural: "configmaps", namespaced: true),
        KnownResource(kind: .secret, version: "v1", plural: "secrets", namespaced: true),
        KnownResource(kind: .service, version: "v1", plural: "services", namespaced: true),
        KnownResource(kind: .namespace, version: "v1", plural: "namespaces", namespaced: false),
        KnownResource(kind: .replicationController, version: "v1", plural: "replicationcontrollers", namespaced: true),
        KnownResource(kind: .deployment, version: "v1", plural: "deployments", namespaced: true),
        KnownResource(kind: .daemonSet, version: "v1", plural: "daemonsets", namespaced: true),
        KnownResource(kind: .replicaSet, version: "v1", plural: "replicasets", namespaced: true),
        KnownResource(kind: .statefulSet, version: "v1", plural: "statefulsets", namespaced: true),
        KnownResource(kind: .cluster, version: "v1beta1", plural: "clusters", namespaced: true),
        KnownResource(kind: .machineDeployment, version: "v1beta1", plural: "machinedeployments", namespaced: true),
        KnownResource(kind: .machine, version: "v1beta1", plural: "machines", namespaced: true),
        KnownResource(kind: .machineSet, version: "v1beta1", plural: "machinesets", namespaced: true),
        KnownResource(kind: .kubeadmControlPlane, version: "v1beta1", plural: "kubeadmcontrolplanes", namespaced: true),
        KnownResource(kind: .vsphereVM, version: "v1beta1", plural: "vspherevms", namespaced: true),
        KnownResource(kind: .vsphereCluster, version: "v1beta1", plural: "vsphereclusters", namespaced: true),
        KnownResource(kind: .vsphereMachine, version: "v1beta1", plural: "vspheremachines", namespaced: true),
        KnownResource(kind: .packageInstall, version: "v1alpha1", plural: "packageinstalls", namespaced: true),
        KnownResource(kind: .packageRepository, version: "v1alpha1", plural: "packagerepositories", namespaced: true),
        KnownResource(kind: .app, version: "v1alpha1", plural: "apps", namespaced: true),
        KnownResource(kind: .clusterBootstrap, version: "v1alpha3", plural: "clusterbootstraps", namespaced: true),
        KnownResource(kind: .tanzuKubernetesRelease, version: "v1alpha3", plural: "tanzukubernetesreleases", namespaced: false),
    ]

    /// The known resource for a kind.
    public static func named(_ kind: ResourceKind) -> KnownResource? { all.first { $0.kind == kind } }

    /// The known resource with this plural name (and group, when given).
    public static func plural(_ plural: String, group: String?) -> KnownResource? {
        all.first { $0.plural == plural && (group == nil || $0.kind.group == group) }
    }

    /// Whether objects of this kind live in a namespace (unknown kinds are assumed namespaced).
    public static func isNamespaced(_ kind: ResourceKind) -> Bool { named(kind)?.namespaced ?? true }
}
