import Patterns

/// Which system workloads run on which kind of TKG cluster, from `patterns/cluster-roles.yaml`: the
/// expected pod set of the `pods` check.
public struct ClusterRoles: Sendable, Hashable {
    /// One workload and where it runs.
    public struct Workload: Sendable, Hashable {
        public var name: String
        public var namespace: String
        public var kind: WorkloadRef.Kind
        /// The cluster roles it runs on.
        public var roles: Set<ClusterRole>
        /// Whether it also runs when the cluster has Windows workers (informative).
        public var windows: Bool
        /// It counts only when this holds (`provider: vsphere`, `feature: nsx-alb`).
        public var when: Requirement?
        /// The severity when found on a role it is not listed for.
        public var elsewhere: Severity
        public var note: String?

        public init(name: String, namespace: String, kind: WorkloadRef.Kind, roles: Set<ClusterRole>, windows: Bool = false,
                    when: Requirement? = nil, elsewhere: Severity = .fail, note: String? = nil) {
            self.name = name
            self.namespace = namespace
            self.kind = kind
            self.roles = roles
            self.windows = windows
            self.when = when
            self.elsewhere = elsewhere
            self.note = note
        }

        /// As a workload reference.
        public var ref: WorkloadRef { WorkloadRef(kind, name, namespace: namespace) }
    }

    /// A condition on cluster facts.
    public enum Requirement: Sendable, Hashable, CustomStringConvertible {
        case provider(String)
        case feature(String)

        /// Whether the facts satisfy it (unknown facts do not).
        public func holds(_ facts: ClusterFacts) -> Bool {
            switch self {
            case .provider(let p): return facts.provider == p
            case .feature(let f): return facts.features.contains(f)
            }
        }

        public var description: String {
            switch self {
            case .provider(let p): return "provider \(p)"
            case .feature(let f): return "feature \(f)"
            }
        }
    }

    /// Features a cluster entry may declare.
    public static let knownFeatures = ["identity-management", "in-cluster-ipam", "kube-vip", "nsx-alb"]

    public var workloads: [Workload]

    public init(workloads: [Workload]) { self.workloads = workloads }

    /// The workload with this name (first match), for `includes`/`excludes` by bare name.
    public func workload(named name: String) -> Workload? { workloads.first { $0.name == name } }

    /// The role data compiled into this binary (`patterns/cluster-roles.yaml`).
    public static func embedded() throws(VerifyError) -> ClusterRoles {
        let set: PatternSet
        do {
            set = try PatternSet.embedded()
        } catch {
            throw VerifyError(.badRoles, "the embedded patterns do not load: \(error)")
        }
        return try from(set)
    }

    /// The role data of a pattern set (`--patterns DIR`).
    public static func from(_ set: PatternSet) throws(VerifyError) -> ClusterRoles {
        try load(root: set.dataDocument("cluster-roles.yaml"))
    }

    /// Parses role data.
    public static func load(_ text: String, path: String) throws(VerifyError) -> ClusterRoles {
        try load(root: PatternSet.parseDataDocument(text, path: path))
    }

    private static func load(root: YAMLValue) throws(VerifyError) -> ClusterRoles {
        guard let list = root["workloads"]?.items else {
            throw VerifyError(.badRoles, "cluster roles need a workloads: list", at: root.location)
        }
        var workloads: [Workload] = []
        for item in list {
            var f = try SpecFields(check: "workload", node: item)
            guard let name = try f.string("name") else { throw f.missing("name", hint: "name the Deployment, DaemonSet or static pod") }
            guard let namespace = try f.string("namespace") else { throw f.missing("namespace", hint: "give its namespace") }
            let kindText = try f.oneOf("kind", WorkloadRef.Kind.allCases.map(\.rawValue)) ?? "Deployment"
            let roles = try f.strings("roles") ?? []
            var roleSet: Set<ClusterRole> = []
            for r in roles {
                guard let role = ClusterRole(rawValue: r) else {
                    throw f.invalid("roles", "unknown role \"\(r)\"", hint: allowedHint(r, ClusterRole.allCases.map(\.rawValue)))
                }
                roleSet.insert(role)
            }
            var when: Requirement?
            if var w = try f.nested("when") {
                if let p = try w.string("provider") { when = .provider(p) }
                if let feature = try w.oneOf("feature", knownFeatures) { when = .feature(feature) }
                try w.finish()
            }
            let elsewhere = try f.oneOf("elsewhere", Severity.allCases.map(\.rawValue)).flatMap(Severity.init(rawValue:)) ?? .fail
            let windows = try f.bool("windows") ?? false
            let note = try f.string("note")
            try f.finish()
            workloads.append(Workload(name: name, namespace: namespace, kind: WorkloadRef.Kind(rawValue: kindText)!, roles: roleSet,
                                      windows: windows, when: when, elsewhere: elsewhere, note: note))
        }
        return ClusterRoles(workloads: workloads)
    }
}
