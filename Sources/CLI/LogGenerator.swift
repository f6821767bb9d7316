import LogModel

/// Writes large, realistic TKG CLI audit logs for benchmarks: back-to-back `tanzu cluster create`
/// runs at `-v 9` (klog headers, multi-line patch JSON, `ScalingUp` polls with their `, retrying`
/// twins and `cluster state is unchanged N` counters, replica waits, package waits, V9 chatter that
/// no rule matches). Deterministic for a given seed.
struct LogGenerator {
    private var rng: SplitMix64
    private var clock: Int64  // microseconds, host local time
    private var run = 0
    /// Controller-log lines (no rule matches them) written after each CLI line, to model logs where
    /// the CLI's lines are a minority (a CI console that also dumps controller logs).
    var noisePerLine = 0

    init(seed: UInt64, start: Timestamp = Timestamp(year: 2023, month: 3, day: 2, hour: 8, minute: 0, second: 0, microsecond: 0)) {
        rng = SplitMix64(seed: seed)
        clock = start.microseconds
    }

    /// Appends lines to `out` until at least `bytes` have been produced.
    mutating func generate(bytes: Int64, into out: (String) -> Void) {
        var written: Int64 = 0
        while written < bytes {
            for line in nextRun() {
                out(line)
                written += Int64(line.utf8.count)
            }
        }
    }

    private mutating func advance(_ seconds: Double) {
        clock += Int64(seconds * 1_000_000) + Int64(rng.next() % 20_000)
    }

    private func header(_ level: Character, _ file: String) -> String {
        let c = Timestamp(microseconds: clock).civil
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var micros = String(c.microsecond)
        micros = String(repeating: "0", count: 6 - micros.count) + micros
        return "\(level)\(two(c.month))\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(micros) \(file)] "
    }

    /// A capv-controller-manager line with a PID column and logr key/values.
    private func noise(_ n: Int) -> String {
        let c = Timestamp(microseconds: clock).civil
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let kinds = ["vspherevm", "vspheremachine", "vspherecluster", "machine"]
        return "I\(two(c.month))\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(String(100_000 + c.microsecond % 900_000)) "
            + "      1 \(kinds[n % 4])_controller.go:\(170 + n)] \"msg\"=\"Reconciling \(kinds[n % 4])\" \"controller\"=\"\(kinds[n % 4])\" "
            + "\"name\"=\"wl-bench-\(run)-md-0-\(n)\" \"namespace\"=\"default\" \"reconcileID\"=\"\(UInt32(truncatingIfNeeded: clock &* 2_654_435_761))\"\n"
    }

    private mutating func nextRun() -> [String] {
        run += 1
        let name = "wl-bench-\(run)"
        var lines: [String] = []
        func add(_ level: Character = "I", _ file: String, _ message: String) {
            lines.append(header(level, file) + message + "\n")
            for n in 0..<noisePerLine { lines.append(noise(n)) }
        }
        add("I", "create_cluster.go:110", "Validating configuration...")
        advance(1.2)
        add("I", "cluster.go:189", "creating workload cluster '\(name)'...")
        advance(0.4)
        add("I", "clusterclient.go:1652", "patch cluster object with operation status: ")
        let start = Timestamp(microseconds: clock - 7_200_000_000).format(fractionDigits: 6).dropLast()
        lines.append("\t{\n\t\t\"metadata\": {\n\t\t\t\"annotations\": {\n")
        lines.append("\t\t\t\t\"TKGOperationInfo\" : \"{\\\"Operation\\\":\\\"Create\\\",\\\"OperationStartTimestamp\\\":\\\"\(start.replacingOccurrences(of: "T", with: " ")) +0000 UTC\\\",\\\"OperationTimeout\\\":1800}\",\n")
        lines.append("\t\t\t}\n\t\t}\n\t}\n")
        add("I", "cluster.go:201", "waiting for cluster to be initialized...")
        let reasons = ["WaitingForControlPlane", "ScalingUp", "WaitingForKubeadmInit"]
        for reason in reasons {
            add("I", "clusterclient.go:548", "cluster control plane is still being initialized: \(reason)")
            let polls = 4 + Int(rng.next() % 20)
            for n in 1...polls {
                add("I", "clusterclient.go:548", "cluster control plane is still being initialized: \(reason), retrying")
                advance(15)
                add("I", "clusterclient.go:530", "cluster state is unchanged \(n)")
                add("I", "clusterclient.go:1210", "getting package:kapp-controller.tanzu.vmware.com.0.41.5+vmware.1-tkg.1 in namespace:default")
            }
        }
        add("I", "clusterclient.go:560", "getting secret for cluster")
        add("I", "clusterclient.go:575", "waiting for resource \(name)-kubeconfig of type *v1.Secret to be up and running")
        add("I", "cluster.go:225", "waiting for cluster nodes to be available...")
        for ready in 0...1 {
            for _ in 0..<(2 + Int(rng.next() % 6)) {
                add("I", "poller.go:78", "worker nodes are still being created for MachineDeployment '\(name)-md-0', DesiredReplicas=2 Replicas=2 ReadyReplicas=\(ready) UpdatedReplicas=2, retrying")
                advance(10)
            }
        }
        add("I", "cluster.go:248", "waiting for addons core packages installation...")
        for pkg in ["kapp-controller", "antrea", "vsphere-csi", "vsphere-cpi"] {
            add("W", "clusterbootstrap.go:301", "waiting for package: '\(name)-\(pkg)'")
            for _ in 0..<Int(rng.next() % 4) {
                add("I", "poller.go:78", "waiting for '\(name)-\(pkg)' Package to be installed, retrying")
                advance(10)
            }
            add("I", "clusterbootstrap.go:320", "successfully reconciled package: '\(name)-\(pkg)' in namespace: 'tkg-system'")
        }
        add("I", "create_cluster.go:160", "")
        lines.append("Workload cluster '\(name)' created\n\n")
        advance(30)
        return lines
    }
}

/// A small deterministic random number generator (SplitMix64).
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
