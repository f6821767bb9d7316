#!/usr/bin/env python3
"""Writes the recorded clusters under corpora/clusters/ from hand-written templates.

The object shapes follow TKG 2.2 on vSphere (kubectl get -o json output of Nodes, Pods, ConfigMaps,
PackageInstalls, Cluster API objects and CAPV VSphereVMs); names, UIDs and timestamps are made up.
Each broken scenario is the healthy cluster with one deliberate change. Run from the package root:

    python3 corpora/clusters/tools/build.py

then re-record the expected reports with RECORD_SNAPSHOTS=1 swift test --filter VerifyCLITests
and review the diff.
"""
import copy, hashlib, json, os, shutil

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
T0 = "2024-05-02T10:00:00Z"
K8S = "v1.25.7+vmware.2"
TKR = "v1.25.7---vmware.2-tkg.1"


def h(s, n):
    """A stable lowercase hash-like suffix (Kubernetes' safe alphabet)."""
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    d = hashlib.sha1(s.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in d[:n])


def uid(s):
    d = hashlib.md5(s.encode()).hexdigest()
    return f"{d[:8]}-{d[8:12]}-{d[12:16]}-{d[16:20]}-{d[20:32]}"


def node(cluster, name, cp, host, ready=True, kubelet=K8S):
    labels = {
        "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
        "node.cluster.x-k8s.io/esxi-host": host, "run.tanzu.vmware.com/tkr": TKR,
        "run.tanzu.vmware.com/kubernetesDistributionVersion": K8S,
    }
    if cp:
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
    cond = lambda t, s, r, m: {"type": t, "status": s, "reason": r, "message": m,
                               "lastHeartbeatTime": "2024-05-02T11:58:00Z", "lastTransitionTime": T0}
    conditions = [
        cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        cond("Ready", "True", "KubeletReady", "kubelet is posting ready status. AppArmor enabled") if ready else
        cond("Ready", "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."),
    ]
    ip = "10.180." + str(int(hashlib.md5(name.encode()).hexdigest()[:2], 16) % 200 + 10) + "." + str(len(name) + 10)
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "uid": uid(name), "creationTimestamp": T0, "labels": labels,
                     "annotations": {"cluster.x-k8s.io/cluster-name": cluster, "cluster.x-k8s.io/cluster-namespace": "default" if cluster != "tkg-mgmt" else "tkg-system",
                                     "cluster.x-k8s.io/machine": name, "node.alpha.kubernetes.io/ttl": "0",
                                     "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
        "spec": {"podCIDR": "100.96.0.0/24", "providerID": "vsphere://4231" + uid(name)[4:],
                 **({"taints": [{"effect": "NoSchedule", "key": "node-role.kubernetes.io/control-plane"}]} if cp else {})},
        "status": {
            "addresses": [{"type": "Hostname", "address": name}, {"type": "InternalIP", "address": ip}, {"type": "ExternalIP", "address": ip}],
            "capacity": {"cpu": "2", "memory": "4025876Ki", "pods": "110", "ephemeral-storage": "20509264Ki"},
            "allocatable": {"cpu": "2", "memory": "3923476Ki", "pods": "110", "ephemeral-storage": "18901337672"},
            "conditions": conditions,
            "nodeInfo": {"architecture": "amd64", "containerRuntimeVersion": "containerd://1.6.18-1-gdbc99e5b1",
                         "kernelVersion": "5.4.0-144-generic", "kubeProxyVersion": kubelet, "kubeletVersion": kubelet,
                         "operatingSystem": "linux", "osImage": "Ubuntu 20.04.6 LTS"},
        },
    }


def pod(ns, name, owner_kind, owner_name, node_name, image, restarts=0, waiting=None, ready=True, container=None):
    container = container or owner_name
    state = {"running": {"startedAt": "2024-05-02T10:05:00Z"}}
    if waiting:
        state = {"waiting": {"reason": waiting, "message": "back-off 5m0s restarting failed container=%s pod=%s_%s" % (container, name, ns)}}
    cstatus = {"name": container, "image": image, "imageID": image.split(":")[0] + "@sha256:" + hashlib.sha256(image.encode()).hexdigest(),
               "containerID": "containerd://" + hashlib.sha256(name.encode()).hexdigest(), "ready": ready,
               "restartCount": restarts, "started": ready, "state": state}
    if restarts:
        cstatus["lastState"] = {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2024-05-02T11:50:00Z", "finishedAt": "2024-05-02T11:50:03Z"}}
    owner = {"apiVersion": "v1" if owner_kind == "Node" else "apps/v1", "kind": owner_kind, "name": owner_name,
             "uid": uid(owner_name), "controller": True, "blockOwnerDeletion": owner_kind != "Node"}
    rs = lambda s: "True" if ready or s == "PodScheduled" or s == "Initialized" else "False"
    return {
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": name, "namespace": ns, "uid": uid(ns + name), "creationTimestamp": T0,
                     "labels": {"app": owner_name if owner_kind != "ReplicaSet" else owner_name.rsplit("-", 1)[0]},
                     "ownerReferences": [owner]},
        "spec": {"nodeName": node_name, "containers": [{"name": container, "image": image}],
                 "serviceAccountName": "default", "priorityClassName": "system-cluster-critical" if ns == "kube-system" else None},
        "status": {
            "phase": "Running", "hostIP": "10.180.20.11", "podIP": "100.96.1.%d" % (len(name) % 250), "qosClass": "Burstable",
            "startTime": T0,
            "conditions": [{"type": t, "status": rs(t), "lastTransitionTime": T0} for t in ["Initialized", "Ready", "ContainersReady", "PodScheduled"]],
            "containerStatuses": [cstatus],
        },
    }


def workload_pods(roles_filter, cp_nodes, workers, cluster, extra=()):
    """Pods of the system workloads whose roles include roles_filter (management or workload)."""
    all_nodes = cp_nodes + workers
    W = [
        # name, namespace, kind, roles, replicas
        ("capi-controller-manager", "capi-system", "Deployment", {"management"}, 1),
        ("capi-kubeadm-bootstrap-controller-manager", "capi-kubeadm-bootstrap-system", "Deployment", {"management"}, 1),
        ("capi-kubeadm-control-plane-controller-manager", "capi-kubeadm-control-plane-system", "Deployment", {"management"}, 1),
        ("capv-controller-manager", "capv-system", "Deployment", {"management"}, 1),
        ("cert-manager", "cert-manager", "Deployment", {"management"}, 1),
        ("cert-manager-cainjector", "cert-manager", "Deployment", {"management"}, 1),
        ("cert-manager-webhook", "cert-manager", "Deployment", {"management"}, 1),
        ("tanzu-addons-controller-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("object-propagation-controller-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("tanzu-featuregates-controller-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("tkr-conversion-webhook-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("tkr-resolver-cluster-webhook-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("tkr-source-controller-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("tkr-status-controller-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("tkr-vsphere-resolver-webhook-manager", "tkg-system", "Deployment", {"management"}, 1),
        ("tanzu-auth-controller-manager", "tanzu-auth", "Deployment", {"management"}, 1),
        ("antrea-agent", "kube-system", "DaemonSet", {"management", "workload"}, 0),
        ("antrea-controller", "kube-system", "Deployment", {"management", "workload"}, 1),
        ("coredns", "kube-system", "Deployment", {"management", "workload"}, 2),
        ("etcd", "kube-system", "StaticPod", {"management", "workload"}, 0),
        ("kube-apiserver", "kube-system", "StaticPod", {"management", "workload"}, 0),
        ("kube-controller-manager", "kube-system", "StaticPod", {"management", "workload"}, 0),
        ("kube-scheduler", "kube-system", "StaticPod", {"management", "workload"}, 0),
        ("kube-vip", "kube-system", "StaticPod", {"management", "workload"}, 0),
        ("kube-proxy", "kube-system", "DaemonSet", {"management", "workload"}, 0),
        ("metrics-server", "kube-system", "Deployment", {"management", "workload"}, 1),
        ("vsphere-cloud-controller-manager", "kube-system", "DaemonSetCP", {"management", "workload"}, 0),
        ("secretgen-controller", "secretgen-controller", "Deployment", {"management", "workload"}, 1),
        ("kapp-controller", "tkg-system", "Deployment", {"management", "workload"}, 1),
        ("tanzu-capabilities-controller-manager", "tkg-system", "Deployment", {"management", "workload"}, 1),
        ("vsphere-csi-controller", "vmware-system-csi", "Deployment", {"management", "workload"}, 1),
        ("vsphere-csi-node", "vmware-system-csi", "DaemonSet", {"management", "workload"}, 0),
    ] + list(extra)
    pods = []
    for name, ns, kind, roles, replicas in W:
        if roles_filter not in roles:
            continue
        image = "projects.registry.vmware.com/tkg/%s:v0.0.0_vmware.1" % name
        if kind == "Deployment":
            rs = "%s-%s" % (name, h(cluster + name, 9 if len(name) % 2 else 10))
            for i in range(replicas):
                where = (workers or cp_nodes)[i % len(workers or cp_nodes)] if ns not in ("capi-system",) else cp_nodes[0]
                pods.append(pod(ns, "%s-%s" % (rs, h(cluster + rs + str(i), 5)), "ReplicaSet", rs, where, image, container=name))
        elif kind in ("DaemonSet", "DaemonSetCP"):
            for n in (cp_nodes if kind == "DaemonSetCP" else all_nodes):
                pods.append(pod(ns, "%s-%s" % (name, h(cluster + name + n, 5)), "DaemonSet", name, n, image))
        else:
            for n in cp_nodes:
                pods.append(pod(ns, "%s-%s" % (name, n), "Node", n, n, container=name, image="projects.registry.vmware.com/tkg/%s:%s" % (name, K8S.replace("+", "_"))))
    return pods


BOM = """apiVersion: run.tanzu.vmware.com/v1alpha2
default:
  k8sVersion: v1.25.7+vmware.2-tkg.1
release:
  version: v2.2.0
components:
  kapp-controller:
  - version: v0.41.7+vmware.1
    images:
      kappControllerImage:
        imagePath: kapp-controller
        tag: v0.41.7_vmware.1
  tanzu-framework:
  - version: v0.29.0
imageConfig:
  imageRepository: projects.registry.vmware.com/tkg
tkr-bom:
  imagePath: tkr-bom
tkr-compatibility:
  imagePath: tkr-compatibility
"""


def cm(ns, name, data=None, binary=None, labels=None, annotations=None):
    o = {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": name, "namespace": ns, "uid": uid(ns + name), "creationTimestamp": T0}}
    if labels: o["metadata"]["labels"] = labels
    if annotations: o["metadata"]["annotations"] = annotations
    if data is not None: o["data"] = data
    if binary is not None: o["binaryData"] = binary
    return o


def configmaps(cluster, ctype, bom=BOM):
    import base64
    meta = ("cluster:\n  name: %s\n  type: %s\n  plan: dev\n  kubernetesProvider: VMware Tanzu Kubernetes Grid\n"
            "  tkgVersion: v2.2.0\n  edition: tkg\n  infrastructure:\n    provider: vsphere\n  isClusterClassBased: true\n"
            "bom:\n  configmapRef:\n    name: tkg-bom\n") % (cluster, ctype)
    out = [
        cm("tkg-system-public", "tkg-bom", {"bom.yaml": bom}),
        cm("tkg-system-public", "tkg-bom-v2.2.0", {"bom.yaml": bom}),
        cm("tkg-system-public", "tkg-metadata", {"metadata.yaml": meta}),
        cm("tkg-system", "kapp-controller-config", {"caCerts": "", "httpProxy": "", "httpsProxy": "", "noProxy": "", "dangerousSkipTLSVerify": ""}),
        cm("kube-system", "kube-proxy", {"config.conf": "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"}),
    ]
    if ctype == "management":
        out.append(cm("tkr-system", "tkr-controller-config", {"caCerts": "", "httpProxy": "", "httpsProxy": "", "noProxy": "",
                                                               "imageRepository": "projects.registry.vmware.com/tkg"}))
        tkr_bom = "apiVersion: run.tanzu.vmware.com/v1alpha2\nrelease:\n  version: %s\ncomponents:\n  kubernetes:\n  - version: %s\n" % (K8S, K8S)
        out.append(cm("tkr-system", TKR, binary={"bomContent": base64.b64encode(tkr_bom.encode()).decode()},
                      labels={"tanzuKubernetesRelease": TKR}, annotations={"bomImageTag": TKR.replace("---", "_")}))
    return out


def package_install(ns, name, ref, version, state="ReconcileSucceeded", error=""):
    conds = [{"type": state, "status": "True"}]
    status = {"conditions": conds, "friendlyDescription": "Reconcile succeeded" if state == "ReconcileSucceeded" else
              ("Reconcile failed: Error (see .status.usefulErrorMessage for details)" if state == "ReconcileFailed" else "Reconciling"),
              "observedGeneration": 1, "lastAttemptedVersion": version}
    if state != "ReconcileFailed":
        status["version"] = version
    if error:
        status["usefulErrorMessage"] = error
    return {"apiVersion": "packaging.carvel.dev/v1alpha1", "kind": "PackageInstall",
            "metadata": {"name": name, "namespace": ns, "uid": uid(ns + name), "creationTimestamp": T0, "generation": 1,
                         "annotations": {"tkg.tanzu.vmware.com/tanzu-package-ClusterBootstrap": "default/" + name.split("-")[0]}},
            "spec": {"packageRef": {"refName": ref, "versionSelection": {"constraints": version}},
                     "serviceAccountName": "tanzu-" + name + "-sa", "syncPeriod": "10m0s"},
            "status": status}


def packages(cluster, prefix):
    names = [("antrea", "antrea.tanzu.vmware.com", "1.9.0+vmware.2-tkg.1-advanced"),
             ("vsphere-cpi", "vsphere-cpi.tanzu.vmware.com", "1.25.1+vmware.2-tkg.1"),
             ("vsphere-csi", "vsphere-csi.tanzu.vmware.com", "2.7.1+vmware.2-tkg.1"),
             ("metrics-server", "metrics-server.tanzu.vmware.com", "0.6.2+vmware.1-tkg.1"),
             ("secretgen-controller", "secretgen-controller.tanzu.vmware.com", "0.11.2+vmware.1-tkg.1"),
             ("capabilities", "capabilities.tanzu.vmware.com", "0.29.0+vmware.1")]
    return [package_install("tkg-system", "%s-%s" % (prefix, n), r, v) for n, r, v in names]


def capi(cluster, ns, cp_machines, md_machines, cp_ready=True, mgmt=False, vm_hosts=None):
    cl = lambda kind, api, name, labels, conds, extra=None: {
        "apiVersion": api, "kind": kind,
        "metadata": {"name": name, "namespace": ns, "uid": uid(ns + name), "creationTimestamp": T0,
                     "labels": {"cluster.x-k8s.io/cluster-name": cluster, **labels}},
        **(extra or {}),
        "status": {"conditions": conds}}
    ok = lambda *types: [{"type": t, "status": "True", "lastTransitionTime": T0} for t in types]
    cluster_labels = {"run.tanzu.vmware.com/tkr": TKR, "tkg.tanzu.vmware.com/cluster-name": cluster,
                      "cluster.x-k8s.io/cluster-name": cluster}
    if mgmt:
        cluster_labels["cluster-role.tkg.tanzu.vmware.com/management"] = ""
    out = [{"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster",
            "metadata": {"name": cluster, "namespace": ns, "uid": uid(ns + cluster), "creationTimestamp": T0, "labels": cluster_labels,
                         "annotations": {"TKGOperationInfo": "{\"Operation\":\"Create\",\"OperationStartTimestamp\":\"2024-05-02 09:40:00 +0000 UTC\",\"OperationTimeout\":1800}"}},
            "spec": {"topology": {"class": "tkg-vsphere-default-v1.0.0", "version": K8S,
                                  "controlPlane": {"replicas": len(cp_machines)},
                                  "workers": {"machineDeployments": [{"class": "tkg-worker", "name": "md-0", "replicas": len(md_machines)}]}}},
            "status": {"phase": "Provisioned", "controlPlaneReady": True, "infrastructureReady": True,
                       "conditions": ok("Ready", "ControlPlaneInitialized", "ControlPlaneReady", "InfrastructureReady", "TopologyReconciled")}}]
    kcp = "%s-%s" % (cluster, h(cluster + "kcp", 5))
    out.append(cl("KubeadmControlPlane", "controlplane.cluster.x-k8s.io/v1beta1", kcp, {"cluster.x-k8s.io/control-plane": ""},
                  ok("Ready", "Available", "CertificatesAvailable", "MachinesCreated", "MachinesReady", "Resized"),
                  {"spec": {"replicas": len(cp_machines), "version": K8S}}))
    md = "%s-md-0-%s" % (cluster, h(cluster + "md", 5))
    out.append(cl("MachineDeployment", "cluster.x-k8s.io/v1beta1", md, {"topology.cluster.x-k8s.io/deployment-name": "md-0"},
                  ok("Ready", "Available"), {"spec": {"replicas": len(md_machines), "clusterName": cluster}}))
    for i, m in enumerate(cp_machines):
        ready = cp_ready or i > 0
        conds = ok("Ready", "BootstrapReady", "InfrastructureReady", "NodeHealthy") if ready else [
            {"type": "Ready", "status": "False", "severity": "Warning", "reason": "NodeConditionsFailed", "lastTransitionTime": T0},
            {"type": "NodeHealthy", "status": "False", "severity": "Warning", "reason": "NodeConditionsFailed", "lastTransitionTime": T0}]
        out.append(cl("Machine", "cluster.x-k8s.io/v1beta1", m, {"cluster.x-k8s.io/control-plane": "", "cluster.x-k8s.io/control-plane-name": kcp},
                      conds, {"spec": {"clusterName": cluster, "version": K8S}}))
    for m in md_machines:
        out.append(cl("Machine", "cluster.x-k8s.io/v1beta1", m, {"cluster.x-k8s.io/deployment-name": md},
                      ok("Ready", "BootstrapReady", "InfrastructureReady", "NodeHealthy"), {"spec": {"clusterName": cluster, "version": K8S}}))
    for i, m in enumerate(cp_machines + md_machines):
        labels = {"cluster.x-k8s.io/control-plane": ""} if m in cp_machines else {"cluster.x-k8s.io/deployment-name": md}
        host = (vm_hosts or {}).get(m, "esx-%02d.lab.example" % (i + 1))
        out.append({"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1", "kind": "VSphereVM",
                    "metadata": {"name": m, "namespace": ns, "uid": uid("vm" + m), "creationTimestamp": T0,
                                 "labels": {"cluster.x-k8s.io/cluster-name": cluster, **labels}},
                    "spec": {"server": "vcenter.lab.example", "datacenter": "/dc0", "numCPUs": 2, "memoryMiB": 4096},
                    "status": {"ready": True, "host": host, "moduleUUID": uid("module" + cluster + str(m in cp_machines)),
                               "conditions": ok("Ready", "VMProvisioned")}})
    return out


def events(ns_objects):
    out = []
    for ns, kind, name, reason, typ, msg, count in ns_objects:
        out.append({"apiVersion": "v1", "kind": "Event",
                    "metadata": {"name": "%s.%s" % (name, h(name + reason, 16)), "namespace": ns, "creationTimestamp": T0},
                    "involvedObject": {"kind": kind, "name": name, "namespace": ns, "apiVersion": "v1"},
                    "reason": reason, "message": msg, "type": typ, "count": count,
                    "firstTimestamp": T0, "lastTimestamp": "2024-05-02T11:55:00Z", "source": {"component": "kubelet"}})
    return out


def deployments(pods):
    seen = {}
    for p in pods:
        o = p["metadata"]["ownerReferences"][0]
        if o["kind"] == "ReplicaSet":
            name = o["name"].rsplit("-", 1)[0]
            key = (p["metadata"]["namespace"], name)
            seen[key] = seen.get(key, 0) + 1
    return [{"apiVersion": "apps/v1", "kind": "Deployment",
             "metadata": {"name": n, "namespace": ns, "uid": uid(ns + n), "creationTimestamp": T0, "generation": 1},
             "spec": {"replicas": c, "selector": {"matchLabels": {"app": n}}},
             "status": {"replicas": c, "readyReplicas": c, "availableReplicas": c, "updatedReplicas": c, "observedGeneration": 1,
                        "conditions": [{"type": "Available", "status": "True", "reason": "MinimumReplicasAvailable"}]}}
            for (ns, n), c in sorted(seen.items())]


def lst(kind, api, items):
    return {"apiVersion": api, "kind": kind + "List", "metadata": {"resourceVersion": "123456"}, "items": items}


def write_snapshot(path, context, objects, captured, errors=()):
    if os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(path)
    groups = {}
    for o in objects:
        groups.setdefault((o["apiVersion"], o["kind"]), []).append(o)
    plural = {"Node": "nodes", "Pod": "pods", "ConfigMap": "configmaps", "Event": "events", "Deployment": "deployments",
              "PackageInstall": "packageinstalls", "Cluster": "clusters", "KubeadmControlPlane": "kubeadmcontrolplanes",
              "MachineDeployment": "machinedeployments", "Machine": "machines", "VSphereVM": "vspherevms"}
    for (api, kind), items in sorted(groups.items(), key=lambda kv: kv[0][1]):
        group = api.split("/")[0] if "/" in api else ""
        fname = plural[kind] + ("." + group if group and group != "apps" else "") + ".json"
        with open(os.path.join(path, fname), "w") as f:
            json.dump(lst(kind, api, sorted(items, key=lambda o: (o["metadata"].get("namespace", ""), o["metadata"]["name"]))), f, indent=2, sort_keys=True)
            f.write("\n")
    meta = {"formatVersion": 1, "capturedAt": "2024-05-02T12:00:00Z", "context": context, "serverVersion": K8S,
            "captured": captured, "errors": list(errors)}
    with open(os.path.join(path, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")


CAPTURED = [
    {"apiVersion": "v1", "kind": "Node"}, {"apiVersion": "v1", "kind": "Pod"}, {"apiVersion": "v1", "kind": "Event"},
    {"apiVersion": "v1", "kind": "ConfigMap"}, {"apiVersion": "apps/v1", "kind": "Deployment"},
    {"apiVersion": "packaging.carvel.dev/v1alpha1", "kind": "PackageInstall"},
    {"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Cluster"}, {"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "MachineDeployment"},
    {"apiVersion": "cluster.x-k8s.io/v1beta1", "kind": "Machine"},
    {"apiVersion": "controlplane.cluster.x-k8s.io/v1beta1", "kind": "KubeadmControlPlane"},
    {"apiVersion": "infrastructure.cluster.x-k8s.io/v1beta1", "kind": "VSphereVM"},
]
SECRET_ERROR = [{"apiVersion": "v1", "kind": "Secret", "reason": "forbidden", "message": "tkgqa does not capture Secrets"}]


def mgmt_cluster(cp_hosts=("esx-01.lab.example", "esx-02.lab.example", "esx-03.lab.example")):
    c = "tkg-mgmt"
    cps = ["tkg-mgmt-%s-%s" % (h("mcp", 5), h("mcp" + str(i), 5)) for i in range(3)]
    wks = ["tkg-mgmt-md-0-%s-%s" % (h("mmd", 5), h("mmd" + str(i), 5)) for i in range(1)]
    nodes = [node(c, n, True, cp_hosts[i]) for i, n in enumerate(cps)] + [node(c, n, False, "esx-04.lab.example") for n in wks]
    pods = workload_pods("management", cps, wks, c)
    objs = nodes + pods + configmaps(c, "management") + packages(c, c) + deployments(pods)
    objs += capi(c, "tkg-system", cps, wks, mgmt=True, vm_hosts={m: cp_hosts[i] for i, m in enumerate(cps)})
    return objs


def wl_objects_on_mgmt(wl="tkg-wl1", pi_state="ReconcileSucceeded"):
    cps = ["%s-%s-%s" % (wl, h("wcp", 5), h("wcp0", 5))]
    wks = ["%s-md-0-%s-%s" % (wl, h("wmd", 5), h("wmd" + str(i), 5)) for i in range(2)]
    objs = capi(wl, "default", cps, wks)
    objs.append(package_install("default", wl + "-kapp-controller", "kapp-controller.tanzu.vmware.com", "0.41.7+vmware.1-tkg.1", pi_state))
    return objs, cps, wks


def wl_cluster(mutate=None, extra_workloads=()):
    wl = "tkg-wl1"
    _, cps, wks = wl_objects_on_mgmt(wl)
    nodes = [node(wl, n, True, "esx-01.lab.example") for n in cps] + [node(wl, n, False, "esx-0%d.lab.example" % (i + 2)) for i, n in enumerate(wks)]
    pods = workload_pods("workload", cps, wks, wl, extra_workloads)
    objs = nodes + pods + configmaps(wl, "workload") + packages(wl, wl) + deployments(pods)
    objs += events([("kube-system", "Pod", pods[0]["metadata"]["name"], "Pulled", "Normal", "Container image already present on machine", 1)])
    if mutate:
        objs = mutate(objs)
    return objs


def spec(path, text):
    with open(path, "w") as f:
        f.write(text)


def main():
    # healthy management cluster (also holds tkg-wl1's CAPI objects and kapp-controller PackageInstall)
    d = os.path.join(ROOT, "healthy-mgmt")
    wl_on_mgmt, _, _ = wl_objects_on_mgmt()
    write_snapshot(os.path.join(d, "snapshot"), "tkg-mgmt-admin@tkg-mgmt", mgmt_cluster() + wl_on_mgmt, CAPTURED, SECRET_ERROR)

    # broken: two control-plane nodes (and VMs) on one ESXi host while a fourth host runs a worker
    d = os.path.join(ROOT, "broken-cp-same-host")
    write_snapshot(os.path.join(d, "snapshot"), "tkg-mgmt-admin@tkg-mgmt",
                   mgmt_cluster(("esx-01.lab.example", "esx-01.lab.example", "esx-03.lab.example")), CAPTURED, SECRET_ERROR)

    # healthy workload cluster
    write_snapshot(os.path.join(ROOT, "healthy-workload", "snapshot"), "tkg-wl1-admin@tkg-wl1", wl_cluster(), CAPTURED, SECRET_ERROR)

    # broken: a NotReady worker node
    def notready(objs):
        for o in objs:
            if o["kind"] == "Node" and "-md-0-" in o["metadata"]["name"] and o["metadata"]["name"].endswith(h("wmd1", 5)):
                o["status"]["conditions"][-1] = {"type": "Ready", "status": "Unknown", "reason": "NodeStatusUnknown",
                                                 "message": "Kubelet stopped posting node status.", "lastHeartbeatTime": "2024-05-02T11:40:00Z",
                                                 "lastTransitionTime": "2024-05-02T11:41:00Z"}
                o["spec"]["taints"] = [{"effect": "NoSchedule", "key": "node.kubernetes.io/unreachable"}]
        return objs
    write_snapshot(os.path.join(ROOT, "broken-node-notready", "snapshot"), "tkg-wl1-admin@tkg-wl1", wl_cluster(notready), CAPTURED, SECRET_ERROR)

    # broken: tkg-bom present but bom.yaml empty; versioned tkg-bom missing
    def empty_bom(objs):
        objs = [o for o in objs if not (o["kind"] == "ConfigMap" and o["metadata"]["name"] == "tkg-bom-v2.2.0")]
        for o in objs:
            if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "tkg-bom":
                o["data"]["bom.yaml"] = ""
        return objs
    write_snapshot(os.path.join(ROOT, "broken-tkg-bom", "snapshot"), "tkg-wl1-admin@tkg-wl1", wl_cluster(empty_bom), CAPTURED, SECRET_ERROR)

    # broken: vsphere-csi PackageInstall failed; antrea Reconciling after an earlier success (fine)
    def failed_pi(objs):
        for o in objs:
            if o["kind"] == "PackageInstall" and o["metadata"]["name"] == "tkg-wl1-vsphere-csi":
                o.update(package_install("tkg-system", "tkg-wl1-vsphere-csi", "vsphere-csi.tanzu.vmware.com", "2.7.1+vmware.2-tkg.1",
                                         "ReconcileFailed", "kapp: Error: waiting on reconcile deployment/vsphere-csi-controller (apps/v1) namespace: vmware-system-csi:\n"
                                         "  Finished unsuccessfully (Deployment is not progressing: ProgressDeadlineExceeded (message: ReplicaSet \"vsphere-csi-controller-7d9c8f7b5\" has timed out progressing.))"))
            if o["kind"] == "PackageInstall" and o["metadata"]["name"] == "tkg-wl1-antrea":
                o.update(package_install("tkg-system", "tkg-wl1-antrea", "antrea.tanzu.vmware.com", "1.9.0+vmware.2-tkg.1-advanced", "Reconciling"))
        return objs
    write_snapshot(os.path.join(ROOT, "broken-package-failed", "snapshot"), "tkg-wl1-admin@tkg-wl1", wl_cluster(failed_pi), CAPTURED, SECRET_ERROR)

    # broken: management-only pods on a workload cluster (capi fails, capv only warns)
    extra = [("capi-controller-manager", "capi-system", "Deployment", {"workload"}, 1),
             ("capv-controller-manager", "capv-system", "Deployment", {"workload"}, 1)]
    write_snapshot(os.path.join(ROOT, "broken-mgmt-pod-on-workload", "snapshot"), "tkg-wl1-admin@tkg-wl1",
                   wl_cluster(extra_workloads=extra), CAPTURED, SECRET_ERROR)

    # broken: antrea-agent in CrashLoopBackOff on one worker, with its BackOff warning events
    def crashloop(objs):
        victim = None
        for o in objs:
            if o["kind"] == "Pod" and o["metadata"]["name"].startswith("antrea-agent-") and "md-0" in o["spec"]["nodeName"]:
                victim = o
                break
        c = victim["status"]["containerStatuses"][0]
        c.update({"ready": False, "started": False, "restartCount": 17,
                  "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=antrea-agent"}},
                  "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "startedAt": "2024-05-02T11:50:00Z", "finishedAt": "2024-05-02T11:50:03Z"}}})
        for cond in victim["status"]["conditions"]:
            if cond["type"] in ("Ready", "ContainersReady"):
                cond.update({"status": "False", "reason": "ContainersNotReady", "message": "containers with unready status: [antrea-agent]"})
        return objs + events([("kube-system", "Pod", victim["metadata"]["name"], "BackOff", "Warning", "Back-off restarting failed container antrea-agent in pod " + victim["metadata"]["name"], 212),
                              ("kube-system", "Pod", victim["metadata"]["name"], "Unhealthy", "Warning", "Readiness probe failed: Get \"http://127.0.0.1:10350/readyz\": dial tcp connect: connection refused", 35)])
    write_snapshot(os.path.join(ROOT, "broken-crashloop", "snapshot"), "tkg-wl1-admin@tkg-wl1", wl_cluster(crashloop), CAPTURED, SECRET_ERROR)

    # kubectl cluster-info dump (stdout stream) of the healthy workload cluster: nodes, then per namespace
    # (kube-system, default) events, replication controllers, services, daemonsets, deployments, replicasets, pods,
    # then the logs of each pod's containers.
    objs = wl_cluster()
    d = os.path.join(ROOT, "cluster-info-dump")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "cluster-info.dump"), "w") as f:
        f.write(json.dumps(lst("Node", "v1", [o for o in objs if o["kind"] == "Node"]), indent=4, sort_keys=True) + "\n")
        for ns in ["kube-system", "default"]:
            pods = [o for o in objs if o["kind"] == "Pod" and o["metadata"]["namespace"] == ns]
            for kind, api, items in [("Event", "v1", [o for o in objs if o["kind"] == "Event" and o["metadata"]["namespace"] == ns]),
                                     ("ReplicationController", "v1", []), ("Service", "v1", []), ("DaemonSet", "apps/v1", []),
                                     ("Deployment", "apps/v1", [o for o in objs if o["kind"] == "Deployment" and o["metadata"]["namespace"] == ns]),
                                     ("ReplicaSet", "apps/v1", []), ("Pod", "v1", pods)]:
                f.write(json.dumps(lst(kind, api, items), indent=4, sort_keys=True) + "\n")
            for p in pods[:3]:
                c = p["spec"]["containers"][0]["name"]
                f.write("==== START logs for container %s of pod %s/%s ====\n" % (c, ns, p["metadata"]["name"]))
                f.write("I0502 10:05:01.000000       1 main.go:42] Starting %s\n{ \"not\": \"an object\"\n" % c)
                f.write("==== END logs for container %s of pod %s/%s ====\n" % (c, ns, p["metadata"]["name"]))


# --- reference design (issue 9): NSX ALB, Pinniped, cert-manager, user-managed packages, hygiene, versions

USER_PACKAGES = {
    # id: (namespace, [(workload, kind)], package refName, version)
    "cert-manager": ("cert-manager", [("cert-manager", "Deployment"), ("cert-manager-cainjector", "Deployment"), ("cert-manager-webhook", "Deployment")],
                     "cert-manager.tanzu.vmware.com", "1.10.2+vmware.1-tkg.1"),
    "contour": ("tanzu-system-ingress", [("contour", "Deployment"), ("envoy", "DaemonSet")], "contour.tanzu.vmware.com", "1.23.5+vmware.1-tkg.1"),
    "fluent-bit": ("tanzu-system-logging", [("fluent-bit", "DaemonSet")], "fluent-bit.tanzu.vmware.com", "2.0.11+vmware.1-tkg.1"),
    "prometheus": ("tanzu-system-monitoring", [("prometheus-server", "Deployment"), ("alertmanager", "Deployment"), ("prometheus-node-exporter", "DaemonSet")],
                   "prometheus.tanzu.vmware.com", "2.41.0+vmware.1-tkg.1"),
    "grafana": ("tanzu-system-dashboards", [("grafana", "Deployment")], "grafana.tanzu.vmware.com", "9.4.7+vmware.1-tkg.1"),
    "harbor": ("tanzu-system-registry", [("harbor-core", "Deployment"), ("harbor-portal", "Deployment"), ("harbor-registry", "Deployment")],
               "harbor.tanzu.vmware.com", "2.7.1+vmware.1-tkg.1"),
}


def user_package(pid):
    ns, _, ref, version = USER_PACKAGES[pid]
    o = package_install("tkg-packages", pid, ref, version)
    o["metadata"].pop("annotations", None)
    o["spec"]["serviceAccountName"] = pid + "-sa"
    return o


def with_packages(pids, role, cluster):
    """Workload tuples for workload_pods() and the PackageInstalls of user-managed packages."""
    extra = []
    for pid in pids:
        ns, workloads, _, _ = USER_PACKAGES[pid]
        for name, kind in workloads:
            extra.append((name, ns, kind, {role}, 1))
    return extra, [user_package(pid) for pid in pids]


def ako_pod(cluster, node_name):
    return pod("avi-system", "ako-0", "StatefulSet", "ako", node_name, "projects.registry.vmware.com/tkg/ako:v1.9.3_vmware.1")


def refdesign_mgmt(pinniped_info=True, apps=(), cni="antrea", wl_k8s=None):
    """The healthy management cluster with NSX ALB (ako), Pinniped (tanzu-auth, pinniped-info) and cert-manager."""
    objs = mgmt_cluster()
    wl_on_mgmt, _, _ = wl_objects_on_mgmt()
    if wl_k8s:
        for o in wl_on_mgmt:
            if o["kind"] == "Cluster":
                o["spec"]["topology"]["version"] = wl_k8s[0]
                o["metadata"]["labels"]["run.tanzu.vmware.com/tkr"] = wl_k8s[1]
    objs += wl_on_mgmt
    cp = next(o["metadata"]["name"] for o in objs if o["kind"] == "Node")
    objs.append(ako_pod("tkg-mgmt", cp))
    if pinniped_info:
        objs.append(cm("kube-public", "pinniped-info", {"cluster_name": "tkg-mgmt", "issuer": "https://10.180.20.5:31234",
                                                        "issuer_ca_bundle_data": "LS0tLS1CRUdJTi...redacted"}))
    if apps:
        nodes = [o["metadata"]["name"] for o in objs if o["kind"] == "Node"]
        extra_pods = workload_pods("management", nodes[:1], nodes[3:], "tkg-mgmt", apps)
        names = {a[0] for a in apps}
        new = [p for p in extra_pods if p["metadata"]["ownerReferences"][0]["name"].rsplit("-", 1)[0] in names]
        objs += new + [d for d in deployments(new)]
    if cni == "calico":
        out = []
        for o in objs:
            if o["kind"] == "Pod" and o["metadata"]["name"].startswith("antrea-"):
                continue
            if o["kind"] == "Deployment" and o["metadata"]["name"] == "antrea-controller":
                continue
            if o["kind"] == "PackageInstall" and o["metadata"]["name"] == "tkg-mgmt-antrea":
                o = package_install("tkg-system", "tkg-mgmt-calico", "calico.tanzu.vmware.com", "3.24.1+vmware.1-tkg.2")
            out.append(o)
        objs = out
        for n in [o["metadata"]["name"] for o in objs if o["kind"] == "Node"]:
            objs.append(pod("kube-system", "calico-node-" + h("calico" + n, 5), "DaemonSet", "calico-node", n,
                            "projects.registry.vmware.com/tkg/calico-all/calico-node:v3.24.1_vmware.1"))
    return objs


def refdesign_wl(pids=("cert-manager", "contour", "fluent-bit", "prometheus", "grafana"), k8s=None):
    """The healthy workload cluster with ako and user-managed packages (PackageInstalls and their pods)."""
    extra, pis = with_packages(pids, "workload", "tkg-wl1")
    objs = wl_cluster(extra_workloads=extra) + pis
    node_names = [o["metadata"]["name"] for o in objs if o["kind"] == "Node"]
    objs.append(ako_pod("tkg-wl1", node_names[-1]))
    if k8s:
        for o in objs:
            if o["kind"] == "Node":
                o["status"]["nodeInfo"]["kubeletVersion"] = k8s
                o["status"]["nodeInfo"]["kubeProxyVersion"] = k8s
    return objs


def refdesign_main():
    base = os.path.join(ROOT, "refdesign-healthy")
    write_snapshot(os.path.join(base, "mgmt"), "tkg-mgmt-admin@tkg-mgmt", refdesign_mgmt(), CAPTURED, SECRET_ERROR)
    write_snapshot(os.path.join(base, "wl1"), "tkg-wl1-admin@tkg-wl1", refdesign_wl(), CAPTURED, SECRET_ERROR)

    # broken: harbor installed on the workload cluster without contour (seed 004: contour is a prerequisite)
    write_snapshot(os.path.join(ROOT, "refdesign-harbor-without-contour", "snapshot"), "tkg-wl1-admin@tkg-wl1",
                   refdesign_wl(("cert-manager", "fluent-bit", "harbor")), CAPTURED, SECRET_ERROR)

    # broken: no kube-public/pinniped-info on the management cluster
    write_snapshot(os.path.join(ROOT, "refdesign-no-pinniped-info", "snapshot"), "tkg-mgmt-admin@tkg-mgmt",
                   refdesign_mgmt(pinniped_info=False), CAPTURED, SECRET_ERROR)

    # warn: an application Deployment (and its pods) on the management cluster
    write_snapshot(os.path.join(ROOT, "mgmt-app-workload", "snapshot"), "tkg-mgmt-admin@tkg-mgmt",
                   refdesign_mgmt(apps=[("shop-frontend", "shop", "Deployment", {"management"}, 2)]), CAPTURED, SECRET_ERROR)

    # fail: the management cluster runs Calico, not Antrea
    write_snapshot(os.path.join(ROOT, "mgmt-calico-cni", "snapshot"), "tkg-mgmt-admin@tkg-mgmt",
                   refdesign_mgmt(cni="calico"), CAPTURED, SECRET_ERROR)

    # version skew: tkg-wl1 left on Kubernetes 1.23 while the management cluster runs 1.25
    base = os.path.join(ROOT, "version-skew")
    write_snapshot(os.path.join(base, "mgmt"), "tkg-mgmt-admin@tkg-mgmt",
                   refdesign_mgmt(wl_k8s=("v1.23.17+vmware.1", "v1.23.17---vmware.1-tkg.1")), CAPTURED, SECRET_ERROR)
    write_snapshot(os.path.join(base, "wl1"), "tkg-wl1-admin@tkg-wl1", refdesign_wl(k8s="v1.23.17+vmware.1"), CAPTURED, SECRET_ERROR)


if __name__ == "__main__":
    main()
    refdesign_main()
