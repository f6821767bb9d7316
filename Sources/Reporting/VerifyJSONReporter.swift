import Foundation
import LogModel

/// Renders verify results as the versioned JSON DESIGN.md pins:
/// `{schemaVersion, results: [{check, cluster, outcome, message, observed, expected, ...}]}`.
public enum VerifyJSONReporter {
    /// Pretty-printed JSON with sorted keys, ending with a newline.
    public static func render(_ report: VerifyReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(report) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
