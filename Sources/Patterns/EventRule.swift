import LogModel
import Matching

/// One event kind from `patterns/events/*.yaml`: an id, a grok expression over the message body,
/// the typed fields it yields, and samples that must produce those fields.
public struct EventRule: Sendable {
    /// A sample message and the fields the rule must capture from it.
    public struct Sample: Sendable {
        public var text: String
        public var fields: [String: String]
        public var location: SourceLocation
    }

    public var id: String
    public var doc: String?
    public let expression: GrokExpression
    public var caseless: Bool
    public var matcher: PCRE2Matcher
    public var samples: [Sample]
    /// Required literals per top-level alternative (see `RequiredLiterals`).
    public var literals: [[String]]
    public var location: SourceLocation
    /// For each field (in `fields` order), the capture group numbers that carry it.
    public let fieldGroups: [[Int]]
    /// The fields and their groups, shared by reference for the per-event path.
    public let extractor: FieldExtractor

    public init(id: String, doc: String?, expression: GrokExpression, caseless: Bool, matcher: PCRE2Matcher,
                samples: [Sample], literals: [[String]], location: SourceLocation) {
        self.id = id
        self.doc = doc
        self.expression = expression
        self.caseless = caseless
        self.matcher = matcher
        self.samples = samples
        self.literals = literals
        self.location = location
        fieldGroups = expression.fields.map { spec in matcher.captureNames.filter { $0.name == spec.name }.map(\.group) }
        extractor = FieldExtractor(specs: expression.fields, groups: fieldGroups)
    }

    /// The fields the rule captures.
    public var fields: [GrokExpression.FieldSpec] { expression.fields }
}
