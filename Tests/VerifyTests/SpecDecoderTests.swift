import Testing
@testable import Verify

struct SpecDecoderTests {
    static let spec = """
    clusters:
      mgmt: { snapshot: ./mgmt, role: management, provider: vsphere }
      wl1:  { snapshot: ./wl1, managedBy: mgmt, name: tkg-wl1 }
    defaults: { within: 5m, every: 10s }
    verify:
      - node-count:    { on: mgmt, role: control-plane, equals: 3 }
      - nodes-ready:   { on: [mgmt, wl1], role: worker, for: 2m }
      - anti-affinity: { on: mgmt, nodes: { role: control-plane }, spreadBy: node.cluster.x-k8s.io/esxi-host }
      - tkg-bom:       { on: mgmt }
      - pods:          { on: wl1, includes: [kapp-controller], excludes: [capi-controller-manager] }
      - pods-healthy:  { on: [mgmt, wl1], maxRestarts: 5, severity: warn }
      - capi-ready:    { on: wl1 }
      - packages-reconciled: { on: [mgmt, wl1], within: 15m }
      - phase-duration: { log: ./logs/wl1-create.log, phase: control-plane, under: 10m }
      - warning-events: { on: wl1, skip: flaky on this testbed }
    """

    @Test func yamlDecodesIntoTheBuilderValue() throws {
        let decoded = try SpecDecoder.decode(Self.spec, path: "t.verify.yaml")
        let built = VerifySuite(
            clusters: [.snapshot("mgmt", "./mgmt", role: .management, provider: "vsphere"),
                       .snapshot("wl1", "./wl1", managedBy: "mgmt", clusterName: "tkg-wl1")],
            defaults: .within(.minutes(5), every: .seconds(10))
        ) {
            On("mgmt") {
                Nodes(role: .controlPlane).count(.equals(3))
            }
            On("mgmt", "wl1") { Nodes(role: .worker).allReady().holding(for: .minutes(2)) }
            On("mgmt") {
                AntiAffinityCheck(.nodes(.controlPlane), spreadBy: .label(TopologyKey.esxiHostLabel))
                TKGBomCheck()
            }
            On("wl1") { PodsCheck(includes: ["kapp-controller"], excludes: ["capi-controller-manager"]) }
            On("mgmt", "wl1") { PodsHealthyCheck(maxRestarts: 5).severity(.warn) }
            On("wl1") { CAPIReadyCheck() }
            On("mgmt", "wl1") { PackagesReconciledCheck().within(.minutes(15)) }
            PhaseDurationCheck(log: "./logs/wl1-create.log", phase: "control-plane", under: .minutes(10))
            On("wl1") { WarningEventsCheck().skipped("flaky on this testbed") }
        }
        #expect(decoded == built)
        #expect(decoded.entries.count == 10)
    }

    @Test func aDifferentValueIsNotEqual() throws {
        let decoded = try SpecDecoder.decode("verify:\n  - node-count: { equals: 3 }\n", path: "t.yaml")
        #expect(decoded == VerifySuite { Nodes().count(.equals(3)) })
        #expect(decoded != VerifySuite { Nodes().count(.equals(2)) })
        #expect(decoded != VerifySuite { Nodes(role: .controlPlane).count(.equals(3)) })
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var location: String
        var fragments: [String]
        var testDescription: String { name }
    }

    static let errors: [ErrorCase] = [
        ErrorCase(name: "unknown check", yaml: "verify:\n  - node-cout: { equals: 3 }\n", location: "s.yaml:2:5",
                  fragments: ["unknown check \"node-cout\"", "did you mean node-count?", "allowed: anti-affinity, capi-ready"]),
        ErrorCase(name: "wrong type", yaml: "verify:\n  - node-count: { equals: three }\n", location: "s.yaml:2:27",
                  fragments: ["equals must be a whole number", "\"three\""]),
        ErrorCase(name: "bad duration", yaml: "verify:\n  - nodes-ready: { within: 5 minutes }\n", location: "s.yaml:2:28",
                  fragments: ["bad duration \"5 minutes\"", "s, m or h"]),
        ErrorCase(name: "unknown cluster", yaml: "clusters:\n  mgmt: { snapshot: ./m }\nverify:\n  - tkg-bom: { on: mgnt }\n", location: "s.yaml:4:20",
                  fragments: ["unknown cluster \"mgnt\"", "did you mean mgmt?", "allowed: mgmt"]),
        ErrorCase(name: "unknown key", yaml: "verify:\n  - node-count: { equal: 3 }\n", location: "s.yaml:2:19",
                  fragments: ["unknown key \"equal\" for node-count", "did you mean equals?"]),
        ErrorCase(name: "bad enum value", yaml: "verify:\n  - node-count: { role: controlplane, equals: 1 }\n", location: "s.yaml:2:25",
                  fragments: ["role is \"controlplane\"", "allowed: control-plane, worker, all"]),
    ]

    @Test(arguments: errors)
    func specErrorsNameFileLineColumnAndAllowedValues(_ c: ErrorCase) {
        do {
            _ = try SpecDecoder.decode(c.yaml, path: "s.yaml")
            Issue.record("expected an error")
        } catch {
            let text = error.description
            #expect(text.hasPrefix(c.location + ": "), "\(text)")
            for fragment in c.fragments { #expect(text.contains(fragment), "\(text) lacks \(fragment)") }
        }
    }
}
