import ClusterState

/// `tkg-bom`: ConfigMaps `tkg-system-public/tkg-bom` and `tkg-metadata` exist with non-empty, parseable
/// `bom.yaml` / `metadata.yaml`; optionally the versioned `tkg-bom-{version}`; on management clusters
/// the TKR BOM ConfigMaps in `tkr-system` (binaryData `bomContent`, label `tanzuKubernetesRelease`).
public struct TKGBomCheck: Check {
    public static let id = "tkg-bom"
    public static let summary = "tkg-bom and tkg-metadata ConfigMaps present with parseable YAML (and TKR BOMs on management clusters)"

    /// The TKG version of a versioned `tkg-bom-{version}` ConfigMap to require.
    public var version: String?
    /// Require TKR BOM ConfigMaps in `tkr-system`; `nil`: only on management clusters.
    public var tkr: Bool?

    public init(version: String? = nil, tkr: Bool? = nil) {
        self.version = version
        self.tkr = tkr
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        self.init(version: try f.string("version"), tkr: try f.bool("tkr"))
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        let ns = NamespaceMatch.named("tkg-system-public")
        var out = [
            Assertion("ConfigMap tkg-system-public/tkg-bom", select: ObjectSelector(.configMap, namespace: ns, name: "tkg-bom"),
                      .all, .yamlData(key: "bom.yaml", requiredKeys: ["release", "components"])),
            Assertion("ConfigMap tkg-system-public/tkg-metadata", select: ObjectSelector(.configMap, namespace: ns, name: "tkg-metadata"),
                      .all, .yamlData(key: "metadata.yaml", requiredKeys: ["cluster"])),
        ]
        if let version {
            out.append(Assertion("ConfigMap tkg-system-public/tkg-bom-\(version)",
                                 select: ObjectSelector(.configMap, namespace: ns, name: "tkg-bom-\(version)"),
                                 .all, .yamlData(key: "bom.yaml", requiredKeys: ["release", "components"])))
        }
        if tkr ?? (facts.role == .management) {
            out.append(Assertion("TKR BOM ConfigMaps in tkr-system", select: ObjectSelector(.configMap, namespace: .named("tkr-system"),
                                                                                            labels: [.exists("tanzuKubernetesRelease")]),
                                 .all, .yamlData(key: "bomContent", requiredKeys: [])))
        }
        return out
    }

    static let bom = "apiVersion: run.tanzu.vmware.com/v1alpha2\nrelease:\n  version: v2.2.0\ncomponents:\n  kapp-controller: []"
    static let metadata = "cluster:\n  name: tkg-mgmt\n  type: management"

    public static let examples: [CheckExample] = [
        CheckExample("bom and metadata present", spec: "{}", objects: ExampleObjects.docs(
            ExampleObjects.configMap("tkg-bom", namespace: "tkg-system-public", data: ["bom.yaml": bom]),
            ExampleObjects.configMap("tkg-metadata", namespace: "tkg-system-public", data: ["metadata.yaml": metadata])), expect: .pass),
        CheckExample("bom.yaml empty", spec: "{}", objects: ExampleObjects.docs(
            ExampleObjects.configMap("tkg-bom", namespace: "tkg-system-public", data: ["bom.yaml": ""]),
            ExampleObjects.configMap("tkg-metadata", namespace: "tkg-system-public", data: ["metadata.yaml": metadata])), expect: .fail),
        CheckExample("tkg-bom missing", spec: "{}", objects: ExampleObjects.configMap("tkg-metadata", namespace: "tkg-system-public",
                                                                                     data: ["metadata.yaml": metadata]), expect: .fail),
        CheckExample("ConfigMaps not captured (cluster-info dump)", spec: "{}", notCaptured: [.configMap], expect: .inconclusive),
    ]
}
