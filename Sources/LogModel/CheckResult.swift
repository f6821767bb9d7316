/// What one check found on one cluster: the outcome, a one-line message, and for failures the
/// observed and expected values, the objects involved and detail lines (a diff or a tree).
///
/// The JSON form is pinned by DESIGN.md (`check, cluster, outcome, message, observed, expected`);
/// the other fields are additions and may be absent.
public struct CheckResult: Sendable, Codable, Hashable {
    /// The check id, kebab-case (`node-count`).
    public var check: String
    /// The cluster name as written in the spec (`-` for checks that read a log, not a cluster).
    public var cluster: String
    public var outcome: CheckOutcome
    public var message: String
    public var observed: String?
    public var expected: String?
    /// Extra lines: a diff, a `clusterctl describe`-like tree, the missing kinds.
    public var details: [String]
    /// The objects involved, as `Kind namespace/name`.
    public var objects: [String]
    /// The spec file this check came from, as given on the command line.
    public var spec: String
    /// Where in the spec file the check is written (`path:line:column`).
    public var location: String?
    /// How the time mode was applied (`within 15m: evaluated once on a recording`), when one was set.
    public var timeMode: String?

    public init(check: String, cluster: String, outcome: CheckOutcome, message: String,
                observed: String? = nil, expected: String? = nil, details: [String] = [],
                objects: [String] = [], spec: String = "", location: String? = nil, timeMode: String? = nil) {
        self.check = check
        self.cluster = cluster
        self.outcome = outcome
        self.message = message
        self.observed = observed
        self.expected = expected
        self.details = details
        self.objects = objects
        self.spec = spec
        self.location = location
        self.timeMode = timeMode
    }
}

/// Every check result of one `tkgqa verify` run, in spec order, as the JSON report carries it.
public struct VerifyReport: Sendable, Codable, Hashable {
    /// The JSON schema version of `tkgqa verify --format json`.
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    public var results: [CheckResult]

    public init(results: [CheckResult], schemaVersion: Int = VerifyReport.currentSchemaVersion) {
        self.schemaVersion = schemaVersion
        self.results = results
    }

    /// The worst outcome of all results (`pass` when there are none).
    public var worst: CheckOutcome { results.map(\.outcome).max() ?? .pass }

    /// How many results have each outcome.
    public var counts: [CheckOutcome: Int] {
        var counts: [CheckOutcome: Int] = [:]
        for result in results { counts[result.outcome, default: 0] += 1 }
        return counts
    }
}

extension CheckResult {
    private enum CodingKeys: String, CodingKey {
        case check, cluster, outcome, message, observed, expected, details, objects, spec, location, timeMode
    }

    /// Encodes `observed` and `expected` always (as `null` when absent), so the pinned shape holds.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(check, forKey: .check)
        try c.encode(cluster, forKey: .cluster)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(message, forKey: .message)
        try c.encode(observed, forKey: .observed)
        try c.encode(expected, forKey: .expected)
        try c.encode(details, forKey: .details)
        try c.encode(objects, forKey: .objects)
        try c.encode(spec, forKey: .spec)
        try c.encodeIfPresent(location, forKey: .location)
        try c.encodeIfPresent(timeMode, forKey: .timeMode)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(check: try c.decode(String.self, forKey: .check), cluster: try c.decode(String.self, forKey: .cluster),
                  outcome: try c.decode(CheckOutcome.self, forKey: .outcome), message: try c.decode(String.self, forKey: .message),
                  observed: try c.decodeIfPresent(String.self, forKey: .observed), expected: try c.decodeIfPresent(String.self, forKey: .expected),
                  details: try c.decodeIfPresent([String].self, forKey: .details) ?? [],
                  objects: try c.decodeIfPresent([String].self, forKey: .objects) ?? [],
                  spec: try c.decodeIfPresent(String.self, forKey: .spec) ?? "",
                  location: try c.decodeIfPresent(String.self, forKey: .location),
                  timeMode: try c.decodeIfPresent(String.self, forKey: .timeMode))
    }
}
