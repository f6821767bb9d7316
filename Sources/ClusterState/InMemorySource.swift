/// A source over objects held in memory: for check examples, tests and tools that build objects.
///
/// By default every known kind counts as captured in every namespace (an absent kind lists empty);
/// pass `notCaptured` to make kinds unavailable.
public struct InMemorySource: ClusterSource {
    public let info: SourceInfo
    private let recorded: RecordedCluster

    /// A source holding `objects`; kinds in `notCaptured` answer "not captured".
    public init(objects: [KubeObject], notCaptured: Set<ResourceKind> = [], name: String = "memory") {
        var recorded = RecordedCluster()
        for object in objects { recorded.add(object) }
        let kinds = Set(KnownResource.all.map(\.kind)).union(objects.map(\.kind))
        for kind in kinds where !notCaptured.contains(kind) { recorded.cover(kind, namespace: nil) }
        self.recorded = recorded
        self.info = SourceInfo(format: "memory", location: name)
    }

    /// A source answering from a prepared recording.
    public init(recorded: RecordedCluster, info: SourceInfo) {
        self.recorded = recorded
        self.info = info
    }

    public func list(_ kind: ResourceKind, namespace: String?) async -> Result<ObjectList, Unavailable> {
        recorded.list(kind, namespace: namespace)
    }
}
