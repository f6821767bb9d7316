import Foundation

/// A recorded cluster read from disk, in any of the forms users already have:
///
/// - a tkgqa snapshot folder (`meta.json` plus one JSON List per resource; see `corpora/clusters/README.md`),
/// - `kubectl cluster-info dump` output: the `--output-directory` folder (JSON or YAML files) or the
///   single stdout stream with its interleaved `==== START logs ...` blocks,
/// - the Kubernetes objects of a `tanzu diagnostics collect` (crashd) bundle: the extracted folder, or
///   the `.tar.gz` (extracted with `tar` into a temporary folder).
///
/// Everything is read once, when the source is opened: an unreadable recording fails `open` (exit 2),
/// and `list` is a lookup. What the recording does not cover answers `Unavailable(.notCaptured)`.
public struct SnapshotSource: ClusterSource {
    public let info: SourceInfo
    /// The recording in memory.
    public let recorded: RecordedCluster

    public init(recorded: RecordedCluster, info: SourceInfo) {
        self.recorded = recorded
        self.info = info
    }

    /// Opens a recording at `path` (folder, stream file or `.tar.gz`), detecting its form.
    public static func open(_ path: String) throws(ClusterStateError) -> SnapshotSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ClusterStateError(.notFound, "recording not found", path: path,
                                    hint: "give a snapshot folder, a cluster-info dump (folder or file) or a diagnostics bundle")
        }
        if !isDirectory.boolValue {
            if path.hasSuffix(".tar.gz") || path.hasSuffix(".tgz") { return try openArchive(path) }
            return try readDumpStream(path)
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: path + "/meta.json") { return try readSnapshotFolder(path) }
        if fm.fileExists(atPath: path + "/nodes.json") || fm.fileExists(atPath: path + "/nodes.yaml") {
            return try readDumpFolder(path)
        }
        if let capture = findKubeCapture(in: path, depth: 3) { return try readCrashdBundle(capture, origin: path) }
        throw ClusterStateError(.unknownLayout, "not a recording tkgqa knows", path: path,
                                hint: "expected meta.json (tkgqa snapshot), nodes.json (kubectl cluster-info dump --output-directory) or a kubecapture/ folder (tanzu diagnostics collect)")
    }

    public func list(_ kind: ResourceKind, namespace: String?) async -> Result<ObjectList, Unavailable> {
        recorded.list(kind, namespace: namespace)
    }

    // MARK: - shared helpers

    static func sortedEntries(of directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func isObjectFile(_ name: String) -> Bool {
        name.hasSuffix(".json") || name.hasSuffix(".yaml") || name.hasSuffix(".yml")
    }

    /// Whether a file name holds Secrets, which tkgqa never reads.
    static func isSecretFile(_ name: String) -> Bool {
        name.lowercased().hasPrefix("secrets") || name.lowercased().hasPrefix("secret.") || name.lowercased().hasPrefix("secret-")
    }
}
