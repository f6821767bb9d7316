import Foundation
import LogModel

/// The `--format json` form of a timeline: the shape pinned in `../shared/DESIGN.md`. Written as a
/// stream — header, one operation at a time, then unknown loops and findings — so a huge log never
/// needs its whole timeline in memory. Keys of each object are sorted, so the output is deterministic.
public final class JSONTimelineWriter {
    private let write: (String) -> Void
    private var count = 0
    private let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    private let writeBytes: ((UnsafeRawBufferPointer) -> Void)?
    private let operationJSON = OperationJSON()

    /// `writeBytes`, when given, takes the operations' JSON as UTF-8 bytes (no `String` in between).
    public init(write: @escaping (String) -> Void, writeBytes: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        self.write = write
        self.writeBytes = writeBytes
    }

    public func begin(inputs: [String]) throws {
        write("{\n  \"schemaVersion\" : \(Timeline.currentSchemaVersion),\n  \"inputs\" : \(try encode(inputs, indent: 2)),\n  \"operations\" : [")
    }

    public func write(_ operation: LogModel.Operation) throws {
        let prefix = count == 0 ? "\n    " : ",\n    "
        count += 1
        if let writeBytes {
            operationJSON.write(operation, indent: 4, after: prefix)
            writeBytes(operationJSON.bytes)
        } else {
            write(prefix + OperationJSON.encode(operation, indent: 4))
        }
    }

    public func end(unknownLoops: [UnknownLoop], findings: [Finding]) throws {
        write((count == 0 ? "]" : "\n  ]") + ",\n  \"unknownLoops\" : \(try encode(unknownLoops, indent: 2)),\n  \"findings\" : \(try encode(findings, indent: 2))\n}\n")
    }

    private func encode<T: Encodable>(_ value: T, indent: Int) throws -> String {
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        if text == "[\n\n]" { return "[]" }
        let pad = String(repeating: " ", count: indent)
        return text.replacingOccurrences(of: "\n", with: "\n" + pad)
    }
}

/// The whole timeline as JSON at once (tests, small logs).
public enum JSONTimeline {
    public static func render(_ timeline: Timeline) throws -> String {
        var out = ""
        let writer = JSONTimelineWriter { out += $0 }
        try writer.begin(inputs: timeline.inputs)
        for op in timeline.operations { try writer.write(op) }
        try writer.end(unknownLoops: timeline.unknownLoops, findings: timeline.findings)
        return out
    }
}
