import ClusterState
import LogModel

/// `pods`: the system workloads a cluster must (and must not) run, by cluster role from
/// `patterns/cluster-roles.yaml`, plus `includes` and `excludes`; `exactly` also reports any other
/// pod in those namespaces. Pods are matched by owning workload, hash suffixes ignored. Conditional
/// entries (provider, feature) are expected only when their condition holds, and never unexpected.
public struct PodsCheck: Check {
    public static let id = "pods"
    public static let summary = "expected system pods by cluster role (management, workload), with includes, excludes and exactly"

    public var role: ClusterRole?
    public var includes: [String]
    public var excludes: [String]
    public var exactly: Bool
    /// Features to assume on top of the cluster's declared ones.
    public var features: [String]

    public init(role: ClusterRole? = nil, includes: [String] = [], excludes: [String] = [], exactly: Bool = false, features: [String] = []) {
        self.role = role
        self.includes = includes
        self.excludes = excludes
        self.exactly = exactly
        self.features = features
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        let role = try f.oneOf("role", ClusterRole.allCases.map(\.rawValue)).flatMap(ClusterRole.init(rawValue:))
        let features = try f.strings("features") ?? []
        for feature in features where !ClusterRoles.knownFeatures.contains(feature) {
            throw f.invalid("features", "unknown feature \"\(feature)\"", hint: allowedHint(feature, ClusterRoles.knownFeatures))
        }
        self.init(role: role, includes: try f.strings("includes") ?? [], excludes: try f.strings("excludes") ?? [],
                  exactly: try f.bool("exactly") ?? false, features: features)
    }

    private func resolve(_ name: String, _ roles: ClusterRoles) -> WorkloadRef {
        if let slash = name.firstIndex(of: "/") {
            let ns = String(name[..<slash]), workload = String(name[name.index(after: slash)...])
            return roles.workloads.first { $0.namespace == ns && $0.name == workload }?.ref ?? WorkloadRef(nil, workload, namespace: ns)
        }
        return roles.workload(named: name)?.ref ?? WorkloadRef(nil, name)
    }

    /// The expected, forbidden (with severity) and merely allowed workloads on a cluster with these facts.
    func plan(_ facts: ClusterFacts) -> (expected: [WorkloadRef], forbidden: [(WorkloadRef, Severity)], allowed: [WorkloadRef]) {
        var facts = facts
        facts.features.formUnion(features)
        var expected: [WorkloadRef] = []
        var forbidden: [(WorkloadRef, Severity)] = []
        var allowed: [WorkloadRef] = []
        if let role = role ?? facts.role {
            for w in facts.roles.workloads {
                if w.roles.contains(role) {
                    if w.when.map({ $0.holds(facts) }) ?? true { expected.append(w.ref) } else { allowed.append(w.ref) }
                } else {
                    forbidden.append((w.ref, w.elsewhere))
                }
            }
        }
        for name in includes {
            let ref = resolve(name, facts.roles)
            forbidden.removeAll { $0.0.name == ref.name && ($0.0.namespace == ref.namespace || ref.namespace == nil) }
            if !expected.contains(ref) { expected.append(ref) }
        }
        for name in excludes {
            let ref = resolve(name, facts.roles)
            expected.removeAll { $0.name == ref.name && ($0.namespace == ref.namespace || ref.namespace == nil) }
            forbidden.removeAll { $0.0 == ref }
            forbidden.append((ref, .fail))
        }
        return (expected, forbidden, allowed)
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        let (expected, forbidden, allowed) = plan(facts)
        var out: [Assertion] = []
        for ref in expected {
            out.append(Assertion("missing \(ref)", select: ObjectSelector(.pod, namespace: ref.namespace.map { .named($0) }, owner: ref),
                                 .count(.atLeast(1))))
        }
        for (ref, severity) in forbidden {
            out.append(Assertion("unexpected \(ref)", select: ObjectSelector(.pod, namespace: ref.namespace.map { .named($0) }, owner: ref),
                                 .none, .exists, severity: severity))
        }
        if exactly {
            let known = expected + allowed
            for ns in Set(known.compactMap(\.namespace)).sorted() {
                out.append(Assertion("unexpected pods in \(ns)", select: ObjectSelector(.pod, namespace: .named(ns)), .none, .not(.ownedBy(known))))
            }
        }
        return out
    }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        let assertions = expand(context.facts)
        guard !assertions.isEmpty else {
            return Evaluation(.skipped, "no role and no includes or excludes: nothing to check",
                              details: ["give role: management|workload on the check or the cluster entry"])
        }
        var results: [AssertionResult] = []
        for a in assertions { results.append(await context.evaluate(a)) }
        let worst = results.map(\.evaluation.outcome).max() ?? .pass
        if worst == .pass {
            let present = results.filter { if case .count = $0.assertion.quantifier { return true }; return false }.count
            let absent = results.count - present
            return Evaluation(.pass, "\(present) expected workloads present" + (absent > 0 ? ", none of \(absent) unexpected ones" : ""))
        }
        var missing: [String] = [], unexpected: [String] = [], warned: [String] = [], inconclusive: [String] = []
        var details: [String] = [], objects: [String] = []
        for r in results where r.evaluation.outcome != .pass {
            let name = r.assertion.label.replacingOccurrences(of: "missing ", with: "").replacingOccurrences(of: "unexpected ", with: "")
            switch (r.evaluation.outcome, r.assertion.quantifier) {
            case (.inconclusive, _): inconclusive.append(r.assertion.selector.listNamespace ?? name)
            case (.warn, _): warned.append(name + r.evaluation.objects.map { " (\($0))" }.joined())
            case (_, .count): missing.append(name)
            default: unexpected.append(name)
            }
            details += r.evaluation.details
            objects += r.evaluation.objects
        }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing: " + missing.joined(separator: ", ")) }
        if !unexpected.isEmpty { parts.append("unexpected: " + unexpected.joined(separator: ", ")) }
        if !warned.isEmpty { parts.append("warning, unexpected on this role: " + warned.joined(separator: ", ")) }
        if !inconclusive.isEmpty {
            parts.append("pods not recorded in " + Array(Set(inconclusive)).sorted().joined(separator: ", "))
        }
        var notes: [String] = []
        for r in results where r.evaluation.outcome == .warn {
            if let w = context.facts.roles.workloads.first(where: { $0.ref == r.assertion.selector.owner }), let note = w.note { notes.append("\(w.name): \(note)") }
        }
        return Evaluation(worst, parts.joined(separator: "; "),
                          observed: missing.isEmpty && unexpected.isEmpty ? nil : "missing \(missing.count), unexpected \(unexpected.count)",
                          expected: missing.isEmpty && unexpected.isEmpty ? nil : "missing 0, unexpected 0",
                          details: details + notes, objects: objects.sorted())
    }

    public func explain(_ facts: ClusterFacts) -> [String] {
        let (_, _, allowed) = plan(facts)
        return expand(facts).map(\.description)
            + allowed.map { ref in
                let when = facts.roles.workloads.first { $0.ref == ref }?.when?.description ?? "?"
                return "allowed, expected only with \(when): \(ref)"
            }
    }

    static let roles = ClusterRoles(workloads: [
        .init(name: "coredns", namespace: "kube-system", kind: .deployment, roles: [.management, .workload]),
        .init(name: "kapp-controller", namespace: "tkg-system", kind: .deployment, roles: [.management, .workload]),
        .init(name: "capi-controller-manager", namespace: "capi-system", kind: .deployment, roles: [.management]),
        .init(name: "capv-controller-manager", namespace: "capv-system", kind: .deployment, roles: [.management],
              when: .provider("vsphere"), elsewhere: .warn),
        .init(name: "ako", namespace: "avi-system", kind: .statefulSet, roles: [.management, .workload], when: .feature("nsx-alb")),
    ])

    static let workloadPods = ExampleObjects.docs(
        ExampleObjects.pod("coredns-5d4f8c7b9-abcde", owner: ("ReplicaSet", "coredns-5d4f8c7b9")),
        ExampleObjects.pod("kapp-controller-7c9f6d8b4-zzxyw", namespace: "tkg-system", owner: ("ReplicaSet", "kapp-controller-7c9f6d8b4")))

    public static let examples: [CheckExample] = [
        CheckExample("workload cluster with its set", spec: "{ role: workload }", objects: workloadPods,
                     facts: ClusterFacts(name: "wl", provider: "vsphere", roles: roles), expect: .pass),
        CheckExample("management-only pod on a workload cluster", spec: "{ role: workload }",
                     objects: ExampleObjects.docs(workloadPods, ExampleObjects.pod("capi-controller-manager-6b8d9c7f5-q2w3e", namespace: "capi-system",
                                                                                    owner: ("ReplicaSet", "capi-controller-manager-6b8d9c7f5"))),
                     facts: ClusterFacts(name: "wl", provider: "vsphere", roles: roles), expect: .fail),
        CheckExample("capv on a workload cluster only warns", spec: "{ role: workload }",
                     objects: ExampleObjects.docs(workloadPods, ExampleObjects.pod("capv-controller-manager-5f6d7c8b9-r4t5y", namespace: "capv-system",
                                                                                    owner: ("ReplicaSet", "capv-controller-manager-5f6d7c8b9"))),
                     facts: ClusterFacts(name: "wl", provider: "vsphere", roles: roles), expect: .warn),
        CheckExample("missing kapp-controller", spec: "{ includes: [kapp-controller] }",
                     objects: ExampleObjects.pod("coredns-5d4f8c7b9-abcde", owner: ("ReplicaSet", "coredns-5d4f8c7b9")),
                     facts: ClusterFacts(name: "wl", roles: roles), expect: .fail),
        CheckExample("ako expected only with nsx-alb", spec: "{ role: workload, features: [nsx-alb] }", objects: workloadPods,
                     facts: ClusterFacts(name: "wl", provider: "vsphere", roles: roles), expect: .fail),
        CheckExample("exactly flags an extra pod", spec: "{ role: workload, exactly: true }",
                     objects: ExampleObjects.docs(workloadPods, ExampleObjects.pod("debug", namespace: "kube-system")),
                     facts: ClusterFacts(name: "wl", provider: "vsphere", roles: roles), expect: .fail),
    ]
}
