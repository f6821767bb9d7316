import LogModel
import Matching

/// What turns one rule's match into fields: the field specs and the capture groups that carry
/// each. A class, so the per-event path borrows it instead of copying the whole `EventRule`.
public final class FieldExtractor: Sendable {
    public let specs: [GrokExpression.FieldSpec]
    /// For each field (in `specs` order), the capture group numbers that carry it.
    public let groups: [[Int]]

    /// `specs` and `groups` flattened for the per-event path (no struct or nested array copied per
    /// field): names, types, and each field's groups as a range of `flatGroups`.
    private let names: [String]
    private let types: [FieldType]
    private let flatGroups: [Int]
    private let groupStarts: [Int]

    init(specs: [GrokExpression.FieldSpec], groups: [[Int]]) {
        self.specs = specs
        self.groups = groups
        names = specs.map(\.name)
        types = specs.map(\.type)
        flatGroups = groups.flatMap { $0 }
        groupStarts = groups.reduce(into: [0]) { $0.append($0.last! + $1.count) }
    }

    /// Converts the captures of the last match in `scratch` into typed fields, in declaration order.
    /// A field whose group did not take part is left out; a capture that does not parse as its type
    /// is kept as a string, so nothing is silently lost.
    public func fields(in bytes: UnsafeRawBufferPointer, scratch: MatchScratch) -> [Event.Field] {
        var result: [Event.Field] = []
        result.reserveCapacity(names.count)
        for index in names.indices {
            var range: Range<Int>?
            for g in groupStarts[index]..<groupStarts[index + 1] {
                if let r = scratch.range(ofGroup: flatGroups[g]) { range = r; break }
            }
            guard let range else { continue }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            let type = types[index]
            let value = type == .string ? .string(text) : (type.convert(text[...]) ?? .string(text))
            result.append(Event.Field(name: names[index], value: value))
        }
        return result
    }
}

extension EventRule {
    /// Converts the captures of the last match in `scratch` into typed fields (see `FieldExtractor`).
    public func fields(in bytes: UnsafeRawBufferPointer, scratch: MatchScratch) -> [Event.Field] {
        extractor.fields(in: bytes, scratch: scratch)
    }

    /// Matches `text` and returns its fields, or nil when the rule does not match.
    public func fields(matching text: String, scratch: MatchScratch) throws(MatchError) -> [Event.Field]? {
        let utf8 = Array(text.utf8)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        defer { storage.deallocate() }
        storage.copyBytes(from: utf8)
        let buffer = UnsafeRawBufferPointer(rebasing: storage[0..<utf8.count])
        guard try matcher.matches(buffer, scratch: scratch) else { return nil }
        return fields(in: buffer, scratch: scratch)
    }
}
