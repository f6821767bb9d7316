/// `meta.json` of a tkgqa snapshot folder (format in `corpora/clusters/README.md`): when and from
/// where the snapshot was taken, which (kind, namespace) pairs it holds and what failed.
public struct SnapshotMeta: Sendable, Hashable {
    /// One captured (kind, namespace) pair; `namespace == nil` means all namespaces.
    public struct Entry: Sendable, Hashable {
        public var kind: ResourceKind
        public var namespace: String?
    }

    public var formatVersion: Int
    public var capturedAt: String?
    public var context: String?
    public var serverVersion: String?
    public var captured: [Entry]
    public var errors: [RecordedCluster.Failure]

    /// Decodes `meta.json`; errors name the field and the file.
    static func decode(_ value: JSONValue, path: String) throws(ClusterStateError) -> SnapshotMeta {
        guard value.object != nil else {
            throw ClusterStateError(.badFormat, "meta.json must be a JSON object", path: path)
        }
        let version = value["formatVersion"]?.int ?? 1
        guard version == 1 else {
            throw ClusterStateError(.badFormat, "unsupported formatVersion \(version)", path: path, hint: "this tkgqa reads formatVersion 1")
        }
        func kind(_ entry: JSONValue, _ field: String) throws(ClusterStateError) -> ResourceKind {
            guard let kind = entry["kind"]?.string else {
                throw ClusterStateError(.badFormat, "an entry of \"\(field)\" has no \"kind\"", path: path,
                                        hint: "write {\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"namespace\": \"kube-system\"}")
            }
            return ResourceKind(apiVersion: entry["apiVersion"]?.string ?? "v1", kind: kind)
        }
        func namespace(_ entry: JSONValue) -> String? {
            guard let ns = entry["namespace"]?.string, ns != "*", !ns.isEmpty else { return nil }
            return ns
        }
        guard let capturedList = value["captured"]?.array else {
            throw ClusterStateError(.badFormat, "meta.json has no \"captured\" list", path: path,
                                    hint: "list the (kind, namespace) pairs the snapshot holds")
        }
        var captured: [Entry] = []
        for entry in capturedList {
            captured.append(Entry(kind: try kind(entry, "captured"), namespace: namespace(entry)))
        }
        var errors: [RecordedCluster.Failure] = []
        for entry in value["errors"]?.array ?? [] {
            let reasonText = entry["reason"]?.string ?? "forbidden"
            guard let reason = Unavailable.Reason(rawValue: reasonText) else {
                throw ClusterStateError(.badFormat, "unknown error reason \"\(reasonText)\"", path: path,
                                        hint: "use forbidden, unreachable or not-captured")
            }
            errors.append(RecordedCluster.Failure(kind: try kind(entry, "errors"), namespace: namespace(entry),
                                                  reason: reason, message: entry["message"]?.string ?? ""))
        }
        return SnapshotMeta(formatVersion: version, capturedAt: value["capturedAt"]?.string,
                            context: value["context"]?.string, serverVersion: value["serverVersion"]?.string,
                            captured: captured, errors: errors)
    }
}
