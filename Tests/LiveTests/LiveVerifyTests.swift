import ClusterState
import Foundation
import LogModel
import TestAPIServer
import Testing
import Verify

/// Verify specs against live clusters: the real kubectl in front of stand-in API servers, with the
/// served state changing under `within` and `for` checks.
@Suite(.serialized)
struct LiveVerifyTests {
    static let mgmt = "clusters:\n  mgmt: { context: standin, name: tkg-mgmt, role: management }\nverify:\n"
    static let controlPlane = "tkg-mgmt-j2dg4-wrp8d"

    @Test func passingSpec() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        let results = try await Live.verify(Self.mgmt + """
              - node-count:  { on: mgmt, role: control-plane, equals: 3, ready: true }
              - nodes-ready: { on: mgmt }
              - tkg-bom:     { on: mgmt, version: v2.2.0 }
              - capi-ready:  { on: mgmt }
              - packages-reconciled: { on: mgmt }
            """, kubeconfig: kubeconfig)
        #expect(results.map(\.outcome) == [.pass, .pass, .pass, .pass, .pass], "\(results.map(\.message))")
        #expect(results.allSatisfy { $0.timeMode == nil })
        #expect(Live.onlyGets(server))
    }

    @Test func failingSpec() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        server.change { $0.update(.node, name: Self.controlPlane) { $0.settingCondition("Ready", status: "False", reason: "KubeletNotReady") } }
        let results = try await Live.verify(Self.mgmt + """
              - node-count:  { on: mgmt, role: control-plane, equals: 3, ready: true }
              - nodes-ready: { on: mgmt }
            """, kubeconfig: kubeconfig)
        #expect(results.map(\.outcome) == [.fail, .fail])
        #expect(results[1].observed?.hasPrefix("\(Self.controlPlane): Ready=False (KubeletNotReady") == true, "\(results[1])")
        #expect(Live.onlyGets(server))
    }

    @Test func withinPassesOnceTheStateChanges() async throws {
        let full = try StandInCluster(snapshot: Live.healthyMgmt)
        var missing = full
        missing.remove(.node, name: Self.controlPlane)
        let (server, kubeconfig) = try Live.server(missing)
        defer { server.stop() }
        let flip = Task {
            try await Task.sleep(for: .seconds(2))
            server.serve(full)
        }
        let results = try await Live.verify(Self.mgmt + """
              - node-count: { on: mgmt, role: control-plane, equals: 3, within: 12s, every: 1s }
            """, kubeconfig: kubeconfig)
        _ = try await flip.value
        #expect(results.map(\.outcome) == [.pass], "\(results)")
        let note = try #require(results.first?.timeMode)
        #expect(note.hasPrefix("within 12s every 1s: passed on attempt "), "\(note)")
        #expect(!note.contains("attempt 1 "))
        #expect(Live.onlyGets(server))
    }

    @Test func withinTimeoutReportsTheLastMismatchAsADiff() async throws {
        var cluster = try StandInCluster(snapshot: Live.healthyMgmt)
        cluster.remove(.node, name: Self.controlPlane)
        let (server, kubeconfig) = try Live.server(cluster)
        defer { server.stop() }
        let results = try await Live.verify(Self.mgmt + """
              - node-count: { on: mgmt, role: control-plane, equals: 3, within: 2s, every: 1s }
            """, kubeconfig: kubeconfig)
        let r = try #require(results.first)
        #expect(r.outcome == .fail)
        #expect(r.timeMode?.contains("still failing at the deadline after") == true, "\(r.timeMode ?? "")")
        #expect(r.details.first?.hasPrefix("last mismatch (attempt ") == true, "\(r.details)")
        #expect(r.details.contains("- expected: == 3") && r.details.contains("+ observed: 2"), "\(r.details)")
    }

    @Test func forFailsWhenTheStateFlips() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        let flip = Task {
            try await Task.sleep(for: .seconds(2))
            server.change { $0.update(.node, name: Self.controlPlane) { $0.settingCondition("Ready", status: "Unknown", reason: "NodeStatusUnknown") } }
        }
        let start = ContinuousClock.now
        let results = try await Live.verify(Self.mgmt + """
              - nodes-ready: { on: mgmt, for: 15s, every: 1s }
            """, kubeconfig: kubeconfig)
        _ = try await flip.value
        let r = try #require(results.first)
        #expect(r.outcome == .fail)
        #expect(r.timeMode?.hasPrefix("for 15s every 1s: stopped holding on attempt ") == true, "\(r.timeMode ?? "")")
        #expect(r.details.contains { $0.contains("Ready=Unknown") })
        #expect(ContinuousClock.now - start < .seconds(12), "a flip ends the span early")
    }

    @Test func forHoldsThroughout() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        let results = try await Live.verify(Self.mgmt + "  - nodes-ready: { on: mgmt, for: 2s, every: 1s }\n", kubeconfig: kubeconfig)
        #expect(results.map(\.outcome) == [.pass])
        #expect(results.first?.timeMode?.hasPrefix("for 2s every 1s: held for 2s (") == true, "\(results)")
    }

    @Test func unreachableIsInconclusiveAtOnceWithoutWithin() async throws {
        let kubeconfig = try Live.closedPortKubeconfig()
        let start = ContinuousClock.now
        let results = try await Live.verify(Self.mgmt + """
              - nodes-ready: { on: mgmt }
              - nodes-ready: { on: mgmt, within: 2s, every: 1s }
            """, kubeconfig: kubeconfig)
        #expect(results.map(\.outcome) == [.inconclusive, .inconclusive])
        #expect(results[0].message.contains("Node unreachable") && results[0].message.contains("refused"), "\(results[0].message)")
        #expect(results[0].timeMode == nil)
        #expect(results[1].timeMode?.contains("still inconclusive at the deadline after") == true, "\(results[1].timeMode ?? "")")
        #expect(!(results[1].timeMode?.contains("after 1 attempt") ?? true), "within retries connection errors")
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    @Test func forbiddenIsInconclusive() async throws {
        let (server, kubeconfig) = try Live.server(try StandInCluster(snapshot: Live.healthyMgmt))
        defer { server.stop() }
        server.forbid([.packageInstall])
        let results = try await Live.verify(Self.mgmt + "  - packages-reconciled: { on: mgmt }\n", kubeconfig: kubeconfig)
        #expect(results.map(\.outcome) == [.inconclusive])
        #expect(results[0].message.contains("PackageInstall.packaging.carvel.dev forbidden"), "\(results[0].message)")
        #expect(Live.onlyGets(server))
    }

    @Test func workloadChecksReadTheManagementCluster() async throws {
        let root = Live.packageRoot + "/corpora/clusters"
        let (servers, kubeconfig) = try Live.servers([
            "mgmt": try StandInCluster(snapshot: root + "/healthy-mgmt/snapshot"),
            "wl1": try StandInCluster(snapshot: root + "/healthy-workload/snapshot"),
        ])
        defer { servers.values.forEach { $0.stop() } }
        let results = try await Live.verify("""
            clusters:
              mgmt: { context: mgmt, name: tkg-mgmt, role: management }
              wl1:  { context: wl1, managedBy: mgmt, name: tkg-wl1 }
            verify:
              - capi-ready:  { on: wl1 }
              - nodes-ready: { on: [mgmt, wl1] }
            """, kubeconfig: kubeconfig)
        #expect(results.map(\.outcome) == [.pass, .pass, .pass], "\(results.map(\.message))")
        #expect(servers["mgmt"]!.requests.contains { $0.path.hasPrefix("/apis/cluster.x-k8s.io/v1beta1/namespaces/default/clusters") || $0.path.hasPrefix("/apis/cluster.x-k8s.io/v1beta1/clusters") })
        #expect(servers.values.allSatisfy(Live.onlyGets))
    }
}
