/// What the regression gate decided for one phase: its baseline, the current value, the change and
/// the verdict.
///
/// JSON (`tkgqa gate --format json`): `{operation, phase, baselineMedian, current, change, verdict}`
/// as `../shared/DESIGN.md` pins, plus `mad`, `threshold`, `samples`, `changeSeconds`, `budgetSeconds`
/// and `outcome`. `change` is relative: `0.25` means 25% slower than the baseline median.
public struct GateVerdict: Sendable, Codable, Equatable {
    /// The verdicts, from the statistics, the budget and the run's own outcome.
    public enum Kind: String, Sendable, Codable, Equatable, CaseIterable {
        /// Slower beyond the noise (median + k·1.4826·MAD) and by at least `--min-rel` and `--min-abs`.
        case regression
        /// Over its absolute budget from the phase rules, whatever the history says.
        case overBudget = "over-budget"
        /// The phase failed or never ended in this run: its duration says nothing about speed.
        case failed
        /// Faster beyond the noise and by at least `--min-rel` and `--min-abs`.
        case improvement
        /// Within the noise.
        case ok
        /// Fewer than `--min-samples` baseline values.
        case insufficientData = "insufficient-data"
        /// In this run, in none of the baseline runs (which were enough).
        case newPhase = "new-phase"
        /// In most baseline runs, not in this one.
        case missingPhase = "missing-phase"

        /// Whether this verdict can fail the gate (exit 1); `over-budget` does only with `--budgets fail`.
        public var fails: Bool { self == .regression || self == .overBudget || self == .failed }
    }

    public var operation: String
    public var phase: String
    public var baselineMedian: Double?
    /// Median absolute deviation of the baseline values (unscaled).
    public var mad: Double?
    /// The value above which a phase counts as slower than the noise: median + k·1.4826·MAD.
    public var threshold: Double?
    /// How many baseline values there were.
    public var samples: Int
    /// This run's duration in seconds.
    public var current: Double?
    /// (current − median) / median.
    public var change: Double?
    /// current − median, in seconds.
    public var changeSeconds: Double?
    public var budgetSeconds: Double?
    /// The phase's outcome in this run (nil for a missing phase).
    public var outcome: Outcome?
    public var verdict: Kind

    public init(operation: String, phase: String, baselineMedian: Double? = nil, mad: Double? = nil, threshold: Double? = nil,
                samples: Int = 0, current: Double? = nil, change: Double? = nil, changeSeconds: Double? = nil,
                budgetSeconds: Double? = nil, outcome: Outcome? = nil, verdict: Kind) {
        self.operation = operation
        self.phase = phase
        self.baselineMedian = baselineMedian
        self.mad = mad
        self.threshold = threshold
        self.samples = samples
        self.current = current
        self.change = change
        self.changeSeconds = changeSeconds
        self.budgetSeconds = budgetSeconds
        self.outcome = outcome
        self.verdict = verdict
    }

    public var key: PhaseKey { PhaseKey(operation: operation, phase: phase) }
}

/// The knobs of the gate's statistics, as given on the command line.
public struct GateParameters: Sendable, Codable, Equatable {
    /// How many recent runs form the baseline.
    public var window: Int
    /// How many MADs (scaled by 1.4826) above the median counts as beyond the noise.
    public var k: Double
    /// Smallest relative change that counts (0.2 = 20%).
    public var minRelative: Double
    /// Smallest absolute change that counts, in seconds.
    public var minAbsoluteSeconds: Double
    /// Fewer baseline values than this give `insufficient-data`.
    public var minSamples: Int
    /// The labels a baseline run must share with this run.
    public var matchLabels: [String]

    public static let defaultMatchLabels = ["cni", "kubernetesVersion", "plan", "provider", "testbed", "tkgVersion"]

    public init(window: Int = 20, k: Double = 4, minRelative: Double = 0.2, minAbsoluteSeconds: Double = 30, minSamples: Int = 5,
                matchLabels: [String] = GateParameters.defaultMatchLabels) {
        self.window = window
        self.k = k
        self.minRelative = minRelative
        self.minAbsoluteSeconds = minAbsoluteSeconds
        self.minSamples = minSamples
        self.matchLabels = matchLabels
    }
}

/// The gate's answer for one run: a verdict per phase, the run-level reasons to fail, and what it compared with.
///
/// JSON: `{schemaVersion, phases: [...]}` as `../shared/DESIGN.md` pins, plus `run`, `labels`,
/// `baselineRuns`, `parameters`, `result` and `reasons`.
public struct GateReport: Sendable, Codable, Equatable {
    public static let currentSchemaVersion = 1

    /// The gate's overall result.
    public enum Result: String, Sendable, Codable, Equatable {
        /// Nothing failed, nothing was inconclusive (or inconclusive was not asked to fail).
        case pass
        /// A regression, a phase over budget, a failed or open operation, or a stuck loop (exit 1).
        case fail
        /// Nothing failed but a verdict named in `--fail-on` occurred (exit 3).
        case inconclusive
    }

    public var schemaVersion: Int
    /// The gated run's content hash.
    public var run: String
    public var labels: [String: String]
    /// Hashes of the baseline runs, most recent first.
    public var baselineRuns: [String]
    public var parameters: GateParameters
    public var result: Result
    /// Why the gate failed or was inconclusive, one line each, e.g. `workload-create failed`.
    public var reasons: [String]
    public var phases: [GateVerdict]

    public init(run: String, labels: [String: String], baselineRuns: [String], parameters: GateParameters, result: Result,
                reasons: [String], phases: [GateVerdict]) {
        schemaVersion = Self.currentSchemaVersion
        self.run = run
        self.labels = labels
        self.baselineRuns = baselineRuns
        self.parameters = parameters
        self.result = result
        self.reasons = reasons
        self.phases = phases
    }

    /// How many phases got each verdict.
    public func count(_ kind: GateVerdict.Kind) -> Int { phases.filter { $0.verdict == kind }.count }
}
