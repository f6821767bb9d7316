import ClusterState
import LogModel

/// `version-skew`: the Kubernetes versions of the management cluster and of each workload cluster —
/// kubelets, the version the Cluster object declares, its TKR — side by side. Different versions are
/// allowed (seed 000: "The management and workload clusters can be different versions"), so the
/// check only reports, unless the spec sets a policy: `maxMinorSkew: 1` fails a workload cluster
/// more than one minor version away from its management cluster.
///
/// On a workload cluster (`managedBy`), the rows are its management cluster and itself; on a
/// management cluster, itself and every workload Cluster object recorded on it (declared versions).
public struct VersionSkewCheck: Check {
    public static let id = "version-skew"
    public static let summary = "Kubernetes versions of the management and workload clusters side by side with their TKRs; fails only beyond maxMinorSkew"

    public var maxMinorSkew: Int?

    public init(maxMinorSkew: Int? = nil) { self.maxMinorSkew = maxMinorSkew }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        let skew = try f.int("maxMinorSkew")
        if let skew, skew < 0 { throw f.invalid("maxMinorSkew", "maxMinorSkew \(skew) must not be negative", hint: "write maxMinorSkew: 1") }
        self.init(maxMinorSkew: skew)
    }

    /// One cluster's versions.
    struct Row {
        var name: String
        var role: ClusterRole
        /// Distinct kubelet versions of its nodes; `nil` when its nodes were not read.
        var kubelets: [String]?
        var declared: String?
        var tkr: String?
        /// Why a version is unknown.
        var note: String?

        /// The versions the policy compares: kubelets, else the declared version, else the TKR's.
        var versions: [String] {
            if let k = kubelets, !k.isEmpty { return k }
            if let d = declared { return [d] }
            return tkr.map { [KubernetesVersionCheck.version(ofTKR: $0)] } ?? []
        }
    }

    /// `v1.25.7+vmware.2` → (1, 25).
    static func minor(_ version: String) -> (major: Int, minor: Int)? {
        let parts = version.drop { $0 == "v" }.split(separator: ".")
        guard parts.count >= 2, let major = Int(parts[0]), let minor = Int(parts[1].prefix { $0.isNumber }) else { return nil }
        return (major, minor)
    }

    /// The largest minor-version distance between two sets of versions; `nil` when one is unparseable.
    static func skew(_ a: [String], _ b: [String]) -> Int? {
        var worst = 0
        for x in a {
            for y in b {
                guard let p = minor(x), let q = minor(y) else { return nil }
                worst = max(worst, p.major != q.major ? 100 : abs(p.minor - q.minor))
            }
        }
        return worst
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] { [] }

    public func explain(_ facts: ClusterFacts) -> [String] {
        var lines: [String] = []
        if facts.managedBy != nil {
            lines.append("rows: management cluster \(facts.managedBy!) (Node kubelet versions, its Cluster's TKR) and \(facts.clusterName) (Node kubelet versions; [management cluster] Cluster \(facts.clusterName): spec.topology.version, label run.tanzu.vmware.com/tkr)")
        } else {
            lines.append("rows: \(facts.clusterName) (Node kubelet versions) and every other Cluster.cluster.x-k8s.io recorded on it (spec.topology.version, label run.tanzu.vmware.com/tkr)")
        }
        lines.append(maxMinorSkew.map { "policy: each workload cluster within \($0) minor version\($0 == 1 ? "" : "s") of the management cluster" }
                     ?? "no policy: versions are reported, never failed")
        return lines
    }

    private func kubelets(_ source: any ClusterSource) async -> ([String]?, String?) {
        switch await source.list(.node, namespace: nil) {
        case .failure(let u): return (nil, u.description)
        case .success(let l):
            return (Array(Set(l.objects.compactMap { $0["status", "nodeInfo", "kubeletVersion"]?.string })).sorted(), nil)
        }
    }

    private static func row(_ cluster: KubeObject, role: ClusterRole) -> Row {
        Row(name: cluster.name, role: role, kubelets: nil,
            declared: cluster["spec", "topology", "version"]?.string, tkr: cluster.labels["run.tanzu.vmware.com/tkr"])
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        guard let source = context.source else { return Evaluation(.inconclusive, "no cluster source") }
        let facts = context.facts
        let onWorkload = facts.managedBy != nil
        let management = context.source(for: .management)
        var clusters: [KubeObject] = []
        var clusterNote: String?
        if let management {
            switch await management.list(.cluster, namespace: nil) {
            case .failure(let u): clusterNote = u.description
            case .success(let l): clusters = l.objects
            }
        }
        let isManagementObject = { (o: KubeObject) in o.labels["cluster-role.tkg.tanzu.vmware.com/management"] != nil }

        var rows: [Row] = []
        if onWorkload {
            let mgmtObject = clusters.first(where: isManagementObject)
            var m = Row(name: mgmtObject?.name ?? facts.managedBy!, role: .management, kubelets: nil, declared: mgmtObject?["spec", "topology", "version"]?.string,
                        tkr: mgmtObject?.labels["run.tanzu.vmware.com/tkr"])
            if let management { (m.kubelets, m.note) = await kubelets(management) } else { m.note = "management cluster \(facts.managedBy!) not opened" }
            var w = clusters.first { $0.name == facts.clusterName }.map { Self.row($0, role: .workload) }
                ?? Row(name: facts.clusterName, role: .workload, note: clusterNote ?? "no Cluster \(facts.clusterName) recorded on \(facts.managedBy!)")
            (w.kubelets, _) = await kubelets(source)
            rows = [m, w]
        } else {
            let own = clusters.first { $0.name == facts.clusterName } ?? clusters.first(where: isManagementObject)
            var m = own.map { Self.row($0, role: facts.role ?? .management) } ?? Row(name: facts.clusterName, role: facts.role ?? .management)
            m.name = own?.name ?? facts.clusterName
            (m.kubelets, m.note) = await kubelets(source)
            rows = [m]
            for c in clusters.sorted(by: { $0.name < $1.name }) where c.name != m.name && !isManagementObject(c) {
                rows.append(Self.row(c, role: .workload))
            }
        }

        // The table, for details.
        func text(_ r: Row) -> [String] {
            [r.name, r.role.rawValue, r.kubelets.map { $0.isEmpty ? "-" : $0.joined(separator: ", ") } ?? "?", r.declared ?? "-", r.tkr ?? "-"]
        }
        let header = ["cluster", "role", "kubelet", "declared", "TKR"]
        let cells = [header] + rows.map(text)
        let widths = (0..<header.count).map { i in cells.map { $0[i].count }.max() ?? 0 }
        var details = cells.map { row in
            zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        details += rows.compactMap { r in r.note.map { "\(r.name): \($0)" } }

        let mgmtRow = rows.first { $0.role == .management } ?? rows[0]
        let others = rows.filter { $0.role == .workload && $0.name != mgmtRow.name }
        func summary(_ r: Row) -> String {
            let v = r.versions.isEmpty ? "version unknown" : r.versions.joined(separator: ", ")
            return "\(r.name) \(v)" + (r.tkr.map { " (TKR \($0))" } ?? "")
        }
        var skews: [(Row, Int?)] = others.map { ($0, Self.skew($0.versions, mgmtRow.versions)) }
        if mgmtRow.versions.isEmpty { skews = others.map { ($0, nil) } }
        let side = ([mgmtRow] + others).map(summary).joined(separator: "; ")
        let skewText = skews.compactMap { $0.1 }.max().map { "; largest minor skew \($0 == 100 ? "across majors" : String($0))" } ?? ""
        guard let max = maxMinorSkew else {
            return Evaluation(.pass, side + skewText + (others.isEmpty ? "; no workload cluster recorded" : ""), details: details + ["no policy: versions are reported, never failed"])
        }
        if others.isEmpty {
            return Evaluation(.inconclusive, side + "; no workload cluster to compare with",
                              details: details + [onWorkload ? "" : "run it on a workload cluster with managedBy, or record the workload Cluster objects on the management cluster"].filter { !$0.isEmpty })
        }
        let unknown = skews.filter { $0.1 == nil }.map(\.0.name)
        let over = skews.filter { ($0.1 ?? 0) > max }
        if !over.isEmpty {
            let names = over.map { "\($0.0.name) (\($0.1! == 100 ? "another major" : "\($0.1!) minor"))" }
            return Evaluation(.fail, "minor skew over \(max): " + names.joined(separator: ", ") + "; " + side,
                              observed: over.map { "\($0.0.name) \($0.0.versions.joined(separator: ", ")) vs \(mgmtRow.name) \(mgmtRow.versions.joined(separator: ", "))" }.joined(separator: "; "),
                              expected: "at most \(max) minor version\(max == 1 ? "" : "s") from the management cluster", details: details,
                              objects: over.map { "Cluster \($0.0.name)" })
        }
        if !unknown.isEmpty {
            return Evaluation(.inconclusive, "version unknown for " + unknown.joined(separator: ", ") + "; " + side, details: details)
        }
        return Evaluation(.pass, side + skewText + " (policy: at most \(max))", details: details)
    }

    static func cluster(_ name: String, tkr: String, version: String, management: Bool = false) -> String {
        """
        apiVersion: cluster.x-k8s.io/v1beta1
        kind: Cluster
        metadata: { name: \(name), namespace: default, labels: { run.tanzu.vmware.com/tkr: \(tkr)\(management ? ", cluster-role.tkg.tanzu.vmware.com/management: \"\"" : "") } }
        spec: { topology: { version: \(version) } }
        """
    }
    static let mgmtObjects = ExampleObjects.docs(
        ExampleObjects.node("mgmt-cp-1", controlPlane: true, kubelet: "v1.26.5+vmware.2"),
        cluster("mgmt", tkr: "v1.26.5---vmware.2-tkg.1", version: "v1.26.5+vmware.2", management: true),
        cluster("example", tkr: "v1.24.9---vmware.1-tkg.1", version: "v1.24.9+vmware.1"))

    public static let examples: [CheckExample] = [
        CheckExample("different versions are allowed without a policy", spec: "{}",
                     objects: ExampleObjects.node("wl-cp-1", controlPlane: true, kubelet: "v1.24.9+vmware.1"), management: mgmtObjects, expect: .pass),
        CheckExample("two minors apart with maxMinorSkew 1", spec: "{ maxMinorSkew: 1 }",
                     objects: ExampleObjects.node("wl-cp-1", controlPlane: true, kubelet: "v1.24.9+vmware.1"), management: mgmtObjects, expect: .fail),
        CheckExample("within maxMinorSkew 2", spec: "{ maxMinorSkew: 2 }",
                     objects: ExampleObjects.node("wl-cp-1", controlPlane: true, kubelet: "v1.24.9+vmware.1"), management: mgmtObjects, expect: .pass),
        CheckExample("on the management cluster, its workload Clusters' declared versions", spec: "{ maxMinorSkew: 1 }", objects: mgmtObjects,
                     facts: ClusterFacts(name: "mgmt", role: .management), expect: .fail),
        CheckExample("policy with no workload cluster recorded", spec: "{ maxMinorSkew: 1 }",
                     objects: ExampleObjects.node("mgmt-cp-1", controlPlane: true), facts: ClusterFacts(name: "mgmt", role: .management),
                     expect: .inconclusive),
    ]
}

extension String {
    /// Without trailing spaces (table rows).
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
