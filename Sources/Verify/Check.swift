import ClusterState
import LogModel

/// A named check of the verify library (`node-count`, `pods`, …): one small type per file, with its
/// YAML decoding, its expansion into core assertions and its own passing and failing examples.
///
/// Adding a check is one file plus one line in `CheckRegistry.all`.
public protocol Check: Sendable, Hashable {
    /// The kebab-case id used in specs and reports.
    static var id: String { get }
    /// One line for `--list-checks`.
    static var summary: String { get }
    /// Passing and failing examples, run by one generic test.
    static var examples: [CheckExample] { get }
    /// Whether the check reads a cluster (`phase-duration` reads a log instead).
    static var readsCluster: Bool { get }

    /// Decodes the check's parameters from a spec (the common keys `on`, `within`, … are removed).
    init(spec: inout SpecFields) throws(VerifyError)

    /// The core assertions this check stands for on a cluster with these facts.
    func expand(_ facts: ClusterFacts) -> [Assertion]

    /// Runs the check. The default evaluates `expand(context.facts)`.
    func evaluate(in context: CheckContext) async -> Evaluation

    /// Lines for `--explain`. The default prints the assertions.
    func explain(_ facts: ClusterFacts) -> [String]
}

extension Check {
    public static var readsCluster: Bool { true }

    public func evaluate(in context: CheckContext) async -> Evaluation {
        await context.evaluate(expand(context.facts))
    }

    public func explain(_ facts: ClusterFacts) -> [String] {
        expand(facts).map(\.description)
    }

    /// The id of this check's type.
    public var id: String { Self.id }

    /// Type-erased equality, for `AnyCheck`.
    func isEqual(to other: any Check) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// A check of any type, comparable and hashable, as suites hold them.
public struct AnyCheck: Sendable, Hashable, CustomStringConvertible {
    public let base: any Check

    public init(_ base: any Check) { self.base = base }

    public var id: String { type(of: base).id }

    public static func == (a: AnyCheck, b: AnyCheck) -> Bool { a.base.isEqual(to: b.base) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(base)
    }

    public var description: String { "\(base)" }
}
