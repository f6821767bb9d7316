/// A typed, timestamped fact recognised in a log line by an event rule (`patterns/events/*.yaml`).
public struct Event: Sendable, Hashable, Codable {
    /// The event rule id, e.g. `cluster-initializing`.
    public var kind: String
    public var location: SourceLocation
    public var time: Timestamp?
    public var timeSource: TimeSource
    public var format: LineFormat
    public var wrapper: LineWrapper?
    /// The klog severity letter (`I`, `W`, `E`, `O`) or python level (`INFO`), when the line has one.
    public var level: String?
    /// Captured fields in the order the rule declares them; secrets already redacted.
    public var fields: [Field]
    /// The message body the rule matched, redacted and truncated to `Event.maxTextBytes`.
    public var text: String

    /// The longest message text an event keeps.
    public static let maxTextBytes = 4096

    /// One named, typed field of an event.
    public struct Field: Sendable, Hashable, Codable {
        public var name: String
        public var value: FieldValue
        public init(name: String, value: FieldValue) {
            self.name = name
            self.value = value
        }
    }

    public init(kind: String, location: SourceLocation, time: Timestamp?, timeSource: TimeSource,
                format: LineFormat, wrapper: LineWrapper? = nil, level: String? = nil,
                fields: [Field] = [], text: String) {
        self.kind = kind
        self.location = location
        self.time = time
        self.timeSource = timeSource
        self.format = format
        self.wrapper = wrapper
        self.level = level
        self.fields = fields
        self.text = text
    }

    /// The value of the field `name`, if the event has it.
    public subscript(field name: String) -> FieldValue? {
        fields.first { $0.name == name }?.value
    }
}
