#!/usr/bin/env python3
"""Generates a large recorded management cluster for measuring `tkgqa verify` (not a test).

    python3 scripts/gen-large-snapshot.py [OUT_DIR] [PODS]      # default bench-data/large, 5000 pods
    swift build -c release
    time .build/release/tkgqa verify bench-data/large/large.verify.yaml

The snapshot is the healthy management cluster of corpora/clusters plus 60 worker nodes and
application pods (Deployments with hash-suffixed ReplicaSets) up to PODS pods, with the same object
shapes as the corpora.
"""
import importlib.util, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("build", os.path.join(HERE, "..", "corpora", "clusters", "tools", "build.py"))
build = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build)

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "bench-data", "large")
target = int(sys.argv[2]) if len(sys.argv) > 2 else 5000

objs = build.mgmt_cluster()
workers = ["bench-md-%s-%s" % (build.h("bmd", 5), build.h("bmd%d" % i, 5)) for i in range(60)]
objs += [build.node("tkg-mgmt", n, False, "esx-%02d.lab.example" % (i % 16 + 5)) for i, n in enumerate(workers)]
pods = [o for o in objs if o["kind"] == "Pod"]
i = 0
while len(pods) < target:
    ns = "app-%02d" % (i % 40)
    rs = "shop-%d-%s" % (i, build.h("rs%d" % i, 9))
    for r in range(5):
        if len(pods) >= target:
            break
        p = build.pod(ns, "%s-%s" % (rs, build.h("p%d-%d" % (i, r), 5)), "ReplicaSet", rs, workers[(i + r) % len(workers)],
                      "registry.example/shop:1.%d" % i, restarts=r % 3, container="shop")
        objs.append(p)
        pods.append(p)
    i += 1
build.write_snapshot(os.path.join(out, "snapshot"), "bench", objs, build.CAPTURED, build.SECRET_ERROR)
with open(os.path.join(out, "large.verify.yaml"), "w") as f:
    f.write("""clusters:
  mgmt: { snapshot: ./snapshot, name: tkg-mgmt, role: management }
verify:
  - node-count:    { on: mgmt, role: control-plane, equals: 3 }
  - nodes-ready:   { on: mgmt }
  - anti-affinity: { on: mgmt, nodes: { role: control-plane }, spreadBy: esxi-host }
  - tkg-bom:       { on: mgmt }
  - pods:          { on: mgmt, role: management, exactly: true }
  - pods-healthy:  { on: mgmt, maxRestarts: 5 }
  - warning-events: { on: mgmt }
  - packages-reconciled: { on: mgmt }
  - kubernetes-version: { on: mgmt, equals: v1.25.7+vmware.2 }
  - capi-ready:    { on: mgmt }
  - resource:      { on: mgmt, kind: Pod, count: { atLeast: 5000 } }
""")
print("%s: %d pods, %d objects" % (out, len(pods), len(objs)))
