import LogModel
import Matching

extension EventRule {
    /// Converts the captures of `match` in `bytes` into typed fields, in declaration order.
    /// A field whose group did not take part is left out; a capture that does not parse as its
    /// type is kept as a string, so nothing is silently lost.
    public func fields(of match: Match, in bytes: UnsafeRawBufferPointer) -> [Event.Field] {
        var result: [Event.Field] = []
        for spec in expression.fields {
            var range: Range<Int>?
            for (name, group) in matcher.captureNames where name == spec.name {
                if group < match.groups.count, let r = match.groups[group] { range = r; break }
            }
            guard let range else { continue }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            let value = spec.type.convert(text[...]) ?? .string(text)
            result.append(Event.Field(name: spec.name, value: value))
        }
        return result
    }

    /// Matches `text` and returns its fields, or nil when the rule does not match.
    public func fields(matching text: String, scratch: MatchScratch) throws(MatchError) -> [Event.Field]? {
        let utf8 = Array(text.utf8)
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        defer { storage.deallocate() }
        storage.copyBytes(from: utf8)
        let buffer = UnsafeRawBufferPointer(rebasing: storage[0..<utf8.count])
        guard let match = try matcher.firstMatch(in: buffer, scratch: scratch) else { return nil }
        return fields(of: match, in: buffer)
    }
}
