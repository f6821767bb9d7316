import LogModel
import Matching
import Patterns

/// An event as the scanner sees it: the matched rule, the line's bytes and the capture ranges, valid
/// only during the sink callback. Writers that can work on bytes (`events` JSON Lines) use it
/// directly; everything else calls `event()` for an owned, redacted `Event`.
public struct RawEvent {
    /// Unowned: the scanner keeps the matcher alive for the whole scan, and a `RawEvent` never outlives the callback.
    public unowned(unsafe) let matcher: EventMatcher
    public let ruleIndex: Int
    public let file: String
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

    /// The rule's id, the event kind.
    @inline(__always) public var kind: String { matcher.rules[ruleIndex].id }

    /// Whether the body might hold a secret (then writers must use the redacted `event()`).
    @inline(__always) public var mightHoldSecret: Bool { Redactor.mightContainSecret(body) }

    /// An owned `Event` with its text truncated and secrets masked. A field whose value sat inside a
    /// masked part of the text (`Setting VSPHERE_PASSWORD to "..."` → field `value`) is masked too.
    public func event() -> Event {
        let rule = matcher.rules[ruleIndex]
        let fields = rule.fields(in: body, scratch: captures)
        let limited = body.count > Event.maxTextBytes ? UnsafeRawBufferPointer(rebasing: body[0..<Event.maxTextBytes]) : body
        let raw = String(decoding: limited, as: UTF8.self)
        var text = raw
        var kept = fields
        if mightHoldSecret {
            text = Redactor.redact(raw)
            kept = fields.map { field -> Event.Field in
                guard case .string(let s) = field.value, !s.isEmpty else { return field }
                if Redactor.redact(s) != s || !text.contains(s) { return Event.Field(name: field.name, value: .string(Redactor.mask)) }
                return field
            }
        }
        return Event(kind: rule.id, location: SourceLocation(file: file, line: line), time: time, timeSource: timeSource,
                     format: format, wrapper: wrapper, level: level, fields: kept, text: text)
    }
}
