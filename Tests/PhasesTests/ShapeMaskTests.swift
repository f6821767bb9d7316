import Testing
@testable import Phases

struct ShapeMaskTests {
    @Test(arguments: [
        ("cluster state is unchanged 12", "cluster state is unchanged #"),
        ("waited 10.5s for pod 'wl-1-abc12' to start", "waited #s for pod '…' to start"),
        (#"Machine "wl-1-cp-x7k2p" is provisioning"#, #"Machine "…" is provisioning"#),
        ("image sha 3fa2b9c0 pulled", "image sha # pulled"),
        ("at 20:09:55.303 and 192.168.1.10", "at # and #"),
        ("no numbers here", "no numbers here"),
        ("", ""),
    ])
    func mask(_ text: String, _ expected: String) {
        #expect(ShapeMask.mask(text) == expected)
    }

    @Test func repeatsShareAShape() {
        #expect(ShapeMask.mask("retry 3 of 10 for 'a'") == ShapeMask.mask("retry 4 of 10 for 'bbb'"))
    }

    @Test(arguments: [
        ("Ready=1 Replicas=3", "Ready=# Replicas=#"),
        ("control plane replicas: Ready=12, Replicas=3", "control plane replicas: Ready=#, Replicas=#"),
        ("node tkg-wl-1-md-0 ScalingUp", "node tkg-wl-1-md-0 ScalingUp"),
    ])
    func maskAssignedNumbers(_ text: String, _ expected: String) {
        #expect(ShapeMask.maskAssignedNumbers(text) == expected)
    }

    @Test
    func assignedNamesStayAsTheyAre() {
        // Only numbers after `=` are masked; a name after `=` is the state and stays readable.
        #expect(ShapeMask.maskAssignedNumbers("MachineDeployment=wl-1-md-0 Ready=2") == "MachineDeployment=wl-1-md-0 Ready=#")
    }
}
