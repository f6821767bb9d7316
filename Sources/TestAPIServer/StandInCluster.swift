import ClusterState

/// The state a stand-in API server serves: objects, the kinds its API knows, and the server version.
///
/// Tests build one from a recorded snapshot and change it between requests (add a node, flip a
/// condition) to drive `within` and `for` checks.
public struct StandInCluster: Sendable {
    /// Every object served, in any order (lists sort by namespace and name).
    public var objects: [KubeObject]
    /// The kinds the API serves (a CRD that is not installed is absent); core and apps kinds always are.
    public var servedKinds: Set<ResourceKind>
    /// `gitVersion` of `/version`.
    public var serverVersion: String

    public init(objects: [KubeObject] = [], servedKinds: Set<ResourceKind> = [], serverVersion: String = "v1.25.7+vmware.2") {
        self.objects = objects
        self.serverVersion = serverVersion
        self.servedKinds = servedKinds.union(Self.builtIn).union(objects.map(\.kind))
    }

    /// Kinds every API server has.
    public static let builtIn: Set<ResourceKind> = Set(KnownResource.all.map(\.kind).filter { $0.group == "" || $0.group == "apps" })

    /// Serves what a snapshot folder holds: its objects, and every kind it captured as installed.
    public init(snapshot path: String) throws {
        let source = try SnapshotSource.open(path)
        let kinds = Set(source.recorded.coverage.keys).union(source.recorded.kinds)
        var objects: [KubeObject] = []
        for kind in kinds.sorted() {
            if case .success(let list) = source.recorded.list(kind, namespace: nil) { objects += list.objects }
        }
        self.init(objects: objects, servedKinds: kinds, serverVersion: source.info.serverVersion ?? "v1.25.7+vmware.2")
    }

    /// Adds or replaces an object (same kind, namespace and name).
    public mutating func put(_ object: KubeObject) {
        remove(object.kind, namespace: object.namespace, name: object.name)
        objects.append(object)
        servedKinds.insert(object.kind)
    }

    /// Adds or replaces an object written as JSON; it must carry `apiVersion`, `kind` and `metadata.name`.
    public mutating func put(json: String) throws {
        guard let object = KubeObject(try JSONParser.parse(Array(json.utf8))) else {
            throw TLSServerError("not a Kubernetes object: \(json.prefix(80))")
        }
        put(object)
    }

    /// Removes an object.
    public mutating func remove(_ kind: ResourceKind, namespace: String = "", name: String) {
        objects.removeAll { $0.kind == kind && $0.namespace == namespace && $0.name == name }
    }

    /// Changes one object in place.
    public mutating func update(_ kind: ResourceKind, namespace: String = "", name: String, _ change: (JSONValue) -> JSONValue) {
        guard let i = objects.firstIndex(where: { $0.kind == kind && $0.namespace == namespace && $0.name == name }),
              let changed = KubeObject(change(objects[i].value), defaultKind: kind) else { return }
        objects[i] = changed
    }
}

extension JSONValue {
    /// This value with `path` set to `value` (objects along the path are created as needed).
    public func setting(_ path: [String], to value: JSONValue) -> JSONValue {
        guard let key = path.first else { return value }
        var members = object ?? [:]
        members[key] = (members[key] ?? .object([:])).setting(Array(path.dropFirst()), to: value)
        return .object(members)
    }

    /// This object with the `status` of condition `type` in `status.conditions` set.
    public func settingCondition(_ type: String, status: String, reason: String = "") -> JSONValue {
        let conditions = (self[path: ["status", "conditions"]]?.array ?? []).map { c -> JSONValue in
            guard c["type"]?.string == type else { return c }
            return c.setting(["status"], to: .string(status)).setting(["reason"], to: .string(reason))
        }
        return setting(["status", "conditions"], to: .array(conditions))
    }
}
