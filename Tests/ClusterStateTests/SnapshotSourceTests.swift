import Foundation
import Testing
@testable import ClusterState

struct SnapshotSourceTests {
    func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-test-\(UUID().uuidString)").path
        for (path, text) in files {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    static let pods = #"{"kind":"PodList","apiVersion":"v1","items":[{"metadata":{"name":"coredns-1","namespace":"kube-system"}}]}"#
    static let nodes = #"{"kind":"NodeList","apiVersion":"v1","items":[{"metadata":{"name":"n1"}}]}"#
    static let secrets = #"{"kind":"SecretList","apiVersion":"v1","items":[{"metadata":{"name":"s","namespace":"kube-system"},"data":{"password":"aHVudGVyMg=="}}]}"#

    @Test func snapshotFolderCoversWhatMetaSays() async throws {
        let dir = try folder([
            "meta.json": #"{"formatVersion":1,"capturedAt":"2024-05-02T10:11:12Z","context":"c","serverVersion":"v1.26.5","captured":[{"apiVersion":"v1","kind":"Node"},{"apiVersion":"v1","kind":"Pod","namespace":"kube-system"}],"errors":[{"apiVersion":"packaging.carvel.dev/v1alpha1","kind":"PackageInstall","reason":"forbidden","message":"RBAC"}]}"#,
            "nodes.json": Self.nodes, "pods.json": Self.pods, "secrets.json": Self.secrets,
        ])
        let s = try SnapshotSource.open(dir)
        #expect(s.info.format == "snapshot")
        #expect(s.info.serverVersion == "v1.26.5")
        #expect(try (await s.list(.pod, namespace: "kube-system")).get().objects.count == 1)
        #expect(try (await s.list(.node, namespace: nil)).get().objects.map(\.name) == ["n1"])
        guard case .failure(let u) = await s.list(.pod, namespace: "tkg-system") else { Issue.record("expected not captured"); return }
        #expect(u.reason == .notCaptured)
        guard case .failure(let f) = await s.list(.packageInstall, namespace: nil) else { Issue.record("expected forbidden"); return }
        #expect(f.reason == .forbidden)
        guard case .failure(let c) = await s.list(.configMap, namespace: "tkg-system-public") else { Issue.record("expected not captured"); return }
        #expect(c.reason == .notCaptured)
        guard case .failure = await s.list(.secret, namespace: "kube-system") else { Issue.record("secrets must never list"); return }
        #expect(try (await s.list(.pod, namespace: nil)).get().coveredNamespaces == ["kube-system"])
    }

    @Test func clusterInfoDumpFolderInJSONAndYAML() async throws {
        let dir = try folder([
            "nodes.json": Self.nodes, "kube-system/pods.json": Self.pods,
            "default/pods.json": "kind: PodList\napiVersion: v1\nitems:\n- metadata: { name: web-1, namespace: default }\n",
            "kube-system/coredns-1/logs.txt": "some log",
        ])
        let s = try SnapshotSource.open(dir)
        #expect(s.info.format == "cluster-info dump")
        #expect(try (await s.list(.pod, namespace: "default")).get().objects.map(\.name) == ["web-1"])
        guard case .failure(let u) = await s.list(.configMap, namespace: "kube-system") else { Issue.record("expected not captured"); return }
        #expect(u.detail.contains("never holds ConfigMaps"))
    }

    @Test func clusterInfoDumpStreamSkipsLogBlocks() async throws {
        let stream = Self.nodes + "\n" + Self.pods + "\n==== START logs for container coredns of pod kube-system/coredns-1 ====\n{ not json\n==== END logs for container coredns of pod kube-system/coredns-1 ====\n"
        let dir = try folder(["dump.txt": stream])
        let s = try SnapshotSource.open(dir + "/dump.txt")
        #expect(try (await s.list(.pod, namespace: "kube-system")).get().objects.count == 1)
        #expect(try (await s.list(.node, namespace: nil)).get().objects.count == 1)
    }

    @Test func diagnosticsBundleLayout() async throws {
        let dir = try folder([
            "bundle/kubecapture/core_v1/nodes-2024-05-02T10-11-12Z.0000.json": Self.nodes,
            "bundle/kubecapture/core_v1/kube-system/pods-2024-05-02T10-11-13Z.0000.json": Self.pods,
            "bundle/kubecapture/core_v1/kube-system/secrets-2024-05-02T10-11-13Z.0000.json": Self.secrets,
            "bundle/kubecapture/core_v1/kube-system/coredns-1/coredns.log": "log",
            "bundle/kubecapture/cluster.x-k8s.io_v1beta1/default/clusters/wl1-2024-05-02T10-11-14Z.0000.json":
                #"{"kind":"Cluster","apiVersion":"cluster.x-k8s.io/v1beta1","metadata":{"name":"wl1","namespace":"default"}}"#,
        ])
        let s = try SnapshotSource.open(dir)
        #expect(s.info.format == "diagnostics bundle")
        #expect(s.info.capturedAt == "2024-05-02T10:11:12Z")
        #expect(try (await s.list(.pod, namespace: "kube-system")).get().objects.count == 1)
        #expect(try (await s.list(.cluster, namespace: "default")).get().objects.map(\.name) == ["wl1"])
        #expect(s.recorded.count == 3)
    }

    @Test func unknownLayoutIsAnError() throws {
        let dir = try folder(["readme.txt": "x"])
        #expect(throws: ClusterStateError.self) { try SnapshotSource.open(dir) }
        #expect(throws: ClusterStateError.self) { try SnapshotSource.open(dir + "/missing") }
    }
}
