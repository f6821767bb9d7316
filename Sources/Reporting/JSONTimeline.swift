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

    /// Operations' JSON made apart (`encode`, e.g. on the thread that built them): written here in
    /// order, straight from where it was made.
    public func write(encoded: EncodedOperations) {
        guard encoded.count > 0 else { return }
        // `encode` puts a separator before each; the stream's first operation has none.
        let skip = count == 0 ? 1 : 0
        count += encoded.count
        let rest = UnsafeRawBufferPointer(rebasing: encoded.json.bytes[skip...])
        if let writeBytes { writeBytes(rest) } else { write(String(decoding: rest, as: UTF8.self)) }
    }

    /// The JSON of `operations` as `write(encoded:)` takes it (each operation after its `,`
    /// separator); safe to call on any thread.
    public static func encode(_ operations: [LogModel.Operation]) -> EncodedOperations {
        let json = OperationJSON(capacity: 16 * 1024 * max(1, min(operations.count, 64)))
        for op in operations { json.append(op, indent: 4, after: ",\n    ") }
        return EncodedOperations(json: json, count: operations.count)
    }

    public func end(unknownLoops: [UnknownLoop], findings: [Finding]) throws {
        // Written like the operations (a long log has thousands of findings; `JSONEncoder` took 25 ms per thousand).
        let loops = OperationJSON.encodeArray(unknownLoops, indent: 2) { $0.unknownLoop($1, $2) }
        let found = OperationJSON.encodeArray(findings, indent: 2) { $0.finding($1, $2) }
        write((count == 0 ? "]" : "\n  ]") + ",\n  \"unknownLoops\" : \(loops),\n  \"findings\" : \(found)\n}\n")
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

/// The JSON of some operations, made by `JSONTimelineWriter.encode` on one thread and written by
/// `write(encoded:)` on another (never both at once).
public final class EncodedOperations: @unchecked Sendable {
    let json: OperationJSON
    /// How many operations it holds.
    public let count: Int

    init(json: OperationJSON, count: Int) {
        self.json = json
        self.count = count
    }
}
