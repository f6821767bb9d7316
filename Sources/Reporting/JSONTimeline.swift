import Foundation
import LogModel

/// The `--format json` form of a timeline: the shape pinned in `../shared/DESIGN.md`, keys sorted so
/// the output is deterministic.
public enum JSONTimeline {
    public static func render(_ timeline: Timeline) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(timeline), as: UTF8.self) + "\n"
    }
}
