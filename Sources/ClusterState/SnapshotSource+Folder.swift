/// Reading a tkgqa snapshot folder: `meta.json` plus object files.
extension SnapshotSource {
    static func readSnapshotFolder(_ path: String) throws(ClusterStateError) -> SnapshotSource {
        let metaPath = path + "/meta.json"
        guard let metaDocument = try ObjectFile.documents(at: metaPath).first else {
            throw ClusterStateError(.badFormat, "meta.json is empty", path: metaPath)
        }
        let meta = try SnapshotMeta.decode(metaDocument, path: metaPath)
        var recorded = RecordedCluster()
        recorded.missingReason = "the snapshot's meta.json does not list it"
        for entry in meta.captured { recorded.cover(entry.kind, namespace: entry.namespace) }
        recorded.failures = meta.errors
        for name in sortedEntries(of: path) where name != "meta.json" && isObjectFile(name) && !isSecretFile(name) {
            for document in try ObjectFile.documents(at: path + "/" + name) {
                for object in ObjectFile.objects(of: document).objects { recorded.add(object) }
            }
        }
        return SnapshotSource(recorded: recorded, info: SourceInfo(
            format: "snapshot", location: path, capturedAt: meta.capturedAt, context: meta.context,
            serverVersion: meta.serverVersion))
    }
}
