import ClusterState
import LogModel

/// Everything a check sees while it runs on one cluster: the facts, the cluster's source, its
/// management cluster's source, the phase timing provider and the spec's folder (for relative paths).
public struct CheckContext: Sendable {
    public var facts: ClusterFacts
    /// `nil` for checks that read no cluster (`phase-duration`).
    public var source: (any ClusterSource)?
    /// The `managedBy` cluster's source, when the cluster has one.
    public var management: (any ClusterSource)?
    public var phaseTimings: (any PhaseTimingProvider)?
    /// The folder of the spec file; relative paths in checks resolve against it.
    public var specDirectory: String

    public init(facts: ClusterFacts, source: (any ClusterSource)?, management: (any ClusterSource)? = nil,
                phaseTimings: (any PhaseTimingProvider)? = nil, specDirectory: String = ".") {
        self.facts = facts
        self.source = source
        self.management = management
        self.phaseTimings = phaseTimings
        self.specDirectory = specDirectory
    }

    /// The source an assertion reads.
    public func source(for target: Assertion.Target) -> (any ClusterSource)? {
        switch target {
        case .cluster: return source
        case .management: return facts.managedBy == nil ? source : management
        }
    }

    /// A path from the spec, resolved against the spec's folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (specDirectory == "." ? path : specDirectory + "/" + path)
    }

    /// Evaluates assertions and folds them into one evaluation.
    public func evaluate(_ assertions: [Assertion]) async -> Evaluation {
        var results: [AssertionResult] = []
        for assertion in assertions { results.append(await evaluate(assertion)) }
        return Evaluation(combining: results)
    }
}
