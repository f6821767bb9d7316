import Testing
@testable import Verify

/// The shipped reference design loads, names what the issue asks for, and bad data names its line.
struct ReferenceDesignTests {
    @Test func embeddedDesignLoads() throws {
        let design = try ReferenceDesign.embedded()
        #expect(design.profiles.map(\.id) == ["vsphere-nsx-alb", "docker-dev"])
        for id in ["ako", "pinniped", "pinniped-info", "cert-manager", "contour", "external-dns", "fluent-bit", "prometheus", "grafana", "harbor", "multus"] {
            #expect(design.component(id) != nil, "\(id)")
        }
        #expect(design.cnis.map(\.id) == ["antrea", "calico"])
        let rule = try #require(design.rules.first)
        #expect(Set(rule.ifAny) == ["harbor", "prometheus", "grafana"] && rule.require == "contour")
        let nsx = try #require(design.profile("vsphere-nsx-alb"))
        #expect(nsx.levels[.management]?.first { $0.component == "pinniped-info" }?.level == .required)
        #expect(design.component("ako")?.when == .feature("nsx-alb"))
    }

    @Test(arguments: [
        ("components:\n  - { id: a, doc: x }\n", "<t>:2:5", "component needs workloads, packages, namespaces or configMaps"),
        ("components:\n  - { id: a, doc: x, packages: [p] }\nprofiles:\n  p: { doc: y, workload: { b: required } }\n", "<t>:4:28",
         "profile p: unknown component \"b\""),
        ("components:\n  - { id: a, doc: x, packages: [p] }\nprofiles:\n  p: { doc: y, workload: { a: must } }\n", "<t>:4:31",
         "profile p: a has level \"must\""),
        ("components:\n  - { id: a, doc: x, packages: [p] }\nrules:\n  - { id: r, if: [a], require: c }\n", "<t>:4:32",
         "rule: unknown component \"c\""),
    ])
    func badDataNamesTheLine(_ text: String, _ location: String, _ message: String) {
        #expect {
            _ = try ReferenceDesign.load(text, path: "<t>")
        } throws: { error in
            let e = error as! VerifyError
            return e.description.contains(location) && e.description.contains(message)
        }
    }

    @Test func unknownProfileInASpecListsTheProfiles() {
        #expect {
            var f = try SpecFields.parse(check: "reference-design", yaml: "{ profile: vsphere }")
            _ = try ReferenceDesignCheck(spec: &f)
        } throws: { error in
            (error as! VerifyError).description.contains("vsphere-nsx-alb")
        }
    }
}
