import CLITestSupport
import ClusterState
import Foundation
import TestAPIServer
import Testing

/// `tkgqa verify` and `tkgqa record` as users run them, against stand-in API servers through the real kubectl.
@Suite(.serialized)
struct LiveCLITests {
    /// The comparable part of a JSON report: everything but how the time mode was applied.
    static func results(_ json: String) throws -> [String] {
        let report = try JSONParser.parse(Array(json.utf8))
        return (report["results"]?.array ?? []).map { r in
            ["check", "cluster", "outcome", "message", "observed", "expected", "details", "objects"]
                .map { "\($0)=\(r[$0]?.compactJSON ?? "null")" }.joined(separator: " ")
        }
    }

    /// Corpus specs and the snapshot each of their clusters is served from.
    static let corpora: [(corpus: String, clusters: [String: String])] = [
        ("healthy-mgmt", ["mgmt": "healthy-mgmt"]),
        ("broken-node-notready", ["mgmt": "healthy-mgmt", "wl1": "broken-node-notready"]),
        ("broken-crashloop", ["wl1": "broken-crashloop"]),
        ("broken-tkg-bom", ["wl1": "broken-tkg-bom"]),
    ]

    @Test(arguments: corpora.map(\.corpus))
    func recordThenVerifyGivesTheLiveOutcomes(_ corpus: String) throws {
        let clusters = Self.corpora.first { $0.corpus == corpus }!.clusters
        let root = Live.packageRoot + "/corpora/clusters"
        let (servers, kubeconfig) = try Live.servers(clusters.mapValues { try StandInCluster(snapshot: "\(root)/\($0)/snapshot") })
        defer { servers.values.forEach { $0.stop() } }
        let spec = "corpora/clusters/\(corpus)/\(corpus).verify.yaml"
        let work = try Live.temporaryDirectory("record")

        let live = try CLIRunner.run(["verify", spec, "--format", "json", "--kubeconfig", kubeconfig, "--record", work + "/evidence"]
                                  + clusters.keys.sorted().flatMap { ["--cluster", "\($0)=context:\($0)"] })
        for name in clusters.keys.sorted() {
            let record = try CLIRunner.run(["record", "--context", name, "--kubeconfig", kubeconfig, "-o", "\(work)/recorded/\(name)"])
            #expect(record.status == 0, "\(record.stderr)")
            #expect(record.stderr.contains("recorded "), "\(record.stderr)")
        }
        let recorded = try CLIRunner.run(["verify", spec, "--format", "json"]
                                      + clusters.keys.sorted().flatMap { ["--cluster", "\($0)=snapshot:\(work)/recorded/\($0)"] })
        let evidence = try CLIRunner.run(["verify", spec, "--format", "json"]
                                      + clusters.keys.sorted().flatMap { ["--cluster", "\($0)=snapshot:\(work)/evidence/\($0)"] })
        let golden = try String(contentsOfFile: "\(root)/\(corpus)/expected/report.json", encoding: .utf8)
        let goldenStatus = try String(contentsOfFile: "\(root)/\(corpus)/expected/exit-code", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)

        #expect(try Self.results(live.stdout) == Self.results(golden), "live differs from the corpus report: \(live.stderr)")
        #expect(try Self.results(recorded.stdout) == Self.results(live.stdout), "record then verify differs from live")
        #expect(try Self.results(evidence.stdout) == Self.results(live.stdout), "verify --record evidence differs from live")
        #expect(["\(live.status)", "\(recorded.status)", "\(evidence.status)"] == [goldenStatus, goldenStatus, goldenStatus])
        #expect(servers.values.allSatisfy(Live.onlyGets))
        #expect(servers.values.allSatisfy { !$0.requests.contains { $0.path.contains("secrets") } })
    }

    @Test func recordRedactsCredentialsAndNeverReadsSecrets() throws {
        var cluster = try StandInCluster(snapshot: Live.healthyMgmt)
        try cluster.put(json: #"""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"creds","namespace":"tkg-system"},
             "data":{"VSPHERE_PASSWORD":"hunter2","config.yaml":"user: admin\npassword: s3cret-value\n",
                     "proxy":"http://bob:pr0xypass@proxy.example:3128","region":"eu-west"}}
            """#)
        try cluster.put(json: #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"uploader","namespace":"default"},
             "spec":{"containers":[{"name":"c","image":"busybox","env":[{"name":"AWS_SECRET_ACCESS_KEY","value":"AKIAsecretvalue"},
                     {"name":"LOG_LEVEL","value":"debug"},{"name":"DB","valueFrom":{"secretKeyRef":{"name":"db-creds","key":"password"}}}]}]},
             "status":{"phase":"Running"}}
            """#)
        try cluster.put(json: #"""
            {"apiVersion":"cluster.x-k8s.io/v1beta1","kind":"Cluster","metadata":{"name":"tkg-wl2","namespace":"default"},
             "spec":{"topology":{"class":"tkg-vsphere-default-v1.0.0","version":"v1.25.7+vmware.2",
                     "variables":[{"name":"vcenter","value":{"password":"vcpass1","server":"vc.example"}},{"name":"apiToken","value":"tok-123"}]}}}
            """#)
        try cluster.put(json: #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db-creds","namespace":"default"},"data":{"password":"aHVudGVyMg=="}}"#)
        let (server, kubeconfig) = try Live.server(cluster)
        defer { server.stop() }
        let dir = try Live.temporaryDirectory("redact") + "/snap"
        let run = try CLIRunner.run(["record", "--context", "standin", "--kubeconfig", kubeconfig, "-o", dir])
        #expect(run.status == 0, "\(run.stderr)")
        var all = ""
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            all += try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
        }
        for secret in ["hunter2", "s3cret-value", "pr0xypass", "AKIAsecretvalue", "vcpass1", "tok-123", "aHVudGVyMg"] {
            #expect(!all.contains(secret), "\(secret) was recorded")
        }
        for kept in ["eu-west", "debug", "vc.example", "db-creds", "http://bob:<redacted>@proxy.example:3128"] {
            #expect(all.contains(kept), "\(kept) is not a credential and must stay")
        }
        #expect(!server.requests.contains { $0.path.contains("secrets") })
        #expect(Live.onlyGets(server))
        let meta = try JSONParser.parse(Array(try String(contentsOfFile: dir + "/meta.json", encoding: .utf8).utf8))
        #expect(meta["context"]?.string == "standin")
        #expect(meta["serverVersion"]?.string == "v1.25.7+vmware.2")
        #expect(meta["errors"]?.array?.contains { $0["kind"]?.string == "Secret" } == true)
        // What the cluster does not serve is captured as "none", not missing; TKRs are absent here.
        #expect(meta["captured"]?.array?.contains { $0["kind"]?.string == "TanzuKubernetesRelease" } == true)
        #expect(!FileManager.default.fileExists(atPath: dir + "/tanzukubernetesreleases.run.tanzu.vmware.com.json"))
        let source = try SnapshotSource.open(dir)
        #expect(try source.recorded.list(.configMap, namespace: "tkg-system-public").get().objects.contains { $0.name == "tkg-bom" })
    }

    @Test func forbiddenKindsAreRecordedAsErrors() throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        server.forbid([.packageInstall])
        let dir = try Live.temporaryDirectory("forbidden") + "/snap"
        let run = try CLIRunner.run(["record", "--context", "standin", "--kubeconfig", kubeconfig, "-o", dir])
        #expect(run.status == 0)
        #expect(run.stderr.contains("warning: PackageInstall.packaging.carvel.dev forbidden"), "\(run.stderr)")
        let verify = try CLIRunner.run(["verify", "corpora/clusters/healthy-mgmt/healthy-mgmt.verify.yaml", "--cluster", "mgmt=snapshot:\(dir)"])
        #expect(verify.status == 3, "\(verify.stdout)")
        #expect(verify.stdout.contains("INCONCLUSIVE packages-reconciled"), "\(verify.stdout)")
    }

    @Test func ctrlCStopsWithAPartialReport() throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        let spec = try Live.temporaryDirectory("interrupt") + "/live.verify.yaml"
        try """
            clusters:
              mgmt: { context: standin, name: tkg-mgmt, role: management }
            verify:
              - nodes-ready: { on: mgmt }
              - node-count:  { on: mgmt, equals: 9, within: 60s, every: 1s }
            """.write(toFile: spec, atomically: true, encoding: .utf8)
        let start = ContinuousClock.now
        let run = try CLIRunner.run(["verify", spec, "--kubeconfig", kubeconfig], interruptAfter: .seconds(3))
        #expect(run.status == 130)
        #expect(ContinuousClock.now - start < .seconds(15))
        #expect(run.stdout.contains("PASS         nodes-ready"), "\(run.stdout)")
        #expect(run.stdout.contains("INCONCLUSIVE node-count") && run.stdout.contains("interrupted"), "\(run.stdout)")
        #expect(run.stderr.contains("interrupted"))
    }

    @Test func unreachableClusterExits3() throws {
        // (The healthy-mgmt spec has `within: 15m` on one check, which would rightly retry for 15 minutes.)
        let run = try CLIRunner.run(["verify", "corpora/clusters/broken-node-notready/broken-node-notready.verify.yaml",
                                  "--cluster", "mgmt=context:standin", "--cluster", "wl1=context:standin",
                                  "--kubeconfig", try Live.closedPortKubeconfig(), "--request-timeout", "2s"])
        #expect(run.status == 3, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("unreachable"))
        let record = try CLIRunner.run(["record", "--context", "standin", "--kubeconfig", try Live.closedPortKubeconfig(),
                                     "-o", try Live.temporaryDirectory("unreachable") + "/snap"])
        #expect(record.status == 2)
        #expect(record.stderr.contains("could not be reached"), "\(record.stderr)")
    }

    @Test func missingKubectlExits2WithAnInstallHint() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = "/nonexistent"
        environment["TKGQA_KUBECTL"] = nil
        let verify = try CLIRunner.run(["verify", "corpora/clusters/healthy-mgmt/healthy-mgmt.verify.yaml", "--cluster", "mgmt=context:any"],
                                    environment: environment)
        #expect(verify.status == 2)
        #expect(verify.stderr.contains("kubectl not found") && verify.stderr.contains("apt-get install kubernetes-client"), "\(verify.stderr)")
        let record = try CLIRunner.run(["record", "--context", "any", "-o", "/tmp/tkgqa-never-written"], environment: environment)
        #expect(record.status == 2)
        #expect(record.stderr.contains("apt-get install kubernetes-client"))
    }
}

/// The redaction rules on their own.
struct RecordingRedactorTests {
    @Test(arguments: ["VSPHERE_PASSWORD", "apiToken", "AWS_SECRET_ACCESS_KEY", "client-key", "private_key", "credentials"])
    func secretNames(_ name: String) { #expect(RecordingRedactor.looksSecret(name)) }

    @Test(arguments: ["secretName", "tokenSecretRef", "region", "key", "topologyKey", "LOG_LEVEL", "caCerts"])
    func ordinaryNames(_ name: String) { #expect(!RecordingRedactor.looksSecret(name)) }

    @Test func binaryDataIsDecodedRedactedAndEncodedAgain() throws {
        let bom = Data("release: v1.25.7\ncomponents: [a, b]\n".utf8).base64EncodedString()
        let leaky = Data("user: admin\npassword: hunter2\n".utf8).base64EncodedString()
        let object = try #require(KubeObject(try JSONParser.parse(Array("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b","namespace":"tkr-system"},
             "binaryData":{"bomContent":"\(bom)","leaky":"\(leaky)"}}
            """.utf8))))
        let redacted = RecordingRedactor.redact(object)
        #expect(redacted["binaryData", "bomContent"]?.string == bom)
        let text = String(decoding: Data(base64Encoded: redacted["binaryData", "leaky"]!.string!)!, as: UTF8.self)
        #expect(!text.contains("hunter2") && text.contains("user: admin"), "\(text)")
    }
}
