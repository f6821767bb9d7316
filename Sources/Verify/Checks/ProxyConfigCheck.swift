import ClusterState

/// `proxy-config`: the proxy and CA keys of `tkg-system/kapp-controller-config` (and, on management
/// clusters, `tkr-system/tkr-controller-config`) hold what the testbed was configured with. Empty
/// expected values ("normal iaas" mode) also match absent keys; `caCerts: true` requires a CA bundle.
public struct ProxyConfigCheck: Check {
    public static let id = "proxy-config"
    public static let summary = "proxy and CA keys of kapp-controller-config and tkr-controller-config"

    public var httpProxy: String?
    public var httpsProxy: String?
    public var noProxy: String?
    /// `true`: `caCerts` must be set; `nil`: not checked.
    public var caCerts: Bool?

    public init(httpProxy: String? = nil, httpsProxy: String? = nil, noProxy: String? = nil, caCerts: Bool? = nil) {
        self.httpProxy = httpProxy
        self.httpsProxy = httpsProxy
        self.noProxy = noProxy
        self.caCerts = caCerts
    }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        self.init(httpProxy: try f.string("httpProxy"), httpsProxy: try f.string("httpsProxy"),
                  noProxy: try f.string("noProxy"), caCerts: try f.bool("caCerts"))
        if httpProxy == nil, httpsProxy == nil, noProxy == nil, caCerts == nil {
            throw f.missing("httpProxy, httpsProxy, noProxy or caCerts", hint: "write httpProxy: \"\" for no proxy, or the proxy URL")
        }
    }

    private var condition: Condition {
        var data: [String: JSONValue] = [:]
        if let httpProxy { data["httpProxy"] = .string(httpProxy) }
        if let httpsProxy { data["httpsProxy"] = .string(httpsProxy) }
        if let noProxy { data["noProxy"] = .string(noProxy) }
        var parts: [Condition] = []
        if !data.isEmpty { parts.append(.matches(["data": .object(data)])) }
        if caCerts == true { parts.append(.nonEmpty(["data", "caCerts"])) }
        return parts.count == 1 ? parts[0] : .allOf(parts)
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        var out = [Assertion("ConfigMap tkg-system/kapp-controller-config",
                             select: ObjectSelector(.configMap, namespace: .named("tkg-system"), name: "kapp-controller-config"), .all, condition)]
        if facts.role == .management {
            out.append(Assertion("ConfigMap tkr-system/tkr-controller-config",
                                 select: ObjectSelector(.configMap, namespace: .named("tkr-system"), name: "tkr-controller-config"), .all, condition))
        }
        return out
    }

    public static let examples: [CheckExample] = [
        CheckExample("proxy set", spec: "{ httpProxy: \"http://proxy.example:3128\", noProxy: \"10.0.0.0/8,.svc\" }",
                     objects: ExampleObjects.configMap("kapp-controller-config", namespace: "tkg-system",
                                                       data: ["httpProxy": "http://proxy.example:3128", "noProxy": "10.0.0.0/8,.svc"]),
                     expect: .pass),
        CheckExample("no proxy expected, one configured", spec: "{ httpProxy: \"\" }",
                     objects: ExampleObjects.configMap("kapp-controller-config", namespace: "tkg-system",
                                                       data: ["httpProxy": "http://proxy.example:3128"]), expect: .fail),
        CheckExample("CA bundle missing", spec: "{ caCerts: true }",
                     objects: ExampleObjects.configMap("kapp-controller-config", namespace: "tkg-system", data: ["httpProxy": ""]), expect: .fail),
    ]
}
