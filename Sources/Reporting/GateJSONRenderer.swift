import Foundation
import LogModel

/// Renders a gate report as JSON in the shape `../shared/DESIGN.md` pins
/// (`{schemaVersion, phases: [{operation, phase, baselineMedian, current, change, verdict}]}` plus
/// added fields), keys sorted, seconds rounded to milliseconds and `change` to 0.01%.
public struct GateJSONRenderer: Sendable {
    public init() {}

    public func render(_ report: GateReport) throws -> String {
        var r = report
        func ms(_ v: Double?) -> Double? { v.map { ($0 * 1000).rounded() / 1000 } }
        r.phases = report.phases.map { v in
            var v = v
            v.baselineMedian = ms(v.baselineMedian)
            v.mad = ms(v.mad)
            v.threshold = ms(v.threshold)
            v.current = ms(v.current)
            v.changeSeconds = ms(v.changeSeconds)
            v.change = v.change.map { ($0 * 10_000).rounded() / 10_000 }
            return v
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(r), as: UTF8.self) + "\n"
    }
}
