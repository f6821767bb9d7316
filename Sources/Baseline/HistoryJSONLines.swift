import Foundation
import LogModel

/// The history interchange format (`history export` / `history import`): JSON Lines, one
/// `{"excludedReason": ..., "summary": {...}}` object per run, oldest first, keys sorted, so two
/// exports of the same history are byte-identical whichever store they came from.
public enum HistoryJSONLines {
    /// Encodes records, one line each.
    public static func encode(_ records: [HistoryRecord]) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for r in records {
            out.append(try encoder.encode(r))
            out.append(0x0a)
        }
        return out
    }

    /// Decodes JSON Lines (blank lines skipped); a line may also be a bare run summary.
    /// Every line is checked before anything is returned, so an import is all or nothing.
    /// - Throws: `BaselineError` with `source:line` for the first bad line.
    public static func decode(_ data: Data, source: String) throws -> [HistoryRecord] {
        let decoder = JSONDecoder()
        var records: [HistoryRecord] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0a, omittingEmptySubsequences: false) {
            lineNumber += 1
            let trimmed = line.last == 0x0d ? line.dropLast() : line
            if trimmed.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let at = LogModel.SourceLocation(file: source, line: lineNumber)
            let bytes = Data(trimmed)
            guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else {
                throw BaselineError(.badInput, "not a JSON object; history import reads tkgqa history export output (JSON Lines)", location: at)
            }
            do {
                if let summary = object["summary"] {
                    let inner = try JSONSerialization.data(withJSONObject: summary)
                    var s = try RunDocument.decodeSummary(inner, decoder: decoder, source: at.description)
                    s.hash = s.computedHash
                    records.append(HistoryRecord(summary: s, excludedReason: object["excludedReason"] as? String))
                } else {
                    var s = try RunDocument.decodeSummary(bytes, decoder: decoder, source: at.description)
                    s.hash = s.computedHash
                    records.append(HistoryRecord(summary: s))
                }
            } catch var error as BaselineError {
                error.location = error.location ?? at
                throw error
            }
        }
        return records
    }
}
