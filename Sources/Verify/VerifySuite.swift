import Patterns

/// A verify spec: the clusters, default time mode and the checks, in order. `*.verify.yaml` decodes
/// into exactly this value, and the result-builder API builds the same value:
///
/// ```swift
/// VerifySuite(clusters: [.snapshot("mgmt", "./mgmt")]) {
///     On("mgmt") { Nodes(role: .controlPlane).count(.equals(3)) }
/// }
/// ```
public struct VerifySuite: Sendable, Hashable {
    public var clusters: [ClusterRef]
    /// The time mode of checks that set none (`defaults: { within: 5m, every: 10s }`).
    public var defaults: TimeMode?
    public var entries: [SuiteEntry]

    public init(clusters: [ClusterRef] = [], defaults: TimeMode? = nil, entries: [SuiteEntry]) {
        self.clusters = clusters
        self.defaults = defaults
        self.entries = entries
    }

    public init(clusters: [ClusterRef] = [], defaults: TimeMode? = nil, @SuiteBuilder _ body: () -> [SuiteEntry]) {
        self.init(clusters: clusters, defaults: defaults, entries: body())
    }

    /// The cluster with this name.
    public func cluster(_ name: String) -> ClusterRef? { clusters.first { $0.name == name } }
}

/// A cluster a spec names: where its objects come from and what the spec says about it.
public struct ClusterRef: Sendable, Hashable {
    /// Where a cluster is read.
    public enum Origin: Sendable, Hashable {
        /// A recording on disk (path relative to the spec file).
        case snapshot(String)
        /// A live cluster through this kubeconfig context (issue 6).
        case context(String)
        /// Not said in the spec; `--cluster NAME=snapshot:DIR` must supply it.
        case unspecified
    }

    public var name: String
    public var origin: Origin
    public var managedBy: String?
    /// The real cluster name when it differs from `name` (for CAPI lookups).
    public var clusterName: String?
    public var role: ClusterRole?
    public var provider: String?
    public var features: [String]

    public init(_ name: String, _ origin: Origin, managedBy: String? = nil, clusterName: String? = nil,
                role: ClusterRole? = nil, provider: String? = nil, features: [String] = []) {
        self.name = name
        self.origin = origin
        self.managedBy = managedBy
        self.clusterName = clusterName
        self.role = role
        self.provider = provider
        self.features = features
    }

    /// A recorded cluster.
    public static func snapshot(_ name: String, _ path: String, managedBy: String? = nil, clusterName: String? = nil,
                                role: ClusterRole? = nil, provider: String? = nil, features: [String] = []) -> ClusterRef {
        ClusterRef(name, .snapshot(path), managedBy: managedBy, clusterName: clusterName, role: role, provider: provider, features: features)
    }

    /// A live cluster.
    public static func context(_ name: String, _ context: String, managedBy: String? = nil) -> ClusterRef {
        ClusterRef(name, .context(context), managedBy: managedBy)
    }
}

/// One check in a suite, with the clusters it runs on, its time mode, severity and skip reason.
/// Equality ignores where in the file it was written.
public struct SuiteEntry: Sendable, Hashable {
    public var check: AnyCheck
    /// Empty: every cluster of the suite (or none, for checks that read no cluster).
    public var clusters: [String]
    public var time: TimeMode?
    public var severity: Severity?
    /// When set, the check is reported `skipped` with this reason.
    public var skip: String?
    /// Where the entry is written (`nil` for builder values).
    public var location: YAMLLocation?

    public init(_ check: any Check, clusters: [String] = [], time: TimeMode? = nil, severity: Severity? = nil,
                skip: String? = nil, location: YAMLLocation? = nil) {
        self.check = AnyCheck(check)
        self.clusters = clusters
        self.time = time
        self.severity = severity
        self.skip = skip
        self.location = location
    }

    public static func == (a: SuiteEntry, b: SuiteEntry) -> Bool {
        a.check == b.check && a.clusters == b.clusters && a.time == b.time && a.severity == b.severity && a.skip == b.skip
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(check)
        hasher.combine(clusters)
    }

    /// Must succeed within `deadline` (polled every `every` on a live cluster).
    public func within(_ deadline: SpecDuration, every: SpecDuration? = nil) -> SuiteEntry {
        var copy = self
        copy.time = .within(deadline, every: every)
        return copy
    }

    /// Must hold for `span` (at every poll on a live cluster).
    public func holding(for span: SpecDuration, every: SpecDuration? = nil) -> SuiteEntry {
        var copy = self
        copy.time = .holding(for: span, every: every)
        return copy
    }

    /// A failure of this check is reported with this severity.
    public func severity(_ severity: Severity) -> SuiteEntry {
        var copy = self
        copy.severity = severity
        return copy
    }

    /// Reported `skipped` with this reason, not run.
    public func skipped(_ reason: String) -> SuiteEntry {
        var copy = self
        copy.skip = reason
        return copy
    }
}

extension Check {
    /// This check as a suite entry that must succeed within `deadline`.
    public func within(_ deadline: SpecDuration, every: SpecDuration? = nil) -> SuiteEntry {
        SuiteEntry(self).within(deadline, every: every)
    }

    /// This check as a suite entry that must hold for `span`.
    public func holding(for span: SpecDuration, every: SpecDuration? = nil) -> SuiteEntry {
        SuiteEntry(self).holding(for: span, every: every)
    }

    /// This check as a suite entry with a severity.
    public func severity(_ severity: Severity) -> SuiteEntry { SuiteEntry(self).severity(severity) }

    /// This check as a skipped suite entry.
    public func skipped(_ reason: String) -> SuiteEntry { SuiteEntry(self).skipped(reason) }
}
