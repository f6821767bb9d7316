/// The result builder of `VerifySuite { ... }` and `On(...) { ... }`: checks and entries become
/// suite entries in order.
@resultBuilder
public enum SuiteBuilder {
    public static func buildExpression(_ check: some Check) -> [SuiteEntry] { [SuiteEntry(check)] }
    public static func buildExpression(_ entry: SuiteEntry) -> [SuiteEntry] { [entry] }
    public static func buildExpression(_ on: On) -> [SuiteEntry] { on.entries }
    public static func buildBlock(_ parts: [SuiteEntry]...) -> [SuiteEntry] { parts.flatMap { $0 } }
    public static func buildOptional(_ part: [SuiteEntry]?) -> [SuiteEntry] { part ?? [] }
    public static func buildEither(first: [SuiteEntry]) -> [SuiteEntry] { first }
    public static func buildEither(second: [SuiteEntry]) -> [SuiteEntry] { second }
    public static func buildArray(_ parts: [[SuiteEntry]]) -> [SuiteEntry] { parts.flatMap { $0 } }
}

/// Runs the checks inside on these clusters: `On("mgmt", "wl1") { NodesReady() }`.
public struct On: Sendable {
    public let entries: [SuiteEntry]

    public init(_ clusters: String..., @SuiteBuilder body: () -> [SuiteEntry]) {
        self.entries = body().map { entry in
            var entry = entry
            entry.clusters = clusters
            return entry
        }
    }
}
