import ClusterState

/// `pods-healthy`: system pods are not in CrashLoopBackOff or image-pull errors, restart at most
/// `maxRestarts` times and are Ready (or Succeeded).
public struct PodsHealthyCheck: Check {
    public static let id = "pods-healthy"
    public static let summary = "system pods not crash-looping, restarts under a bound, Ready"

    public var maxRestarts: Int
    /// One namespace; `nil`: the system namespaces.
    public var namespace: String?

    public init(maxRestarts: Int = 5, namespace: String? = nil) {
        self.maxRestarts = maxRestarts
        self.namespace = namespace
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        self.init(maxRestarts: try f.int("maxRestarts") ?? 5, namespace: try f.string("namespace"))
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        [Assertion(namespace.map { "pods in \($0)" } ?? "system pods",
                   select: ObjectSelector(.pod, namespace: namespace.map { .named($0) } ?? .system), .all, .podHealthy(maxRestarts: maxRestarts))]
    }

    public static let examples: [CheckExample] = [
        CheckExample("healthy", spec: "{ maxRestarts: 5 }", objects: ExampleObjects.pod("coredns-5d4f8c7b9-abcde", restarts: 1), expect: .pass),
        CheckExample("crash loop", spec: "{}", objects: ExampleObjects.docs(
            ExampleObjects.pod("coredns-5d4f8c7b9-abcde"),
            ExampleObjects.pod("antrea-agent-x7k2p", ready: false, restarts: 14, waiting: "CrashLoopBackOff")), expect: .fail),
        CheckExample("too many restarts", spec: "{ maxRestarts: 3, namespace: kube-system }",
                     objects: ExampleObjects.pod("kube-proxy-9xk2m", restarts: 4), expect: .fail),
        CheckExample("application pods are not system pods", spec: "{}", objects: ExampleObjects.docs(
            ExampleObjects.pod("coredns-5d4f8c7b9-abcde"), ExampleObjects.pod("web-1", namespace: "shop", waiting: "CrashLoopBackOff")), expect: .pass),
    ]
}
