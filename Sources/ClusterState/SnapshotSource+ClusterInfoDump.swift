/// Reading `kubectl cluster-info dump` output, as a folder or as the stdout stream.
extension SnapshotSource {
    /// The kinds a cluster-info dump writes for each namespace it covers.
    static let dumpNamespacedKinds: [(file: String, kind: ResourceKind)] = [
        ("events", .event), ("replication-controllers", .replicationController), ("services", .service),
        ("daemonsets", .daemonSet), ("deployments", .deployment), ("replicasets", .replicaSet), ("pods", .pod),
    ]

    static let dumpMissingReason =
        "a cluster-info dump never holds ConfigMaps, Secrets, StatefulSets, Namespaces or custom resources"

    /// `D/nodes.json` and `D/<ns>/{events,...,pods}.json` (JSON or YAML, whatever the extension).
    static func readDumpFolder(_ path: String) throws(ClusterStateError) -> SnapshotSource {
        var recorded = RecordedCluster()
        recorded.missingReason = dumpMissingReason
        for name in ["nodes.json", "nodes.yaml"] where fileExists(path + "/" + name) {
            for document in try ObjectFile.documents(at: path + "/" + name) {
                for object in ObjectFile.objects(of: document).objects { recorded.add(object) }
            }
            recorded.cover(.node, namespace: nil)
        }
        for namespace in sortedEntries(of: path) where isDirectory(path + "/" + namespace) {
            for (file, kind) in dumpNamespacedKinds {
                for ext in ["json", "yaml"] {
                    let filePath = "\(path)/\(namespace)/\(file).\(ext)"
                    guard fileExists(filePath) else { continue }
                    for document in try ObjectFile.documents(at: filePath) {
                        for object in ObjectFile.objects(of: document).objects { recorded.add(object) }
                    }
                    recorded.cover(kind, namespace: namespace)
                }
            }
        }
        return SnapshotSource(recorded: recorded, info: SourceInfo(format: "cluster-info dump", location: path))
    }

    /// The stdout stream: concatenated JSON (or `---`-separated YAML) documents with pod log blocks
    /// between them. The namespaces covered are those named by any object or log block.
    static func readDumpStream(_ path: String) throws(ClusterStateError) -> SnapshotSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClusterStateError(.unreadable, "cannot read file", path: path, hint: "check that it exists and is readable")
        }
        let text = String(decoding: data, as: UTF8.self)
        var kept: [Substring] = []
        var namespaces: Set<String> = []
        var inLogs = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("==== START logs for container ") {
                inLogs = true
                if let range = line.range(of: " of pod ") {
                    let rest = line[range.upperBound...]
                    if let slash = rest.firstIndex(of: "/") { namespaces.insert(String(rest[..<slash])) }
                }
                continue
            }
            if line.hasPrefix("==== END logs for container ") { inLogs = false; continue }
            if !inLogs { kept.append(line) }
        }
        let documents = try ObjectFile.documents(in: Array(kept.joined(separator: "\n").utf8), path: path)
        guard !documents.isEmpty else {
            throw ClusterStateError(.badFormat, "no Kubernetes objects found", path: path,
                                    hint: "give the stdout of kubectl cluster-info dump, or its --output-directory folder")
        }
        var recorded = RecordedCluster()
        recorded.missingReason = dumpMissingReason
        var sawNodes = false
        for document in documents {
            let (objects, listKind) = ObjectFile.objects(of: document)
            if listKind == .node { sawNodes = true }
            for object in objects {
                recorded.add(object)
                if !object.namespace.isEmpty { namespaces.insert(object.namespace) }
            }
        }
        if sawNodes { recorded.cover(.node, namespace: nil) }
        for namespace in namespaces {
            for (_, kind) in dumpNamespacedKinds { recorded.cover(kind, namespace: namespace) }
        }
        return SnapshotSource(recorded: recorded, info: SourceInfo(format: "cluster-info dump", location: path))
    }

    private static func fileExists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

import Foundation
