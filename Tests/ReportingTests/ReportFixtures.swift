import LogModel

/// Hand-built timelines shaped like what `tkgqa analyze` finds in real TKG logs.
enum ReportFixtures {
    static let t0 = Timestamp(year: 2024, month: 5, day: 2, hour: 10, minute: 0, second: 0, microsecond: 0)

    static func at(_ seconds: Double) -> Timestamp { t0.adding(seconds: seconds) }
    static func line(_ n: Int, _ file: String = "tanzu-mc-create.log") -> SourceLocation { SourceLocation(file: file, line: n) }

    /// A phase from `start` to `end` seconds after `t0`, with evidence lines.
    static func phase(_ id: String, _ start: Double, _ end: Double, lines: (Int, Int), file: String = "tanzu-mc-create.log",
                      outcome: Outcome = .ok, reported: Double? = nil, phases: [Phase] = [], loops: [Loop] = [],
                      error: ErrorInfo? = nil, title: String? = nil, operation: String? = nil) -> Phase {
        Phase(id: id, title: title, outcome: outcome, start: at(start), end: at(end), durationSeconds: end - start,
              reportedSeconds: reported, evidence: Evidence(start: line(lines.0, file), end: line(lines.1, file)),
              error: error, phases: phases, loops: loops, operation: operation)
    }

    static func loop(_ state: String, _ start: Double, _ end: Double, count: Int, lines: (Int, Int), file: String = "tanzu-mc-create.log",
                     verdict: LoopVerdict = .ok, budget: Double? = 600, diagnosis: Diagnosis? = nil) -> Loop {
        Loop(id: "cluster-init", state: state, count: count, firstLine: line(lines.0, file), lastLine: line(lines.1, file),
             start: at(start), end: at(end), periodSeconds: count > 1 ? (end - start) / Double(count - 1) : nil,
             totalSeconds: end - start, verdict: verdict, stuckAfterSeconds: budget, diagnosis: diagnosis)
    }

    /// `tanzu management-cluster create` on vSphere that succeeded: providers installed in parallel,
    /// a slow control-plane loop, packages as sub-phases of addons.
    static var managementCreate: Operation {
        Operation(
            kind: "management-cluster-create", cluster: "mc-1", outcome: .ok, start: at(0), end: at(1080), durationSeconds: 1080,
            facts: ["provider": "vsphere", "plan": "prod", "kubernetesVersion": "v1.26.5+vmware.2", "cni": "antrea"],
            evidence: Evidence(start: line(1), end: line(2210)),
            phases: [
                phase("validate", 0, 20, lines: (3, 40)),
                phase("bootstrap-cluster", 20, 130, lines: (41, 160)),
                phase("providers", 130, 240, lines: (161, 420), phases: [
                    phase("cluster-api", 130, 185, lines: (170, 300), reported: 55.2),
                    phase("bootstrap-kubeadm", 130, 170, lines: (171, 260), reported: 40.1),
                    phase("control-plane-kubeadm", 131, 178, lines: (172, 280), reported: 46.9),
                    phase("infrastructure-vsphere", 131, 240, lines: (173, 419), reported: 109.9),
                ]),
                phase("control-plane", 240, 690, lines: (421, 1300), loops: [
                    loop("WaitingForKubeadmInit", 250, 420, count: 18, lines: (430, 700)),
                    loop("ScalingUp", 420, 688, count: 27, lines: (702, 1290), verdict: .slow, budget: 240,
                         diagnosis: Diagnosis(summary: "control plane machines came up slowly",
                                              causes: ["vCenter clone queue was busy"], checks: ["kubectl get machines -A"])),
                ]),
                phase("workers", 690, 780, lines: (1301, 1500)),
                phase("move-objects", 780, 960, lines: (1501, 1900)),
                phase("addons", 960, 1080, lines: (1901, 2200), phases: [
                    phase("kapp-controller", 960, 1000, lines: (1905, 1990)),
                    phase("antrea", 1000, 1050, lines: (1991, 2100)),
                    phase("vsphere-csi", 1010, 1078, lines: (2000, 2199)),
                ]),
            ])
    }

    /// `tanzu cluster create wl-1` that timed out with the workers stuck in ScalingUp; addons never ran.
    static var workloadCreateFailed: Operation {
        let f = "tanzu-wl-create.log"
        let error = ErrorInfo(message: "timed out waiting for cluster creation: cluster wl-1 is not ready: ScalingUp",
                              location: line(912, f), kind: "cluster-create-timeout")
        return Operation(
            kind: "workload-create", cluster: "wl-1", outcome: .failed, start: at(1200), end: at(3300), durationSeconds: 2100,
            facts: ["plan": "dev", "timeout": "30m0s"], error: error, evidence: Evidence(start: line(1, f), end: line(912, f)),
            phases: [
                phase("validate", 1200, 1215, lines: (2, 30), file: f),
                phase("control-plane", 1215, 1560, lines: (31, 300), file: f, loops: [
                    loop("WaitingForKubeadmInit", 1220, 1540, count: 33, lines: (40, 290), file: f),
                ]),
                phase("workers", 1560, 3300, lines: (301, 912), file: f, outcome: .failed, loops: [
                    loop("ScalingUp", 1570, 3290, count: 173, lines: (305, 905), file: f, verdict: .stuck, budget: 900,
                         diagnosis: Diagnosis(summary: "worker machines never became ready",
                                              causes: ["no free IP in the node network (DHCP)", "template VM missing"],
                                              checks: ["kubectl get machines -n default", "kubectl describe vspheremachine"],
                                              evidence: ["tanzu-wl-create.log:640 Machine wl-1-md-0-x provisioning"])),
                ], error: error),
                Phase(id: "addons", outcome: .skipped),
            ])
    }

    /// A timeline with the management cluster and the failing workload cluster.
    static var failedRun: Timeline {
        Timeline(inputs: ["tanzu-mc-create.log", "tanzu-wl-create.log"], operations: [managementCreate, workloadCreateFailed],
                 findings: [Finding(severity: .warning, code: "reported-duration-mismatch",
                                    message: "provider infrastructure-vsphere: the log reports 109.9s, the lines span 109s",
                                    location: line(419))])
    }

    /// A CI harness run whose steps ran the operations; their phases are nested in the steps too.
    static var harnessRun: Timeline {
        let h = "jenkins-console.log"
        var mc = managementCreate
        mc.parent = "harness-run/01-create-mc"
        var scale = Operation(kind: "workload-scale", cluster: "wl-2", outcome: .ok, start: at(1500), end: at(1500), durationSeconds: 45,
                              instant: true, parent: "harness-run/03-scale", evidence: Evidence(start: line(5010, h)))
        scale.facts = ["workers": "5"]
        let harness = Operation(
            kind: Operation.harnessKind, cluster: nil, outcome: .ok, start: at(-30), end: at(1600), durationSeconds: 1630,
            evidence: Evidence(start: line(1, h), end: line(5200, h)),
            phases: [
                phase("01-create-mc", -20, 1085, lines: (10, 4000), file: h, phases: managementCreate.phases,
                      title: "tanzu management-cluster create -f mc.yaml", operation: "management-cluster-create/mc-1"),
                phase("02-create-wl2", 1090, 1480, lines: (4001, 5000), file: h, phases: [
                    phase("control-plane", 1100, 1400, lines: (4010, 4800), file: h),
                    phase("workers", 1400, 1478, lines: (4801, 4999), file: h),
                ], title: "tanzu cluster create wl-2", operation: "workload-create/wl-2"),
                phase("03-scale", 1480, 1525, lines: (5001, 5100), file: h, title: "tanzu cluster scale wl-2 -w 5",
                      operation: "workload-scale/wl-2"),
            ])
        return Timeline(inputs: [h], operations: [harness, mc, scale])
    }

    /// Console output with no clock: the same phases, no times.
    static var untimed: Timeline {
        func strip(_ p: Phase) -> Phase {
            var p = p
            p.start = nil
            p.end = nil
            p.durationSeconds = nil
            p.phases = p.phases.map(strip)
            p.loops = p.loops.map { var l = $0; l.start = nil; l.end = nil; l.periodSeconds = nil; l.totalSeconds = nil; return l }
            return p
        }
        var op = workloadCreateFailed
        op.start = nil
        op.end = nil
        op.durationSeconds = nil
        op.phases = op.phases.map(strip)
        return Timeline(inputs: ["-"], operations: [op])
    }

    /// Text an attacker (or an unlucky log) could put in every field.
    static let hostile = "</script><script>alert('x')</script><img src=x onerror=\"alert(1)\"> & ]]> \u{1b}[31mred\u{1b}[0m \u{2028}\\ \"q\"\nnext"

    /// Every string field set to hostile text.
    static var hostileRun: Timeline {
        let loc = SourceLocation(file: "<b>" + hostile, line: 7)
        let error = ErrorInfo(message: hostile, location: loc, kind: hostile)
        let l = Loop(id: hostile, state: hostile, count: 3, firstLine: loc, lastLine: loc, start: at(10), end: at(20),
                     periodSeconds: 5, totalSeconds: 10, verdict: .stuck, stuckAfterSeconds: 5,
                     diagnosis: Diagnosis(summary: hostile, causes: [hostile], checks: [hostile], evidence: [hostile]))
        let p = Phase(id: hostile, title: hostile, outcome: .failed, start: at(0), end: at(30), durationSeconds: 30,
                      evidence: Evidence(start: loc, end: loc), error: error, loops: [l], operation: hostile)
        let op = Operation(kind: hostile, cluster: hostile, outcome: .failed, start: at(0), end: at(30), durationSeconds: 30,
                           facts: [hostile: hostile], error: error, parent: hostile, evidence: Evidence(start: loc), phases: [p])
        return Timeline(inputs: [hostile], operations: [op], unknownLoops: [UnknownLoop(shape: hostile, count: 9, firstLine: loc,
                        lastLine: loc, start: nil, end: nil)], findings: [Finding(severity: .error, code: hostile, message: hostile, location: loc)])
    }

    /// A big run: `operations` operations of 50 top phases with 3 sub-phases each (200 phases per
    /// operation), every leaf with a loop run; 50 operations give 10,000 phases and 7,500 loop runs.
    static func big(operations: Int = 50) -> Timeline {
        var ops: [Operation] = []
        var lineNo = 1
        for o in 0..<operations {
            let base = Double(o) * 3600
            var phases: [Phase] = []
            for i in 0..<50 {
                let s = base + Double(i) * 60
                var subs: [Phase] = []
                for j in 0..<3 {
                    let ss = s + Double(j) * 20
                    let stuck = o % 10 == 9 && i == 49 && j == 2
                    subs.append(phase("package-\(j)", ss, ss + 19, lines: (lineNo, lineNo + 40), file: "big.log",
                                      outcome: stuck ? .failed : .ok,
                                      loops: [loop(stuck ? "Reconciling" : "ScalingUp", ss + 1, ss + 18, count: 9, lines: (lineNo + 1, lineNo + 39),
                                                   file: "big.log", verdict: stuck ? .stuck : .ok, budget: 300)],
                                      error: stuck ? ErrorInfo(message: "reconcile failed: timed out", location: line(lineNo + 40, "big.log"),
                                                               kind: "package-reconcile-failed") : nil))
                    lineNo += 41
                }
                phases.append(phase("step-\(i)", s, s + 60, lines: (lineNo, lineNo + 130), file: "big.log", phases: subs))
                lineNo += 1
            }
            let failed = o % 10 == 9
            ops.append(Operation(kind: "workload-create", cluster: "wl-\(o)", outcome: failed ? .failed : .ok, start: at(base),
                                 end: at(base + 3000), durationSeconds: 3000, phases: phases))
        }
        return Timeline(inputs: ["big.log"], operations: ops)
    }

    /// Every phase of a timeline with its operation, depth first.
    static func allPhases(_ t: Timeline) -> [(Operation, String, Phase)] {
        var out: [(Operation, String, Phase)] = []
        func walk(_ op: Operation, _ ps: [Phase], _ prefix: String) {
            for p in ps {
                let path = prefix.isEmpty ? p.id : prefix + "/" + p.id
                out.append((op, path, p))
                walk(op, p.phases, path)
            }
        }
        for op in t.operations { walk(op, op.phases, "") }
        return out
    }
}
