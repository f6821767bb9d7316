import ClusterState
import LogModel

/// `reference-design`: the cluster runs the components the reference design expects of its role,
/// by profile (`vsphere-nsx-alb`, `docker-dev`) from `patterns/reference-design.yaml` — a required
/// component missing fails, a recommended one warns, an optional one is only reported — and the
/// rules between components hold (contour wherever harbor, prometheus or grafana run).
public struct ReferenceDesignCheck: Check {
    public static let id = "reference-design"
    public static let summary = "components the reference design expects by profile and cluster role (NSX ALB, Pinniped, cert-manager, packages), and contour under harbor/prometheus/grafana"

    public var profile: String
    public var role: ClusterRole?
    /// Per-component levels that override the profile's (`expect: { harbor: required }`).
    public var expect: [String: ReferenceDesign.Level]

    public init(profile: String, role: ClusterRole? = nil, expect: [String: ReferenceDesign.Level] = [:]) {
        self.profile = profile
        self.role = role
        self.expect = expect
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        let design = try ReferenceDesign.embedded()
        let profiles = design.profiles.map(\.id)
        guard let profile = try f.oneOf("profile", profiles) else {
            throw f.missing("profile", hint: "write profile: \(profiles.joined(separator: " or "))")
        }
        let role = try f.oneOf("role", ClusterRole.allCases.map(\.rawValue)).flatMap(ClusterRole.init(rawValue:))
        var expect: [String: ReferenceDesign.Level] = [:]
        let ids = design.components.map(\.id)
        for (component, text) in try f.stringMap("expect") ?? [:] {
            guard ids.contains(component) else {
                throw f.invalid("expect", "unknown component \"\(component)\"", hint: allowedHint(component, ids))
            }
            guard let level = ReferenceDesign.Level(rawValue: text) else {
                throw f.invalid("expect", "\(component) has level \"\(text)\"", hint: allowedHint(text, ReferenceDesign.Level.allCases.map(\.rawValue)))
            }
            expect[component] = level
        }
        self.init(profile: profile, role: role, expect: expect)
    }

    /// One planned expectation: a component, its level, and whether its condition holds here.
    struct Expectation {
        var component: ReferenceDesign.Component
        var level: ReferenceDesign.Level
        /// The unmet condition, when the component does not apply to this cluster.
        var notApplicable: String?
    }

    /// The expectations on a cluster with these facts, in the profile's order, then overrides.
    func plan(_ design: ReferenceDesign, _ facts: ClusterFacts) -> (ClusterRole?, [Expectation], ReferenceDesign.Profile?) {
        guard let p = design.profile(profile) else { return (nil, [], nil) }
        var facts = facts
        facts.features.formUnion(p.features)
        let role = role ?? facts.role
        var levels: [(String, ReferenceDesign.Level)] = role.map { p.levels[$0] ?? [] } ?? []
        for (id, level) in expect.sorted(by: { $0.key < $1.key }) {
            if let i = levels.firstIndex(where: { $0.0 == id }) { levels[i].1 = level } else { levels.append((id, level)) }
        }
        let out = levels.compactMap { (id, level) -> Expectation? in
            guard let c = design.component(id) else { return nil }
            let unmet = c.when.flatMap { $0.holds(facts) ? nil : "only with \($0)" }
            return Expectation(component: c, level: level, notApplicable: unmet)
        }
        return (role, out, p)
    }

    private func design(_ facts: ClusterFacts) -> ReferenceDesign? {
        facts.design ?? (try? ReferenceDesign.embedded())
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] { [] }

    public func explain(_ facts: ClusterFacts) -> [String] {
        guard let design = design(facts) else { return ["the reference design data does not load"] }
        let (role, plan, p) = plan(design, facts)
        guard let p else { return ["unknown profile \(profile)"] }
        var lines = ["profile \(p.id): \(p.doc)" + (p.features.isEmpty ? "" : " (assumes \(p.features.joined(separator: ", ")))")]
        if role == nil { lines.append("role unknown until the cluster is read: only the rules apply") }
        for e in plan {
            let how = e.component.recognisers.joined(separator: " or ")
            lines.append("\(e.level.rawValue) \(e.component.id): \(how)" + (e.notApplicable.map { " [\($0)]" } ?? ""))
        }
        for r in design.rules {
            lines.append("rule \(r.id): if any of \(r.ifAny.joined(separator: ", ")) is present, \(r.require) must be")
        }
        return lines
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        guard let design = design(context.facts) else {
            return Evaluation(.inconclusive, "the reference design data does not load; run tkgqa lint")
        }
        guard let source = context.source else { return Evaluation(.inconclusive, "no cluster source") }
        let (role, plan, p) = plan(design, context.facts)
        guard p != nil else {
            return Evaluation(.inconclusive, "profile \(profile) is not in the reference design data",
                              details: ["profiles: " + design.profiles.map(\.id).joined(separator: ", ")])
        }
        guard let role else {
            return Evaluation(.skipped, "cluster role unknown: nothing to expect",
                              details: ["give role: management|workload on the check or the cluster entry"])
        }
        var finder = ReferenceDesign.Finder(source: source)
        var found: [String: ReferenceDesign.Presence] = [:]
        func presence(_ c: ReferenceDesign.Component) async -> ReferenceDesign.Presence {
            if let p = found[c.id] { return p }
            let p = await finder.find(c)
            found[c.id] = p
            return p
        }

        var worst = CheckOutcome.pass
        var missing: [String: [String]] = [:]
        var unknown: [String] = []
        var details: [String] = []
        let width = max(plan.map(\.component.id.count).max() ?? 0, 12)
        for e in plan {
            let name = e.component.id.padding(toLength: width, withPad: " ", startingAt: 0)
            let level = e.level.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
            if let why = e.notApplicable {
                details.append("\(level) \(name) not applicable (\(why))")
                continue
            }
            switch await presence(e.component) {
            case .present(let evidence):
                details.append("\(level) \(name) present: \(evidence)")
            case .missing(let what):
                details.append("\(level) \(name) MISSING: \(what)")
                switch e.level {
                case .required: worst = max(worst, .fail); missing["required", default: []].append(e.component.id)
                case .recommended: worst = max(worst, .warn); missing["recommended", default: []].append(e.component.id)
                case .optional: missing["optional", default: []].append(e.component.id)
                }
            case .unknown(let why):
                details.append("\(level) \(name) unknown: \(why)")
                if e.level != .optional {
                    worst = max(worst, .inconclusive)
                    unknown.append(e.component.id)
                }
            }
        }
        var broken: [String] = []
        for rule in design.rules {
            var present: [String] = []
            for id in rule.ifAny {
                guard let c = design.component(id) else { continue }
                if await presence(c).isPresent { present.append(id) }
            }
            guard !present.isEmpty, let required = design.component(rule.require) else { continue }
            switch await presence(required) {
            case .present:
                details.append("rule \(rule.id): \(rule.require) present for \(present.joined(separator: ", "))")
            case .missing:
                worst = max(worst, .fail)
                broken.append("\(present.joined(separator: ", ")) without \(rule.require)")
                details.append("rule \(rule.id) BROKEN: \(present.joined(separator: ", ")) without \(rule.require)" + (rule.source.map { " (\($0))" } ?? ""))
            case .unknown(let why):
                worst = max(worst, .inconclusive)
                unknown.append(rule.require)
                details.append("rule \(rule.id): \(rule.require) unknown: \(why)")
            }
        }

        let presentCount = found.filter { id, p in p.isPresent && plan.contains { $0.component.id == id } }.count
        var parts: [String] = []
        if let r = missing["required"] { parts.append("missing required: " + r.joined(separator: ", ")) }
        if !broken.isEmpty { parts.append(broken.joined(separator: "; ")) }
        if let r = missing["recommended"] { parts.append("missing recommended: " + r.joined(separator: ", ")) }
        if !unknown.isEmpty { parts.append("not recorded: " + unknown.joined(separator: ", ")) }
        if let o = missing["optional"] { parts.append("optional, absent: " + o.joined(separator: ", ")) }
        let head = "\(profile) (\(role.rawValue)): \(presentCount) of \(plan.filter { $0.notApplicable == nil }.count) expected components present"
        let message = parts.isEmpty ? head : head + "; " + parts.joined(separator: "; ")
        let failing = (missing["required"].map { ["missing " + $0.joined(separator: ", ")] } ?? []) + broken
        return Evaluation(worst, message,
                          observed: failing.isEmpty ? nil : failing.joined(separator: "; "),
                          expected: failing.isEmpty ? nil : "the \(profile) \(role.rawValue) components and rules",
                          details: details)
    }

    static func pkg(_ name: String, _ ref: String) -> String {
        """
        apiVersion: packaging.carvel.dev/v1alpha1
        kind: PackageInstall
        metadata: { name: \(name), namespace: tkg-system }
        spec: { packageRef: { refName: \(ref) } }
        status: { conditions: [ { type: ReconcileSucceeded, status: "True" } ] }
        """
    }
    static func deploymentPod(_ ns: String, _ name: String) -> String {
        ExampleObjects.pod("\(name)-5d4f8c7b9-abcde", namespace: ns, owner: ("ReplicaSet", "\(name)-5d4f8c7b9"))
    }
    static let mgmtObjects = ExampleObjects.docs(
        deploymentPod("cert-manager", "cert-manager"), deploymentPod("tanzu-auth", "tanzu-auth-controller-manager"),
        ExampleObjects.pod("ako-0", namespace: "avi-system", owner: ("StatefulSet", "ako")),
        ExampleObjects.configMap("pinniped-info", namespace: "kube-public", data: ["issuer": "https://10.180.20.5:31234"]))
    static let wlObjects = ExampleObjects.docs(
        ExampleObjects.pod("ako-0", namespace: "avi-system", owner: ("StatefulSet", "ako")),
        pkg("cert-manager", "cert-manager.tanzu.vmware.com"), pkg("contour", "contour.tanzu.vmware.com"),
        pkg("fluent-bit", "fluent-bit.tanzu.vmware.com"), pkg("prometheus", "prometheus.tanzu.vmware.com"),
        pkg("grafana", "grafana.tanzu.vmware.com"))

    public static let examples: [CheckExample] = [
        CheckExample("management cluster of the NSX ALB design", spec: "{ profile: vsphere-nsx-alb }", objects: mgmtObjects,
                     facts: ClusterFacts(name: "mgmt", role: .management), expect: .pass),
        CheckExample("no pinniped-info on the management cluster", spec: "{ profile: vsphere-nsx-alb, role: management }",
                     objects: ExampleObjects.docs(deploymentPod("cert-manager", "cert-manager"), deploymentPod("tanzu-auth", "tanzu-auth-controller-manager"),
                                                  ExampleObjects.pod("ako-0", namespace: "avi-system", owner: ("StatefulSet", "ako"))),
                     expect: .fail),
        CheckExample("no ako where the load balancer is NSX ALB", spec: "{ profile: vsphere-nsx-alb, role: workload }",
                     objects: ExampleObjects.docs(pkg("cert-manager", "cert-manager.tanzu.vmware.com"), pkg("contour", "contour.tanzu.vmware.com")),
                     expect: .fail),
        CheckExample("workload cluster with the shared services", spec: "{ profile: vsphere-nsx-alb, role: workload }", objects: wlObjects, expect: .pass),
        CheckExample("recommended package missing warns", spec: "{ profile: vsphere-nsx-alb, role: workload }",
                     objects: ExampleObjects.docs(ExampleObjects.pod("ako-0", namespace: "avi-system", owner: ("StatefulSet", "ako")),
                                                  pkg("cert-manager", "cert-manager.tanzu.vmware.com"), pkg("contour", "contour.tanzu.vmware.com")),
                     expect: .warn),
        CheckExample("harbor without contour", spec: "{ profile: docker-dev, role: workload }",
                     objects: pkg("harbor", "harbor.tanzu.vmware.com"), expect: .fail),
        CheckExample("grafana with contour, recognised by workloads without PackageInstalls", spec: "{ profile: docker-dev, role: workload }",
                     objects: ExampleObjects.docs(deploymentPod("tanzu-system-dashboards", "grafana"), deploymentPod("tanzu-system-ingress", "contour")),
                     notCaptured: [.packageInstall], expect: .pass),
        CheckExample("expect makes an optional package required", spec: "{ profile: docker-dev, role: workload, expect: { harbor: required } }",
                     objects: pkg("contour", "contour.tanzu.vmware.com"), expect: .fail),
        CheckExample("docker-dev management cluster needs only cert-manager", spec: "{ profile: docker-dev, role: management }",
                     objects: deploymentPod("cert-manager", "cert-manager"), expect: .pass),
        CheckExample("cert-manager unknown without pods or PackageInstalls", spec: "{ profile: docker-dev, role: management }",
                     notCaptured: [.pod, .packageInstall], expect: .inconclusive),
    ]
}

extension ReferenceDesign.Component {
    /// How it is recognised, for `--explain`.
    var recognisers: [String] {
        workloads.map { "pods of \($0)" } + packages.map { "PackageInstall of \($0)" } + namespaces.map { "pods in \($0)" }
            + configMaps.map { "ConfigMap \($0.namespace)/\($0.name)" }
    }
}
