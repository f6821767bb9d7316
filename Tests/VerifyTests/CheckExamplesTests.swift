import ClusterState
import LogModel
import Testing
@testable import Verify

/// A phase timing provider that answers from a fixed list.
struct FakePhaseTimings: PhaseTimingProvider {
    var timings: [PhaseTiming]
    func phases(ofLog path: String) throws -> [PhaseTiming] { timings }
}

/// Every example of every registered check, as one case.
struct ExampleCase: CustomTestStringConvertible, Sendable {
    var type: any Check.Type
    var example: CheckExample
    var testDescription: String { "\(type.id): \(example.name)" }

    static var all: [ExampleCase] {
        CheckRegistry.all.flatMap { type in type.examples.map { ExampleCase(type: type, example: $0) } }
    }
}

func objects(_ yaml: String) throws -> [KubeObject] {
    try YAMLObjects.parseAll(yaml).compactMap { KubeObject($0) }
}

/// The one generic test that runs the checks' own examples.
@Test(arguments: ExampleCase.all)
func checkExample(_ c: ExampleCase) async throws {
    var fields = try SpecFields.parse(check: c.type.id, yaml: c.example.spec)
    let check = try c.type.init(spec: &fields)
    try fields.finish()
    var facts = c.example.facts
    var management: InMemorySource?
    if let m = c.example.management {
        facts.managedBy = "mgmt"
        management = InMemorySource(objects: try objects(m), notCaptured: c.example.notCaptured)
    }
    let source = InMemorySource(objects: try objects(c.example.objects), notCaptured: c.example.notCaptured)
    let context = CheckContext(facts: facts, source: c.type.readsCluster ? source : nil, management: management,
                               phaseTimings: FakePhaseTimings(timings: c.example.timings))
    let evaluation = await check.evaluate(in: context)
    #expect(evaluation.outcome == c.example.expected, "\(evaluation.message) | \(evaluation.details)")
    #expect(!evaluation.message.isEmpty)
}
