import ClusterState
import Foundation
import TestAPIServer
import Testing

/// `KubectlSource` through the real kubectl against the stand-in API server.
@Suite(.serialized)
struct KubectlSourceTests {
    @Test func listsPagesAndFillsKinds() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        let source = try await Live.source(kubeconfig: kubeconfig, pageSize: 3)
        #expect(source.info.isLive)
        #expect(source.info.serverVersion == "v1.25.7+vmware.2")
        let pods = try await source.list(.pod, namespace: nil).get()
        let expected = try SnapshotSource.open(Live.healthyMgmt).recorded.list(.pod, namespace: nil).get().objects.count
        #expect(pods.objects.count == expected)
        #expect(pods.objects.allSatisfy { $0.value["kind"]?.string == "Pod" && $0.value["apiVersion"]?.string == "v1" })
        let system = try await source.list(.configMap, namespace: "tkg-system-public").get()
        #expect(system.objects.map(\.name).contains("tkg-bom"))
        let pages = server.requests.filter { $0.path.hasPrefix("/api/v1/pods?") }.map { Live.rawQuery($0.path) }
        #expect(pages.count == (expected + 2) / 3)
        #expect(pages.allSatisfy { $0["limit"] == "3" })
        #expect(pages.first?["continue"] == nil)
        #expect(pages.dropFirst().allSatisfy { $0["continue"] != nil })
        #expect(server.requests.allSatisfy { $0.method == "GET" }, "\(server.requests)")
    }

    @Test func continueTokensAreEscapedAndExpiredListsStartOver() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        let source = try await Live.source(kubeconfig: kubeconfig, pageSize: 4)
        let first = server.requests.count
        server.expireNextContinueToken()
        let pods = try await source.list(.pod, namespace: nil).get()
        let expected = try SnapshotSource.open(Live.healthyMgmt).recorded.list(.pod, namespace: nil).get().objects
        #expect(Set(pods.objects.map(\.name)) == Set(expected.map(\.name)))
        #expect(pods.objects.count == expected.count)
        let queries = server.requests.dropFirst(first).filter { $0.path.hasPrefix("/api/v1/pods?") }.map { Live.rawQuery($0.path) }
        // The second page answered 410 Expired, so the list started over without a token.
        #expect(queries.filter { $0["continue"] == nil }.count == 2, "\(queries)")
        // Tokens hold '=', '+' and '/': on the wire they must be percent-encoded.
        let tokens = queries.compactMap { $0["continue"] }
        #expect(!tokens.isEmpty)
        #expect(tokens.allSatisfy { !$0.contains("=") && !$0.contains("+") && !$0.contains("/") && $0.contains("%3D") }, "\(tokens)")
    }

    @Test func absentCRDsListEmptyAndDiscoveryNamesServedKinds() async throws {
        var cluster = try StandInCluster(snapshot: Live.healthyMgmt)
        cluster.servedKinds.remove(.tanzuKubernetesRelease)
        let (server, kubeconfig) = try Live.server(cluster)
        defer { server.stop() }
        let source = try await Live.source(kubeconfig: kubeconfig)
        guard case .success(.notServed) = await source.fetch(.tanzuKubernetesRelease, namespace: nil) else {
            Issue.record("TKRs are not served here")
            return
        }
        let served = try await source.servedKinds([.packageInstall, .tanzuKubernetesRelease, .cluster]).get()
        #expect(served == [.packageInstall, .cluster])
    }

    @Test func forbiddenIsUnavailable() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        server.forbid([.packageInstall])
        let source = try await Live.source(kubeconfig: kubeconfig)
        guard case .failure(let u) = await source.list(.packageInstall, namespace: nil) else {
            Issue.record("expected forbidden")
            return
        }
        #expect(u.reason == .forbidden)
        #expect(u.detail.contains("cannot list resource \"packageinstalls\""), "\(u.detail)")
    }

    @Test func closedPortIsUnreachable() async throws {
        let source = try await Live.source(kubeconfig: try Live.closedPortKubeconfig(), timeout: .seconds(2))
        #expect(source.info.serverVersion == nil)
        guard case .failure(let u) = await source.list(.node, namespace: nil) else {
            Issue.record("expected unreachable")
            return
        }
        #expect(u.reason == .unreachable)
        #expect(u.detail.contains("refused"), "\(u.detail)")
    }

    @Test func wrongContextThrows() async throws {
        let (server, kubeconfig) = try Live.server(StandInCluster())
        defer { server.stop() }
        await #expect(throws: ClusterStateError.self) {
            _ = try await KubectlSource.open(.init(kubeconfig: kubeconfig, context: "no-such-context"), runner: try KubectlRunner.locate())
        }
    }

    @Test func missingKubectlSaysHowToInstall() {
        #expect(throws: ClusterStateError.self) { _ = try KubectlRunner.locate(environment: ["PATH": "/nonexistent"]) }
        do {
            _ = try KubectlRunner.locate(environment: ["PATH": "/nonexistent"])
        } catch {
            #expect(error.hint?.contains("apt-get install kubernetes-client") == true)
        }
    }
}
