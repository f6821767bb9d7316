import Patterns

/// Decodes a `*.verify.yaml` file into a `VerifySuite`. Every error names `path:line:column`, what
/// was expected and the allowed values.
public enum SpecDecoder {
    /// The keys every check entry may carry besides its own parameters.
    public static let commonKeys = ["on", "within", "for", "every", "severity", "skip"]

    /// Decodes spec text. `extraClusters` are names given only on the command line (`--cluster`).
    public static func decode(_ text: String, path: String, extraClusters: [String] = []) throws(VerifyError) -> VerifySuite {
        let root: YAMLValue
        do {
            root = try YAMLValue.parse(text, path: path)
        } catch {
            throw VerifyError(.syntax, error.description, hint: "fix the YAML syntax")
        }
        if case .null = root { throw VerifyError(.missingKey, "empty spec", at: root.location, hint: "add a verify: list of checks") }
        guard let top = root.entries else {
            throw VerifyError(.wrongType, "a verify spec is a mapping, found \(root.kindName)", at: root.location,
                              hint: "write clusters:, defaults: and verify: at the top level")
        }
        let topKeys = ["clusters", "defaults", "verify"]
        for entry in top where !topKeys.contains(entry.key) {
            throw VerifyError(.unknownKey, "unknown top-level key \"\(entry.key)\"", at: entry.keyLocation, hint: allowedHint(entry.key, topKeys))
        }
        let clusters = try decodeClusters(root["clusters"])
        let known = clusters.map(\.name) + extraClusters.filter { name in !clusters.contains { $0.name == name } }
        let defaults = try root["defaults"].map { node throws(VerifyError) in
            var fields = try SpecFields(check: "defaults", node: node)
            let mode = try timeMode(&fields)
            try fields.finish()
            return mode
        } ?? nil
        guard let verify = root["verify"] else {
            throw VerifyError(.missingKey, "the spec has no verify: list", at: root.location, hint: "add verify: with at least one check")
        }
        guard let items = verify.items else {
            throw VerifyError(.wrongType, "verify must be a list of checks, found \(verify.kindName)", at: verify.location,
                              hint: "write verify:\\n  - node-count: { on: mgmt, equals: 3 }")
        }
        var entries: [SuiteEntry] = []
        for item in items { entries.append(try decodeEntry(item, clusters: known)) }
        return VerifySuite(clusters: clusters, defaults: defaults, entries: entries)
    }

    private static func decodeClusters(_ node: YAMLValue?) throws(VerifyError) -> [ClusterRef] {
        guard let node, case .mapping(let pairs, _) = node else {
            if let node, case .null = node { return [] }
            if let node { throw VerifyError(.wrongType, "clusters must be a mapping of names, found \(node.kindName)", at: node.location,
                                            hint: "write clusters:\\n  mgmt: { snapshot: ./mgmt }") }
            return []
        }
        var refs: [ClusterRef] = []
        for pair in pairs {
            var f = try SpecFields(check: "cluster \(pair.key)", node: pair.value)
            let snapshot = try f.string("snapshot")
            let context = try f.string("context")
            if snapshot != nil, context != nil {
                throw f.invalid("context", "give either snapshot or context, not both")
            }
            let origin: ClusterRef.Origin = snapshot.map { .snapshot($0) } ?? context.map { .context($0) } ?? .unspecified
            let managedBy = try f.string("managedBy")
            let clusterName = try f.string("name")
            let role = try f.oneOf("role", ClusterRole.allCases.map(\.rawValue)).flatMap(ClusterRole.init(rawValue:))
            let provider = try f.oneOf("provider", ["aws", "azure", "docker", "vsphere"])
            let features = try f.strings("features") ?? []
            for feature in features where !ClusterRoles.knownFeatures.contains(feature) {
                throw f.invalid("features", "unknown feature \"\(feature)\"", hint: allowedHint(feature, ClusterRoles.knownFeatures))
            }
            try f.finish()
            refs.append(ClusterRef(pair.key, origin, managedBy: managedBy, clusterName: clusterName, role: role,
                                   provider: provider, features: features))
        }
        let names = refs.map(\.name)
        for (pair, ref) in zip(pairs, refs) {
            if let m = ref.managedBy, !names.contains(m) {
                let at = pair.value["managedBy"]?.location ?? pair.keyLocation
                throw VerifyError(.unknownCluster, "cluster \(ref.name): managedBy names unknown cluster \"\(m)\"", at: at,
                                  hint: allowedHint(m, names))
            }
        }
        return refs
    }

    static func timeMode(_ f: inout SpecFields) throws(VerifyError) -> TimeMode? {
        let within = try f.duration("within")
        let span = try f.duration("for")
        let every = try f.duration("every")
        if within != nil, span != nil {
            throw f.invalid("for", "give either within or for, not both", hint: "within: poll until it passes; for: it must hold the whole time")
        }
        if let within { return .within(within, every: every) }
        if let span { return .holding(for: span, every: every) }
        if every != nil { throw f.invalid("every", "every needs within or for", hint: "write within: 5m, every: 10s") }
        return nil
    }

    private static func decodeEntry(_ item: YAMLValue, clusters: [String]) throws(VerifyError) -> SuiteEntry {
        guard let pairs = item.entries, pairs.count == 1, let pair = pairs.first else {
            throw VerifyError(.wrongType, "each verify item is one check: a mapping with one key, found \(item.kindName)",
                              at: item.location, hint: "write - node-count: { on: mgmt, equals: 3 }; checks: \(CheckRegistry.ids.joined(separator: ", "))")
        }
        guard let type = CheckRegistry.named(pair.key) else {
            throw VerifyError(.unknownCheck, "unknown check \"\(pair.key)\"", at: pair.keyLocation, hint: allowedHint(pair.key, CheckRegistry.ids))
        }
        var fields = try SpecFields(check: pair.key, node: pair.value)
        var on: [String] = []
        if type.readsCluster {
            on = try fields.strings("on") ?? []
            for name in on where !clusters.contains(name) {
                throw VerifyError(.unknownCluster, "\(pair.key): unknown cluster \"\(name)\"", at: fields.node("on")!.location,
                                  hint: clusters.isEmpty ? "define it under clusters: or pass --cluster \(name)=snapshot:DIR"
                                      : allowedHint(name, clusters))
            }
        }
        let time = try timeMode(&fields)
        let severity = try fields.oneOf("severity", Severity.allCases.map(\.rawValue)).flatMap(Severity.init(rawValue:))
        let skip = try fields.string("skip")
        let check: any Check
        do {
            check = try type.init(spec: &fields)
        } catch {
            // An unknown key is usually the typo behind a "missing" error: report it first.
            if error.code == .missingKey { try fields.finish() }
            throw error
        }
        try fields.finish()
        return SuiteEntry(check, clusters: on, time: time, severity: severity, skip: skip, location: pair.keyLocation)
    }
}
