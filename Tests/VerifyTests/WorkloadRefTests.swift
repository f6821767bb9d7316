import ClusterState
import Testing
@testable import Verify

struct WorkloadRefTests {
    func pod(_ yaml: String) throws -> KubeObject { try #require(try objects(yaml).first) }

    @Test func deploymentPodsLoseBothHashes() throws {
        let p = try pod("{kind: Pod, apiVersion: v1, metadata: {name: coredns-5d4f8c7b9-abcde, namespace: kube-system, ownerReferences: [{kind: ReplicaSet, name: coredns-5d4f8c7b9}]}}")
        #expect(WorkloadRef.owning(p) == WorkloadRef(.deployment, "coredns", namespace: "kube-system"))
    }

    @Test func staticPodsLoseTheNodeName() throws {
        let p = try pod("{kind: Pod, apiVersion: v1, metadata: {name: etcd-tkg-mgmt-cp-x2x7q, namespace: kube-system, ownerReferences: [{kind: Node, name: tkg-mgmt-cp-x2x7q}]}, spec: {nodeName: tkg-mgmt-cp-x2x7q}}")
        #expect(WorkloadRef.owning(p) == WorkloadRef(.staticPod, "etcd", namespace: "kube-system"))
    }

    @Test func withoutOwnersTheNameIsGuessed() throws {
        let p = try pod("{kind: Pod, apiVersion: v1, metadata: {name: kapp-controller-7c9f6d8b4-zzxyw, namespace: tkg-system}}")
        #expect(WorkloadRef.owning(p).name == "kapp-controller")
        let ds = try pod("{kind: Pod, apiVersion: v1, metadata: {name: antrea-agent-x7k2p, namespace: kube-system}}")
        #expect(WorkloadRef.owning(ds) == WorkloadRef(.daemonSet, "antrea-agent", namespace: "kube-system"))
    }
}
