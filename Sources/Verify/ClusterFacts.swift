/// What verify knows about a cluster when it expands a check: its names, role, provider and features
/// (declared in the spec's `clusters:` entry, the provider otherwise read from nodes' `providerID`).
public struct ClusterFacts: Sendable, Hashable {
    /// The name in the spec (`wl1`).
    public var name: String
    /// The cluster's real name, for CAPI lookups (`tkg-vc-antrea`); defaults to `name`.
    public var clusterName: String
    public var role: ClusterRole?
    /// `vsphere`, `aws`, `azure`, `docker`; `nil` when unknown.
    public var provider: String?
    /// Optional components that are on: `nsx-alb`, `identity-management`, `in-cluster-ipam`, `kube-vip`.
    public var features: Set<String>
    /// The management cluster's spec name, when this cluster is managed by another.
    public var managedBy: String?
    /// Which workloads run where.
    public var roles: ClusterRoles
    /// The reference design (`--patterns DIR`); `nil`: the embedded `patterns/reference-design.yaml`.
    public var design: ReferenceDesign?

    public init(name: String, clusterName: String? = nil, role: ClusterRole? = nil, provider: String? = nil,
                features: Set<String> = [], managedBy: String? = nil, roles: ClusterRoles = ClusterRoles(workloads: []),
                design: ReferenceDesign? = nil) {
        self.design = design
        self.name = name
        self.clusterName = clusterName ?? name
        self.role = role
        self.provider = provider
        self.features = features
        self.managedBy = managedBy
        self.roles = roles
    }
}

/// The role of a TKG cluster.
public enum ClusterRole: String, Sendable, Hashable, CaseIterable {
    case management
    case workload
}
