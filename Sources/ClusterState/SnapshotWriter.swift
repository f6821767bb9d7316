import Foundation

/// Collects lists and failures and writes them as a tkgqa snapshot folder (format version 1, see
/// `corpora/clusters/README.md`), which `SnapshotSource` reads back.
///
/// Objects are redacted on the way in (`RecordingRedactor`) and Secrets never enter. Files are
/// deterministic: objects sorted by namespace and name, keys sorted, two-space indent.
public struct SnapshotWriter: Sendable {
    private struct Key: Hashable, Comparable {
        var kind: ResourceKind
        var namespace: String?
        static func < (a: Key, b: Key) -> Bool { (a.kind, a.namespace ?? "") < (b.kind, b.namespace ?? "") }
    }

    private var lists: [Key: (apiVersion: String, objects: [KubeObject])] = [:]
    private var failures: [Key: (reason: Unavailable.Reason, message: String)] = [:]
    public var context: String?
    public var serverVersion: String?

    public init(context: String? = nil, serverVersion: String? = nil) {
        self.context = context
        self.serverVersion = serverVersion
    }

    /// Whether nothing was added yet.
    public var isEmpty: Bool { lists.isEmpty && failures.isEmpty }

    /// Records a list of `kind` in `namespace` (`nil`: all namespaces or cluster-scoped); replaces an earlier one.
    public mutating func add(_ kind: ResourceKind, namespace: String?, apiVersion: String? = nil, objects: [KubeObject]) {
        guard kind != .secret else { return }
        let key = Key(kind: kind, namespace: KnownResource.isNamespaced(kind) ? namespace : nil)
        let version = apiVersion ?? objects.first?.value["apiVersion"]?.string ?? KnownResource.named(kind)?.apiVersion
            ?? (kind.group.isEmpty ? "v1" : "\(kind.group)/v1")
        lists[key] = (version, objects.filter { $0.kind != .secret }.map(RecordingRedactor.redact))
        failures[key] = nil
    }

    /// Records that a list failed (forbidden, unreachable); replaces an earlier list of the same key.
    public mutating func fail(_ unavailable: Unavailable) {
        let key = Key(kind: unavailable.kind, namespace: unavailable.namespace)
        guard lists[key] == nil else { return }
        failures[key] = (unavailable.reason, unavailable.detail)
    }

    /// Writes the folder (created if needed); returns the files written, `meta.json` last.
    @discardableResult
    public func write(to directory: String, capturedAt: Date = Date()) throws(ClusterStateError) -> [String] {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ClusterStateError(.unreadable, "cannot create the snapshot folder: \(error.localizedDescription)", path: directory)
        }
        // One file per kind: an all-namespaces list wins over per-namespace lists of the same kind.
        var byKind: [ResourceKind: [Key]] = [:]
        for key in lists.keys { byKind[key.kind, default: []].append(key) }
        var written: [String] = []
        for kind in byKind.keys.sorted() {
            let keys = byKind[kind]!.sorted()
            let chosen = keys.contains { $0.namespace == nil } ? keys.filter { $0.namespace == nil } : keys
            let objects = chosen.flatMap { lists[$0]!.objects }.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
            guard !objects.isEmpty else { continue }
            let list: JSONValue = .object(["apiVersion": .string(lists[chosen[0]]!.apiVersion), "kind": .string(kind.kind + "List"),
                                           "metadata": .object([:]), "items": .array(objects.map(\.value))])
            let name = Self.fileName(kind)
            try Self.write(list, to: directory + "/" + name)
            written.append(name)
        }
        try Self.write(meta(capturedAt: capturedAt, covered: byKind), to: directory + "/meta.json")
        written.append("meta.json")
        return written
    }

    /// `pods.json`, `deployments.json`, `clusters.cluster.x-k8s.io.json`: core and apps bare, others with their group.
    public static func fileName(_ kind: ResourceKind) -> String {
        let plural = KnownResource.named(kind)?.plural ?? kind.kind.lowercased() + "s"
        return (kind.group.isEmpty || kind.group == "apps" ? plural : "\(plural).\(kind.group)") + ".json"
    }

    private func meta(capturedAt: Date, covered: [ResourceKind: [Key]]) -> JSONValue {
        func entry(_ key: Key, apiVersion: String) -> [String: JSONValue] {
            var e: [String: JSONValue] = ["apiVersion": .string(apiVersion), "kind": .string(key.kind.kind)]
            if let ns = key.namespace { e["namespace"] = .string(ns) }
            return e
        }
        var captured: [JSONValue] = []
        for key in lists.keys.sorted() {
            let keys = covered[key.kind] ?? []
            // Per-namespace entries are redundant next to an all-namespaces one.
            if key.namespace != nil, keys.contains(where: { $0.namespace == nil }) { continue }
            captured.append(.object(entry(key, apiVersion: lists[key]!.apiVersion)))
        }
        var errors: [JSONValue] = [.object(["apiVersion": "v1", "kind": "Secret", "reason": "forbidden",
                                            "message": "tkgqa never records Secrets"])]
        for key in failures.keys.sorted() {
            var e = entry(key, apiVersion: KnownResource.named(key.kind)?.apiVersion ?? (key.kind.group.isEmpty ? "v1" : key.kind.group + "/v1"))
            e["reason"] = .string(failures[key]!.reason.rawValue)
            e["message"] = .string(RecordingRedactor.redactText(failures[key]!.message))
            errors.append(.object(e))
        }
        var meta: [String: JSONValue] = ["formatVersion": 1, "capturedAt": .string(Self.timestamp(capturedAt)),
                                         "captured": .array(captured), "errors": .array(errors)]
        if let context { meta["context"] = .string(context) }
        if let serverVersion { meta["serverVersion"] = .string(serverVersion) }
        meta["recordedBy"] = "tkgqa"
        return .object(meta)
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private static func write(_ value: JSONValue, to path: String) throws(ClusterStateError) {
        var out = ""
        pretty(value, indent: 0, into: &out)
        out += "\n"
        do {
            try out.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ClusterStateError(.unreadable, "cannot write: \(error.localizedDescription)", path: path)
        }
    }

    /// JSON with sorted keys and two-space indentation.
    static func pretty(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent + 2), close = String(repeating: " ", count: indent)
        switch value {
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                pretty(item, indent: indent + 2, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += close + "]"
        case .object(let members) where !members.isEmpty:
            out += "{\n"
            for (i, key) in members.keys.sorted().enumerated() {
                out += pad
                JSONValue.quote(key, into: &out)
                out += ": "
                pretty(members[key]!, indent: indent + 2, into: &out)
                out += i + 1 < members.count ? ",\n" : "\n"
            }
            out += close + "}"
        default:
            out += value.compactJSON
        }
    }
}
