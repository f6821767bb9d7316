import Testing
@testable import Verify

struct ClusterRolesTests {
    @Test func embeddedRolesLoad() throws {
        let roles = try ClusterRoles.embedded()
        #expect(roles.workloads.count > 30)
        let capv = try #require(roles.workload(named: "capv-controller-manager"))
        #expect(capv.roles == [.management])
        #expect(capv.elsewhere == .warn)
        for name in ["capi-controller-manager", "cert-manager", "tanzu-addons-controller-manager", "tanzu-auth-controller-manager",
                     "object-propagation-controller-manager", "tanzu-featuregates-controller-manager", "tkr-source-controller-manager"] {
            #expect(roles.workload(named: name)?.roles == [.management], "\(name)")
        }
        for name in ["antrea-agent", "coredns", "etcd", "kube-apiserver", "kube-proxy", "metrics-server", "secretgen-controller",
                     "kapp-controller", "tanzu-capabilities-controller-manager"] {
            #expect(roles.workload(named: name)?.roles == [.management, .workload], "\(name)")
        }
        #expect(roles.workload(named: "ako")?.when == .feature("nsx-alb"))
        #expect(roles.workload(named: "vsphere-csi-controller")?.when == .provider("vsphere"))
    }

    @Test func badRoleDataNamesTheLine() {
        do {
            _ = try ClusterRoles.load("workloads:\n  - { name: x, namespace: y, roles: [mgmt] }\n", path: "roles.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("roles.yaml:2:"))
            #expect(error.description.contains("allowed: management, workload"))
        }
    }
}
