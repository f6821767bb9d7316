/// Wraps a live source and keeps the last answer to every list, so `tkgqa verify --record DIR` can
/// write what the checks actually saw as a snapshot (the evidence of a live run, re-verifiable later).
public struct EvidenceSource: ClusterSource {
    public let base: any ClusterSource
    private let store = EvidenceStore()

    public init(_ base: any ClusterSource) { self.base = base }

    public var info: SourceInfo { base.info }

    public func list(_ kind: ResourceKind, namespace: String?) async -> Result<ObjectList, Unavailable> {
        let result = await base.list(kind, namespace: namespace)
        await store.keep(kind, namespace: KnownResource.isNamespaced(kind) ? namespace : nil, result)
        return result
    }

    /// The last answers, ready to write (`SnapshotWriter.write(to:)`).
    public func evidence() async -> SnapshotWriter {
        var writer = SnapshotWriter(context: info.context, serverVersion: info.serverVersion)
        for (key, result) in await store.answers {
            switch result {
            case .success(let list): writer.add(key.kind, namespace: key.namespace, objects: list.objects)
            case .failure(let unavailable): writer.fail(unavailable)
            }
        }
        return writer
    }
}

private actor EvidenceStore {
    struct Key: Hashable {
        var kind: ResourceKind
        var namespace: String?
    }

    private(set) var answers: [Key: Result<ObjectList, Unavailable>] = [:]

    func keep(_ kind: ResourceKind, namespace: String?, _ result: Result<ObjectList, Unavailable>) {
        let key = Key(kind: kind, namespace: namespace)
        // A failure after a success (a flaky poll) does not erase what was seen.
        if case .failure = result, case .success? = answers[key] { return }
        answers[key] = result
    }
}
