import LogModel

/// How one phase's duration went over past runs, for the trend charts of the HTML report.
///
/// The gate/history side (`Baseline`) fills it from its store; the report only draws it.
public struct PhaseTrend: Sendable, Equatable, Codable {
    /// One past run's duration of the phase.
    public struct Point: Sendable, Equatable, Codable {
        /// The run's id in the history store (a CI build number, a run name).
        public var runID: String
        /// The phase's duration in that run.
        public var seconds: Double
        /// When that run started, if known.
        public var time: Timestamp?
        /// The gate flagged this run's duration as a regression.
        public var regression: Bool

        /// Creates a point of a trend.
        public init(runID: String, seconds: Double, time: Timestamp? = nil, regression: Bool = false) {
            self.runID = runID
            self.seconds = seconds
            self.time = time
            self.regression = regression
        }
    }

    /// The operation kind, e.g. `workload-create`.
    public var operation: String
    /// The phase path, e.g. `control-plane` or `providers/capv`.
    public var phase: String
    /// Past runs, oldest first.
    public var points: [Point]
    /// This run's duration, drawn as the last point; nil when this run has none.
    public var current: Double?
    /// The gate flagged this run's duration as a regression.
    public var currentRegression: Bool
    /// The median duration over the baseline runs.
    public var baselineMedian: Double?
    /// The band of normal durations around the median (e.g. median ± k·MAD).
    public var bandLow: Double?
    /// The upper edge of the band; a duration above it is what the gate calls a regression.
    public var bandHigh: Double?

    /// Creates a trend; `points` oldest first, `current` drawn last.
    public init(operation: String, phase: String, points: [Point], current: Double? = nil, currentRegression: Bool = false,
                baselineMedian: Double? = nil, bandLow: Double? = nil, bandHigh: Double? = nil) {
        self.operation = operation
        self.phase = phase
        self.points = points
        self.current = current
        self.currentRegression = currentRegression
        self.baselineMedian = baselineMedian
        self.bandLow = bandLow
        self.bandHigh = bandHigh
    }
}

extension TimelineHTMLReport {
    /// The trends section: one small inline SVG chart per phase, regressions first.
    static func trendsSection(_ trends: [PhaseTrend]) -> String {
        guard !trends.isEmpty else { return "" }
        let ordered = trends.enumerated().sorted { a, b in
            let ra = a.element.currentRegression, rb = b.element.currentRegression
            return ra != rb ? ra : a.offset < b.offset
        }.map(\.element)
        var s = "<section id=\"trends\"><h2>Trends over past runs</h2>"
        s += "<p class=\"note\">Shaded: the baseline band; dashed: the median; red: runs flagged as regressions; the last point is this run.</p>"
        s += "<div class=\"trends\">"
        for t in ordered { s += trendChart(t) }
        return s + "</div></section>"
    }

    /// One chart: past durations as a line over the baseline band, this run last.
    static func trendChart(_ t: PhaseTrend) -> String {
        let w = 320.0, h = 96.0, padL = 40.0, padR = 8.0, padT = 8.0, padB = 14.0
        var values = t.points.map { (label: $0.runID, seconds: $0.seconds, regression: $0.regression, current: false) }
        if let c = t.current { values.append(("this run", c, t.currentRegression, true)) }
        let top = max(values.map(\.seconds).max() ?? 0, t.bandHigh ?? 0, t.baselineMedian ?? 0, 1) * 1.1
        func x(_ i: Int) -> Double {
            values.count <= 1 ? padL + (w - padL - padR) / 2 : padL + (w - padL - padR) * Double(i) / Double(values.count - 1)
        }
        func y(_ v: Double) -> Double { padT + (h - padT - padB) * (1 - max(v, 0) / top) }
        func n(_ v: Double) -> String { TimelineText.decimal(v, digits: 1) }

        let flagged = t.currentRegression
        var s = "<figure class=\"trend\(flagged ? " regressed" : "")\" data-trend-phase=\"\(TimelineText.html(t.phase))\">"
        s += "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(n(w)) \(n(h))\" width=\"\(n(w))\" height=\"\(n(h))\" role=\"img\">"
        s += "<title>" + TimelineText.html(t.operation + " " + t.phase) + "</title>"
        s += "<line class=\"ax\" x1=\"\(n(padL))\" y1=\"\(n(h - padB))\" x2=\"\(n(w - padR))\" y2=\"\(n(h - padB))\"/>"
        s += "<text class=\"yl\" x=\"\(n(padL - 4))\" y=\"\(n(padT + 8))\" text-anchor=\"end\">\(TimelineText.html(TimelineText.duration(top)))</text>"
        s += "<text class=\"yl\" x=\"\(n(padL - 4))\" y=\"\(n(h - padB))\" text-anchor=\"end\">0</text>"
        if let lo = t.bandLow, let hi = t.bandHigh, hi >= lo {
            s += "<rect class=\"band\" x=\"\(n(padL))\" y=\"\(n(y(hi)))\" width=\"\(n(w - padL - padR))\" height=\"\(n(max(y(lo) - y(hi), 0.5)))\">"
            s += "<title>baseline band \(TimelineText.html(TimelineText.duration(lo)))–\(TimelineText.html(TimelineText.duration(hi)))</title></rect>"
        }
        if let m = t.baselineMedian {
            s += "<line class=\"median\" x1=\"\(n(padL))\" y1=\"\(n(y(m)))\" x2=\"\(n(w - padR))\" y2=\"\(n(y(m)))\">"
            s += "<title>baseline median \(TimelineText.html(TimelineText.duration(m)))</title></line>"
        }
        if values.count > 1 {
            let points = values.indices.map { "\(n(x($0))),\(n(y(values[$0].seconds)))" }.joined(separator: " ")
            s += "<polyline class=\"series\" points=\"\(points)\"/>"
        }
        for (i, v) in values.enumerated() {
            var cls = "pt"
            if v.regression { cls += " regression" }
            if v.current { cls += " current" }
            s += "<circle class=\"\(cls)\" cx=\"\(n(x(i)))\" cy=\"\(n(y(v.seconds)))\" r=\"\(v.current ? 4.5 : 3)\">"
            s += "<title>" + TimelineText.html(v.label + ": " + TimelineText.duration(v.seconds) + (v.regression ? " (regression)" : "")) + "</title></circle>"
        }
        s += "</svg><figcaption><b>" + TimelineText.html(t.phase) + "</b> <span class=\"dim\">" + TimelineText.html(t.operation) + "</span>"
        if let c = t.current { s += " · now " + TimelineText.html(TimelineText.duration(c)) }
        if let m = t.baselineMedian { s += " · median " + TimelineText.html(TimelineText.duration(m)) }
        if flagged { s += " · <span class=\"bad\">regression</span>" }
        return s + "</figcaption></figure>"
    }
}
