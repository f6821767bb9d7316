import Patterns

/// The reference design of a TKG environment, from `patterns/reference-design.yaml`: the components
/// a well-built cluster runs and how to recognise them, the rules between them, and per profile and
/// cluster role how much each one matters. Data, so a QA team can tune it without touching Swift.
public struct ReferenceDesign: Sendable, Hashable {
    /// How much a component matters in a profile.
    public enum Level: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Missing fails.
        case required
        /// Missing warns.
        case recommended
        /// Reported, never a failure.
        case optional

        private var rank: Int { self == .required ? 0 : (self == .recommended ? 1 : 2) }
        public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    }

    /// A component and the ways to recognise it; any one finding it makes it present.
    public struct Component: Sendable, Hashable {
        public var id: String
        public var doc: String
        public var source: String?
        /// Pods owned by these workloads (`namespace/name`, any workload kind).
        public var workloads: [WorkloadRef]
        /// PackageInstalls of these packages (`spec.packageRef.refName`).
        public var packages: [String]
        /// Any pod in these namespaces.
        public var namespaces: [String]
        /// These ConfigMaps (`namespace/name`).
        public var configMaps: [(namespace: String, name: String)]
        /// Whether it is a CNI.
        public var cni: Bool
        /// It is looked for only when this holds (`feature: nsx-alb`: where the load balancer is NSX ALB).
        public var when: ClusterRoles.Requirement?

        public init(id: String, doc: String, source: String? = nil, workloads: [WorkloadRef] = [], packages: [String] = [],
                    namespaces: [String] = [], configMaps: [(namespace: String, name: String)] = [], cni: Bool = false,
                    when: ClusterRoles.Requirement? = nil) {
            self.when = when
            self.id = id
            self.doc = doc
            self.source = source
            self.workloads = workloads
            self.packages = packages
            self.namespaces = namespaces
            self.configMaps = configMaps
            self.cni = cni
        }

        /// The namespaces its recognisers name (platform namespaces, for `management-hygiene`).
        public var ownNamespaces: [String] {
            workloads.compactMap(\.namespace) + namespaces + configMaps.map(\.namespace)
        }

        public static func == (a: Component, b: Component) -> Bool {
            a.id == b.id && a.doc == b.doc && a.source == b.source && a.workloads == b.workloads && a.packages == b.packages
                && a.namespaces == b.namespaces && a.configMaps.map { "\($0.namespace)/\($0.name)" } == b.configMaps.map { "\($0.namespace)/\($0.name)" }
                && a.cni == b.cni && a.when == b.when
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    /// When any of `ifAny` is present, `require` must be too.
    public struct Rule: Sendable, Hashable {
        public var id: String
        public var ifAny: [String]
        public var require: String
        public var source: String?
    }

    /// A named set of expectations per cluster role.
    public struct Profile: Sendable, Hashable {
        public var id: String
        public var doc: String
        /// Features assumed of every cluster the profile is applied to (`nsx-alb`).
        public var features: [String]
        /// Component id → level, per role, in file order.
        public var levels: [ClusterRole: [(component: String, level: Level)]]

        public static func == (a: Profile, b: Profile) -> Bool {
            a.id == b.id && a.doc == b.doc && a.features == b.features
                && ClusterRole.allCases.allSatisfy { r in
                    (a.levels[r] ?? []).map { "\($0.component)=\($0.level)" } == (b.levels[r] ?? []).map { "\($0.component)=\($0.level)" }
                }
        }

        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }

    public var components: [Component]
    public var rules: [Rule]
    public var profiles: [Profile]
    /// Namespaces that hold no applications, on top of the cluster roles' and the components'.
    public var systemNamespaces: [String]

    public init(components: [Component], rules: [Rule] = [], profiles: [Profile] = [], systemNamespaces: [String] = []) {
        self.components = components
        self.rules = rules
        self.profiles = profiles
        self.systemNamespaces = systemNamespaces
    }

    public func component(_ id: String) -> Component? { components.first { $0.id == id } }
    public func profile(_ id: String) -> Profile? { profiles.first { $0.id == id } }

    /// The CNI components.
    public var cnis: [Component] { components.filter(\.cni) }

    /// The design compiled into this binary; loaded once.
    public static func embedded() throws(VerifyError) -> ReferenceDesign {
        switch embeddedResult {
        case .success(let d): return d
        case .failure(let e): throw e
        }
    }

    private static let embeddedResult: Result<ReferenceDesign, VerifyError> = {
        do {
            return .success(try from(try PatternSet.embedded()))
        } catch let error as VerifyError {
            return .failure(error)
        } catch {
            return .failure(VerifyError(.badRoles, "the embedded patterns do not load: \(error)"))
        }
    }()

    /// The design of a pattern set (`--patterns DIR`).
    public static func from(_ set: PatternSet) throws(VerifyError) -> ReferenceDesign {
        try load(root: set.dataDocument("reference-design.yaml"))
    }

    /// Parses design data; every error names `path:line:column`.
    public static func load(_ text: String, path: String) throws(VerifyError) -> ReferenceDesign {
        try load(root: PatternSet.parseDataDocument(text, path: path))
    }

    private static func load(root: YAMLValue) throws(VerifyError) -> ReferenceDesign {
        var top = try SpecFields(check: "reference design", node: root)
        guard let componentNodes = top.node("components")?.items else {
            throw VerifyError(.badRoles, "the reference design needs a components: list", at: root.location)
        }
        var components: [Component] = []
        for item in componentNodes {
            var f = try SpecFields(check: "component", node: item)
            guard let id = try f.string("id") else { throw f.missing("id", hint: "give the component a kebab-case id") }
            if components.contains(where: { $0.id == id }) { throw f.invalid("id", "component \"\(id)\" is defined twice") }
            guard let doc = try f.string("doc") else { throw f.missing("doc", hint: "say in one line what the component is") }
            var workloads: [WorkloadRef] = []
            for w in try f.strings("workloads") ?? [] {
                let parts = w.split(separator: "/").map(String.init)
                guard parts.count == 2 else { throw f.invalid("workloads", "workload \"\(w)\" is not namespace/name", hint: "write avi-system/ako") }
                workloads.append(WorkloadRef(nil, parts[1], namespace: parts[0]))
            }
            var configMaps: [(namespace: String, name: String)] = []
            for c in try f.strings("configMaps") ?? [] {
                let parts = c.split(separator: "/").map(String.init)
                guard parts.count == 2 else { throw f.invalid("configMaps", "ConfigMap \"\(c)\" is not namespace/name", hint: "write kube-public/pinniped-info") }
                configMaps.append((parts[0], parts[1]))
            }
            var when: ClusterRoles.Requirement?
            if var w = try f.nested("when") {
                if let p = try w.string("provider") { when = .provider(p) }
                if let feature = try w.oneOf("feature", ClusterRoles.knownFeatures) { when = .feature(feature) }
                try w.finish()
            }
            let component = Component(id: id, doc: doc, source: try f.string("source"), workloads: workloads,
                                      packages: try f.strings("packages") ?? [], namespaces: try f.strings("namespaces") ?? [],
                                      configMaps: configMaps, cni: try f.bool("cni") ?? false, when: when)
            if component.workloads.isEmpty, component.packages.isEmpty, component.namespaces.isEmpty, component.configMaps.isEmpty {
                throw f.missing("workloads, packages, namespaces or configMaps", hint: "say how to recognise \(id)")
            }
            try f.finish()
            components.append(component)
        }
        let ids = components.map(\.id)
        func known(_ f: SpecFields, _ key: String, _ id: String) throws(VerifyError) {
            if !ids.contains(id) { throw f.invalid(key, "unknown component \"\(id)\"", hint: allowedHint(id, ids)) }
        }

        var rules: [Rule] = []
        for item in top.node("rules")?.items ?? [] {
            var f = try SpecFields(check: "rule", node: item)
            guard let id = try f.string("id") else { throw f.missing("id", hint: "give the rule a kebab-case id") }
            guard let ifAny = try f.strings("if"), !ifAny.isEmpty else { throw f.missing("if", hint: "write if: [harbor, prometheus]") }
            guard let require = try f.string("require") else { throw f.missing("require", hint: "write require: contour") }
            for c in ifAny { try known(f, "if", c) }
            try known(f, "require", require)
            rules.append(Rule(id: id, ifAny: ifAny, require: require, source: try f.string("source")))
            try f.finish()
        }

        var profiles: [Profile] = []
        if let node = top.node("profiles") {
            guard let pairs = node.entries else { throw VerifyError(.badRoles, "profiles must be a mapping of names", at: node.location) }
            for pair in pairs {
                var f = try SpecFields(check: "profile \(pair.key)", node: pair.value)
                guard let doc = try f.string("doc") else { throw f.missing("doc", hint: "say in one line what the profile is for") }
                let features = try f.strings("features") ?? []
                for feature in features where !ClusterRoles.knownFeatures.contains(feature) {
                    throw f.invalid("features", "unknown feature \"\(feature)\"", hint: allowedHint(feature, ClusterRoles.knownFeatures))
                }
                var levels: [ClusterRole: [(component: String, level: Level)]] = [:]
                for role in ClusterRole.allCases {
                    guard let roleNode = f.node(role.rawValue) else { continue }
                    guard let entries = roleNode.entries else {
                        throw VerifyError(.badRoles, "profile \(pair.key): \(role.rawValue) must map components to levels", at: roleNode.location)
                    }
                    var list: [(component: String, level: Level)] = []
                    for e in entries {
                        if !ids.contains(e.key) {
                            throw VerifyError(.badRoles, "profile \(pair.key): unknown component \"\(e.key)\"", at: e.keyLocation, hint: allowedHint(e.key, ids))
                        }
                        guard let text = e.value.string, let level = Level(rawValue: text) else {
                            throw VerifyError(.badRoles, "profile \(pair.key): \(e.key) has level \"\(e.value.string ?? e.value.kindName)\"", at: e.value.location,
                                              hint: allowedHint(e.value.string ?? "", Level.allCases.map(\.rawValue)))
                        }
                        list.append((e.key, level))
                    }
                    levels[role] = list
                }
                try f.finish()
                profiles.append(Profile(id: pair.key, doc: doc, features: features, levels: levels))
            }
        }
        let systemNamespaces = try top.strings("systemNamespaces") ?? []
        try top.finish()
        return ReferenceDesign(components: components, rules: rules, profiles: profiles, systemNamespaces: systemNamespaces)
    }
}
