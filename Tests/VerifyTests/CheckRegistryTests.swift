import LogModel
import Testing
@testable import Verify

struct CheckRegistryTests {
    @Test func idsAreSortedUniqueAndKebabCase() {
        let ids = CheckRegistry.ids
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        for id in ids { #expect(id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(id)") }
    }

    @Test(arguments: CheckRegistry.ids)
    func everyCheckHasPassingAndFailingExamples(_ id: String) {
        let type = CheckRegistry.named(id)!
        let outcomes = Set(type.examples.map(\.expected))
        #expect(outcomes.contains(.pass), "\(id) has no passing example")
        #expect(outcomes.contains(.fail) || outcomes.contains(.warn), "\(id) has no failing example")
        #expect(!type.summary.isEmpty)
    }

    @Test func theIssueListOfChecksIsComplete() {
        #expect(CheckRegistry.ids == ["anti-affinity", "capi-ready", "kubernetes-version", "management-hygiene", "node-count",
                                      "nodes-ready", "packages-reconciled", "phase-duration", "pods", "pods-healthy", "proxy-config",
                                      "reference-design", "resource", "tkg-bom", "version-skew", "warning-events"])
    }
}
