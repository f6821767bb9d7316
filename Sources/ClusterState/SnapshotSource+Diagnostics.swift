import Foundation

/// Reading the Kubernetes objects of a `tanzu diagnostics collect` (crashd) bundle:
/// `kubecapture/<group>_<version>/[<namespace>/](<resource>-<time>.json | <resource>/<name>-<time>.json)`.
extension SnapshotSource {
    static func findKubeCapture(in path: String, depth: Int) -> String? {
        if (path as NSString).lastPathComponent == "kubecapture" { return path }
        guard depth > 0 else { return nil }
        for name in sortedEntries(of: path) where isDirectory(path + "/" + name) {
            if let found = findKubeCapture(in: path + "/" + name, depth: depth - 1) { return found }
        }
        return nil
    }

    /// `pods-2024-05-02T10-11-12Z.0000` → (`pods`, `2024-05-02T10:11:12Z`).
    static func splitCaptureName(_ stem: String) -> (resource: String, time: String?) {
        let pattern = #/^(.+?)-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(\.\d+)?$/#
        if let m = stem.wholeMatch(of: pattern) {
            return (String(m.1), "\(m.2)T\(m.3):\(m.4):\(m.5)Z")
        }
        return (stem, nil)
    }

    static func readCrashdBundle(_ capture: String, origin: String) throws(ClusterStateError) -> SnapshotSource {
        var recorded = RecordedCluster()
        recorded.missingReason = "the diagnostics bundle did not capture it"
        var times: [String] = []
        for groupFolder in sortedEntries(of: capture) where isDirectory(capture + "/" + groupFolder) {
            guard let underscore = groupFolder.lastIndex(of: "_") else { continue }
            let groupName = String(groupFolder[..<underscore])
            let group = groupName == "core" ? "" : groupName
            let version = String(groupFolder[groupFolder.index(after: underscore)...])
            let apiVersion = group.isEmpty ? version : "\(group)/\(version)"
            try readCrashdLevel(capture + "/" + groupFolder, group: group, apiVersion: apiVersion,
                                namespace: nil, depth: 0, recorded: &recorded, times: &times)
        }
        return SnapshotSource(recorded: recorded, info: SourceInfo(
            format: "diagnostics bundle", location: origin, capturedAt: times.min()))
    }

    /// One folder level below `<group>_<version>`: files are resource lists or single objects,
    /// folders are namespaces (holding resource files) or per-resource folders (holding objects).
    private static func readCrashdLevel(_ folder: String, group: String, apiVersion: String, namespace: String?,
                                        depth: Int, recorded: inout RecordedCluster, times: inout [String]) throws(ClusterStateError) {
        guard depth <= 2 else { return }
        for name in sortedEntries(of: folder) {
            let path = folder + "/" + name
            if isDirectory(path) {
                if let known = KnownResource.plural(name, group: group) {
                    if known.kind == .secret { continue }
                    // A per-resource folder: one object per file.
                    recorded.cover(known.kind, namespace: known.namespaced ? namespace : nil)
                    try readCrashdLevel(path, group: group, apiVersion: apiVersion, namespace: namespace,
                                        depth: depth + 1, recorded: &recorded, times: &times)
                } else if namespace == nil {
                    try readCrashdLevel(path, group: group, apiVersion: apiVersion, namespace: name,
                                        depth: depth + 1, recorded: &recorded, times: &times)
                }
                continue
            }
            guard isObjectFile(name), !isSecretFile(name) else { continue }
            let stem = (name as NSString).deletingPathExtension
            let (resource, time) = splitCaptureName(stem)
            if let time { times.append(time) }
            for document in try ObjectFile.documents(at: path) {
                let (objects, listKind) = ObjectFile.objects(of: document)
                let kind = listKind ?? KnownResource.plural(resource, group: group)?.kind
                if document["items"] != nil, let kind {
                    recorded.cover(kind, namespace: namespace)
                }
                for object in objects { recorded.add(object) }
            }
        }
    }
}
