import LogModel
import Matching
import Patterns

/// An event as the scanner sees it: the matched rule, the line's bytes and the capture ranges, valid
/// only during the sink callback. Writers that can work on bytes (`events` JSON Lines) use it
/// directly; everything else calls `event()` for an owned, redacted `Event`.
public struct RawEvent {
    /// Unmanaged: the scanner keeps the matcher alive for the whole scan, and a `RawEvent` never
    /// outlives the callback; writers compare these by address, with no reference counting.
    public let matcherRef: Unmanaged<EventMatcher>
    public let ruleIndex: Int
    /// The file's name (the scanner keeps it alive).
    public let fileRef: Unmanaged<LogScanner.FileName>
    public let line: Int
    public let time: Timestamp?
    public let timeSource: TimeSource
    public let format: LineFormat
    public let wrapper: LineWrapper?
    public let level: String?
    /// The message body the rule matched.
    public let body: UnsafeRawBufferPointer
    /// Holds the capture ranges of the match.
    public unowned(unsafe) let captures: MatchScratch
    /// Names the body's bytes: two events with the same non-zero key (from one scan) have identical
    /// bodies, so work done on one body (its fields, its JSON) holds for the other. 0: not remembered.
    public let bodyKey: UInt64

    /// The matcher that found the event.
    @inline(__always) public var matcher: EventMatcher { matcherRef.takeUnretainedValue() }
    /// The name of the file the event is in.
    @inline(__always) public var fileName: LogScanner.FileName { fileRef.takeUnretainedValue() }
    public var file: String { fileName.name }

    /// The rule's id, the event kind.
    @inline(__always) public var kind: String { matcher.kinds[ruleIndex] }

    /// Whether the body might hold a secret (then writers must use the redacted `event()`).
    @inline(__always) public var mightHoldSecret: Bool { Redactor.mightContainSecret(body) }

    /// An owned `Event` with its text truncated and secrets masked. A field whose value sat inside a
    /// masked part of the text (`Setting VSPHERE_PASSWORD to "..."` → field `value`) is masked too.
    public func event() -> Event {
        // Borrowed in place: copying an `EventRule` costs a dozen reference-count operations.
        let matcher = self.matcher
        let fields = matcher.extractors[ruleIndex].fields(in: body, scratch: captures)
        let limited = body.count > Event.maxTextBytes ? UnsafeRawBufferPointer(rebasing: body[0..<Event.maxTextBytes]) : body
        let raw = String(decoding: limited, as: UTF8.self)
        var text = raw
        var kept = fields
        if mightHoldSecret {
            text = Redactor.redact(raw)
            kept = fields.map { field -> Event.Field in
                guard case .string(let s) = field.value, !s.isEmpty else { return field }
                if Redactor.redact(s) != s || !Self.contains(text, s) { return Event.Field(name: field.name, value: .string(Redactor.mask)) }
                return field
            }
        }
        return Event(kind: matcher.kinds[ruleIndex], location: SourceLocation(fileRef, line: line), time: time, timeSource: timeSource,
                     format: format, wrapper: wrapper, level: level, fields: kept, text: text)
    }

    /// Whether `part` occurs in `text`, byte for byte (the question is whether the captured bytes
    /// survived redaction unchanged, not a Unicode-aware search).
    static func contains(_ text: String, _ part: String) -> Bool {
        var text = text
        return part.isEmpty || text.withUTF8 { ByteSearch.find(Array(part.utf8), in: UnsafeRawBufferPointer($0)) != nil }
    }
}
