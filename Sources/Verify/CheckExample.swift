import ClusterState
import LogModel

/// One example of a check: its parameters as spec YAML, the cluster objects (YAML documents), and
/// the outcome it must produce. The examples are the checks' tests (`CheckExamplesTests`).
public struct CheckExample: Sendable {
    public var name: String
    /// The check's parameters as a YAML flow or block mapping (`"{ role: control-plane, equals: 3 }"`).
    public var spec: String
    /// Objects of the cluster, as YAML documents separated by `---`.
    public var objects: String
    /// Objects of the management cluster, when the check reads it; setting it makes the cluster managed.
    public var management: String?
    /// Kinds the recording lacks.
    public var notCaptured: Set<ResourceKind>
    public var facts: ClusterFacts
    /// Phase timings for `phase-duration`.
    public var timings: [PhaseTiming]
    public var expected: CheckOutcome

    public init(_ name: String, spec: String, objects: String = "", management: String? = nil,
                notCaptured: Set<ResourceKind> = [], facts: ClusterFacts = ClusterFacts(name: "example"),
                timings: [PhaseTiming] = [], expect expected: CheckOutcome) {
        self.name = name
        self.spec = spec
        self.objects = objects
        self.management = management
        self.notCaptured = notCaptured
        self.facts = facts
        self.timings = timings
        self.expected = expected
    }
}
