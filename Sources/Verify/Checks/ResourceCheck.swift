import ClusterState

/// `resource`: a generic partial-object match over any kind — select by kind, namespace, name and
/// labels; quantify (`all`, `any`, `none`, or a `count`); match a partial object, as chainsaw does.
public struct ResourceCheck: Check {
    public static let id = "resource"
    public static let summary = "generic: objects selected by kind, namespace, name, labels match a partial object"

    public var selector: ObjectSelector
    public var quantifier: Quantifier
    public var match: JSONValue?
    public var target: Assertion.Target

    public init(_ selector: ObjectSelector, _ quantifier: Quantifier = .all, matching match: JSONValue? = nil, on target: Assertion.Target = .cluster) {
        self.selector = selector
        self.quantifier = quantifier
        self.match = match
        self.target = target
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        guard let kind = try f.string("kind") else { throw f.missing("kind", hint: "write kind: Deployment (and apiVersion: apps/v1)") }
        let apiVersion = try f.string("apiVersion") ?? KnownResource.all.first { $0.kind.kind == kind }?.apiVersion ?? "v1"
        let labels = (try f.stringMap("labels") ?? [:]).sorted { $0.key < $1.key }.map { LabelRequirement.equals($0.key, $0.value) }
        let selector = ObjectSelector(ResourceKind(apiVersion: apiVersion, kind: kind), namespace: try f.string("namespace").map { .named($0) },
                                      name: try f.string("name"), labels: labels)
        var quantifier: Quantifier = .all
        if let q = try f.oneOf("quantifier", ["all", "any", "none"]) { quantifier = q == "any" ? .any : q == "none" ? .none : .all }
        if var c = try f.nested("count") {
            quantifier = .count(try NodeCountCheck.comparison(&c))
            try c.finish()
        }
        let target = try f.oneOf("target", ["cluster", "management"]).flatMap(Assertion.Target.init(rawValue:)) ?? .cluster
        self.init(selector, quantifier, matching: try f.object("match"), on: target)
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        [Assertion(selector.description, on: target, select: selector, quantifier, match.map { .matches($0) } ?? .exists)]
    }

    public static let examples: [CheckExample] = [
        CheckExample("coredns has two replicas", spec: "{ kind: Deployment, apiVersion: apps/v1, namespace: kube-system, name: coredns, match: { spec: { replicas: 2 } } }",
                     objects: """
                     apiVersion: apps/v1
                     kind: Deployment
                     metadata: { name: coredns, namespace: kube-system }
                     spec: { replicas: 2 }
                     """, expect: .pass),
        CheckExample("replicas differ", spec: "{ kind: Deployment, namespace: kube-system, name: coredns, match: { spec: { replicas: 3 } } }",
                     objects: """
                     apiVersion: apps/v1
                     kind: Deployment
                     metadata: { name: coredns, namespace: kube-system }
                     spec: { replicas: 2 }
                     """, expect: .fail),
        CheckExample("count of namespaces", spec: "{ kind: Namespace, count: { atLeast: 1 } }", notCaptured: [.namespace], expect: .inconclusive),
    ]
}
