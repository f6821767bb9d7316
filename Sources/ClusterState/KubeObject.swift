/// One Kubernetes object as recorded or listed, with accessors for the metadata checks use.
public struct KubeObject: Sendable, Hashable {
    /// The whole object.
    public let value: JSONValue
    public let kind: ResourceKind
    public let name: String
    /// Empty for cluster-scoped objects.
    public let namespace: String

    /// Wraps a decoded object; `nil` when it lacks `kind` or `metadata.name`.
    public init?(_ value: JSONValue, defaultKind: ResourceKind? = nil) {
        let kindName = value["kind"]?.string ?? defaultKind?.kind
        let apiVersion = value["apiVersion"]?.string
        guard let kindName, let name = value[path: ["metadata", "name"]]?.string else { return nil }
        self.value = value
        if let apiVersion {
            self.kind = ResourceKind(apiVersion: apiVersion, kind: kindName)
        } else {
            self.kind = ResourceKind(group: defaultKind?.group ?? "", kind: kindName)
        }
        self.name = name
        self.namespace = value[path: ["metadata", "namespace"]]?.string ?? ""
    }

    /// The value at a path of keys (`["status", "phase"]`).
    public subscript(_ path: String...) -> JSONValue? { value[path: path] }

    /// `metadata.labels`.
    public var labels: [String: String] { stringMap(["metadata", "labels"]) }
    /// `metadata.annotations`.
    public var annotations: [String: String] { stringMap(["metadata", "annotations"]) }

    private func stringMap(_ path: [String]) -> [String: String] {
        guard let members = value[path: path]?.object else { return [:] }
        var map: [String: String] = [:]
        for (k, v) in members { map[k] = v.text }
        return map
    }

    /// `metadata.ownerReferences` as (kind, name) pairs.
    public var owners: [(kind: String, name: String)] {
        (value[path: ["metadata", "ownerReferences"]]?.array ?? []).compactMap { ref in
            guard let kind = ref["kind"]?.string, let name = ref["name"]?.string else { return nil }
            return (kind, name)
        }
    }

    /// `status.conditions` with type, status, reason and message.
    public var conditions: [ObjectCondition] {
        (value[path: ["status", "conditions"]]?.array ?? []).compactMap { c in
            guard let type = c["type"]?.string else { return nil }
            return ObjectCondition(type: type, status: c["status"]?.text ?? "", reason: c["reason"]?.string ?? "",
                                   message: c["message"]?.string ?? "", severity: c["severity"]?.string ?? "")
        }
    }

    /// The condition of this type, if the object has it.
    public func condition(_ type: String) -> ObjectCondition? { conditions.first { $0.type == type } }

    /// `Kind namespace/name` (or `Kind name` when cluster-scoped), for messages.
    public var reference: String {
        namespace.isEmpty ? "\(kind.kind)/\(name)" : "\(kind.kind) \(namespace)/\(name)"
    }
}

/// One entry of `status.conditions`.
public struct ObjectCondition: Sendable, Hashable {
    public var type: String
    public var status: String
    public var reason: String
    public var message: String
    public var severity: String

    /// `Ready=False (KubeletNotReady: ...)`.
    public var summary: String {
        var s = "\(type)=\(status)"
        let why = [reason, message].filter { !$0.isEmpty }.joined(separator: ": ")
        if !why.isEmpty { s += " (\(why))" }
        return s
    }
}
