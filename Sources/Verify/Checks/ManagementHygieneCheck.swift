import ClusterState
import LogModel

/// `management-hygiene`: a management cluster runs no application workloads — pods outside the
/// platform namespaces (those of `patterns/cluster-roles.yaml`, the reference design's components
/// and `systemNamespaces`) warn, since seed 000 advises against using it as general-purpose compute
/// (`severity: fail` makes it hard) — and its CNI is Antrea (seed 000's default) unless `cni:` says
/// otherwise. Other clusters are skipped.
public struct ManagementHygieneCheck: Check {
    public static let id = "management-hygiene"
    public static let summary = "a management cluster runs no application pods (warn) and its CNI is Antrea or the one the spec names"

    /// The expected CNI component id (`antrea`, `calico`).
    public var cni: String
    /// More namespaces that hold no applications.
    public var allowNamespaces: [String]

    public init(cni: String = "antrea", allowNamespaces: [String] = []) {
        self.cni = cni
        self.allowNamespaces = allowNamespaces
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        let cnis = try ReferenceDesign.embedded().cnis.map(\.id)
        self.init(cni: try f.oneOf("cni", cnis) ?? "antrea", allowNamespaces: try f.strings("allowNamespaces") ?? [])
    }

    /// The namespaces that hold no applications on a cluster with these facts, sorted.
    func platformNamespaces(_ facts: ClusterFacts, _ design: ReferenceDesign) -> [String] {
        var set = Set(facts.roles.workloads.map(\.namespace))
        set.formUnion(design.systemNamespaces)
        for c in design.components { set.formUnion(c.ownNamespaces) }
        set.formUnion(allowNamespaces)
        return set.sorted()
    }

    private func design(_ facts: ClusterFacts) -> ReferenceDesign? { facts.design ?? (try? ReferenceDesign.embedded()) }

    /// The CNI part as a core assertion (the application-pod part needs the namespace set; see `explain`).
    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        guard let design = design(facts), let c = design.component(cni), let w = c.workloads.first else { return [] }
        return [Assertion("CNI \(cni)", select: ObjectSelector(.pod, namespace: w.namespace.map { .named($0) }, owner: w), .count(.atLeast(1)))]
    }

    public func explain(_ facts: ClusterFacts) -> [String] {
        guard let design = design(facts) else { return ["the reference design data does not load"] }
        var lines = ["only on management clusters (role \(facts.role?.rawValue ?? "read from the cluster"))",
                     "Pod outside the platform namespaces: none (warn); platform namespaces: " + platformNamespaces(facts, design).joined(separator: ", ")]
        if let c = design.component(cni) { lines.append("CNI \(cni) present: " + c.recognisers.joined(separator: " or ")) }
        return lines
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        guard let design = design(context.facts) else { return Evaluation(.inconclusive, "the reference design data does not load; run tkgqa lint") }
        guard let source = context.source else { return Evaluation(.inconclusive, "no cluster source") }
        switch context.facts.role {
        case nil:
            return Evaluation(.skipped, "cluster role unknown: management-hygiene applies to management clusters",
                              details: ["give role: management on the cluster entry"])
        case .workload?:
            return Evaluation(.skipped, "\(context.facts.name) is a workload cluster: management-hygiene applies to management clusters")
        case .management?:
            break
        }
        var finder = ReferenceDesign.Finder(source: source)
        var outcome = CheckOutcome.pass
        var parts: [String] = [], details: [String] = [], objects: [String] = []
        var observed: [String] = [], expected: [String] = []

        // Application pods.
        let platform = Set(platformNamespaces(context.facts, design))
        switch await finder.list(.pod, nil) {
        case .failure(let u):
            outcome = .inconclusive
            parts.append("cannot look for application pods: \(u)")
        case .success(let list):
            let apps = list.objects.filter { !platform.contains($0.namespace) && !$0.namespace.isEmpty }
            var byWorkload: [WorkloadRef: Int] = [:]
            for pod in apps { byWorkload[WorkloadRef.owning(pod), default: 0] += 1 }
            if byWorkload.isEmpty {
                if let covered = list.coveredNamespaces {
                    outcome = .inconclusive
                    parts.append("no application pods, but pods recorded only in \(covered.joined(separator: ", "))")
                } else {
                    parts.append("no application pods (\(list.objects.count) pods, all in platform namespaces)")
                }
            } else {
                outcome = .warn
                let names = byWorkload.keys.sorted().map { ref in
                    "\(ref.kind.map { "\($0.rawValue) " } ?? "")\(ref) (\(byWorkload[ref]!) pod\(byWorkload[ref]! == 1 ? "" : "s"))"
                }
                parts.append("\(apps.count) application pod\(apps.count == 1 ? "" : "s") on the management cluster: " + byWorkload.keys.sorted().map(\.description).joined(separator: ", "))
                details += names
                details.append("seed 000: the management cluster is not recommended as a general-purpose compute environment for application workloads")
                details.append("move them to a workload cluster, or list their namespace in allowNamespaces if they are platform services")
                objects += apps.map(\.reference).sorted()
                observed.append("\(apps.count) application pods")
                expected.append("none outside platform namespaces")
            }
        }

        // CNI.
        var running: [String] = []
        var unknownCNI: [String] = []
        for c in design.cnis {
            switch await finder.find(c) {
            case .present(let evidence): running.append(c.id); if c.id == cni { details.append("CNI \(c.id): \(evidence)") }
            case .missing: break
            case .unknown(let why): unknownCNI.append("\(c.id): \(why)")
            }
        }
        if running.contains(cni) {
            parts.append("CNI \(cni)")
        } else if running.isEmpty, !unknownCNI.isEmpty {
            outcome = max(outcome, .inconclusive)
            parts.append("CNI not recorded (\(unknownCNI.joined(separator: "; ")))")
        } else {
            outcome = .fail
            let seen = running.isEmpty ? "no known CNI" : running.joined(separator: ", ")
            parts.append("CNI is \(seen), expected \(cni)")
            observed.insert("CNI \(seen)", at: 0)
            expected.insert("CNI \(cni)", at: 0)
            if cni == "antrea" { details.append("seed 000: a management cluster has Antrea networking by default; write cni: \(running.first ?? "calico") if that is intended") }
        }
        return Evaluation(outcome, parts.joined(separator: "; "),
                          observed: observed.isEmpty ? nil : observed.joined(separator: "; "),
                          expected: expected.isEmpty ? nil : expected.joined(separator: "; "), details: details, objects: objects)
    }

    static let roles = ClusterRoles(workloads: [
        .init(name: "antrea-agent", namespace: "kube-system", kind: .daemonSet, roles: [.management, .workload]),
        .init(name: "capi-controller-manager", namespace: "capi-system", kind: .deployment, roles: [.management]),
    ])
    static let clean = ExampleObjects.docs(
        ExampleObjects.pod("antrea-agent-x7k2p", owner: ("DaemonSet", "antrea-agent")),
        ExampleObjects.pod("capi-controller-manager-6b8d9c7f5-q2w3e", namespace: "capi-system", owner: ("ReplicaSet", "capi-controller-manager-6b8d9c7f5")))
    static let mgmt = ClusterFacts(name: "mgmt", role: .management, roles: roles)

    public static let examples: [CheckExample] = [
        CheckExample("platform pods only, Antrea", spec: "{}", objects: clean, facts: mgmt, expect: .pass),
        CheckExample("an application Deployment on the management cluster", spec: "{}",
                     objects: ExampleObjects.docs(clean, ExampleObjects.pod("shop-frontend-7d9c8f7b5-k2l3m", namespace: "shop",
                                                                             owner: ("ReplicaSet", "shop-frontend-7d9c8f7b5"))),
                     facts: mgmt, expect: .warn),
        CheckExample("its namespace allowed", spec: "{ allowNamespaces: [shop] }",
                     objects: ExampleObjects.docs(clean, ExampleObjects.pod("shop-frontend-7d9c8f7b5-k2l3m", namespace: "shop",
                                                                             owner: ("ReplicaSet", "shop-frontend-7d9c8f7b5"))),
                     facts: mgmt, expect: .pass),
        CheckExample("Calico where Antrea is expected", spec: "{}",
                     objects: ExampleObjects.pod("calico-node-x7k2p", owner: ("DaemonSet", "calico-node")), facts: mgmt, expect: .fail),
        CheckExample("Calico when the spec says so", spec: "{ cni: calico }",
                     objects: ExampleObjects.pod("calico-node-x7k2p", owner: ("DaemonSet", "calico-node")), facts: mgmt, expect: .pass),
        CheckExample("a workload cluster is skipped", spec: "{}", objects: clean,
                     facts: ClusterFacts(name: "wl", role: .workload, roles: roles), expect: .skipped),
        CheckExample("pods not recorded", spec: "{}", notCaptured: [.pod, .packageInstall], facts: mgmt, expect: .inconclusive),
    ]
}
