import ClusterState

/// `packages-reconciled`: every PackageInstall is `ReconcileSucceeded` (showing `usefulErrorMessage`
/// when not); `Reconciling` after an earlier success is not a failure. On a managed cluster the
/// `{cluster}-kapp-controller` PackageInstall is read on its management cluster.
public struct PackagesReconciledCheck: Check {
    public static let id = "packages-reconciled"
    public static let summary = "every PackageInstall ReconcileSucceeded (Reconciling after an earlier success is fine)"

    public var namespace: String?

    public init(namespace: String? = nil) { self.namespace = namespace }

    public init(spec f: inout SpecFields) throws(VerifyError) {
        self.init(namespace: try f.string("namespace"))
    }

    public func expand(_ facts: ClusterFacts) -> [Assertion] {
        var out = [Assertion("PackageInstalls", select: ObjectSelector(.packageInstall, namespace: namespace.map { .named($0) }),
                             .all, .packageReconciled)]
        if facts.managedBy != nil {
            out.append(Assertion("PackageInstall \(facts.clusterName)-kapp-controller", on: .management,
                                 select: ObjectSelector(.packageInstall, name: "\(facts.clusterName)-kapp-controller"), .all, .packageReconciled))
        }
        return out
    }

    static func packageInstall(_ name: String, condition: String, version: String = "", error: String = "") -> String {
        """
        apiVersion: packaging.carvel.dev/v1alpha1
        kind: PackageInstall
        metadata: { name: \(name), namespace: tkg-system }
        spec: { packageRef: { refName: \(name).tanzu.vmware.com } }
        status:
          conditions: [ { type: \(condition), status: "True" } ]
          friendlyDescription: \(condition)
          version: "\(version)"
          usefulErrorMessage: "\(error)"
        """
    }

    public static let examples: [CheckExample] = [
        CheckExample("all succeeded", spec: "{}", objects: ExampleObjects.docs(
            packageInstall("antrea", condition: "ReconcileSucceeded", version: "1.9.0+vmware.2-tkg.1"),
            packageInstall("vsphere-csi", condition: "ReconcileSucceeded", version: "2.7.1+vmware.2-tkg.1")), expect: .pass),
        CheckExample("Reconciling after an earlier success", spec: "{}",
                     objects: packageInstall("antrea", condition: "Reconciling", version: "1.9.0+vmware.2-tkg.1"), expect: .pass),
        CheckExample("ReconcileFailed", spec: "{}", objects: packageInstall("vsphere-csi", condition: "ReconcileFailed",
                                                                           error: "kapp: Error: waiting on reconcile deployment/vsphere-csi-controller"),
                     expect: .fail),
        CheckExample("Reconciling, never succeeded", spec: "{}", objects: packageInstall("antrea", condition: "Reconciling"), expect: .fail),
        CheckExample("custom resources not in a cluster-info dump", spec: "{}", notCaptured: [.packageInstall], expect: .inconclusive),
    ]
}
