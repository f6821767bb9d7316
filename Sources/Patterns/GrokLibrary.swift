import LogModel
import Matching

/// Named regular expressions in grok syntax, loaded from `patterns/*.grok`.
///
/// A grok file holds `NAME regex` lines; a regex may refer to other names as `%{NAME}`,
/// `%{NAME:field}` or `%{NAME:field:type}`. `#@sample NAME text` and `#@reject NAME text` lines are
/// checked at load: the sample must match the whole text, the reject must not.
public struct GrokLibrary: Sendable {
    /// One `NAME regex` line.
    public struct Definition: Sendable {
        public var name: String
        public var regex: String
        public var location: SourceLocation
    }

    /// A `#@sample` or `#@reject` line.
    public struct Sample: Sendable {
        public var name: String
        public var text: String
        public var accept: Bool
        public var location: SourceLocation
    }

    public private(set) var definitions: [String: Definition] = [:]
    public private(set) var samples: [Sample] = []

    public init() {}

    /// Adds the definitions and samples of one grok file; problems go to `errors`.
    public mutating func add(file path: String, contents: String, errors: inout [PatternError]) {
        var lineNumber = 0
        // "\r\n" is one Character in Swift, so split on both line endings explicitly.
        for rawLine in contents.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let here = SourceLocation(file: path, line: lineNumber)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.hasPrefix("#@sample ") || trimmed.hasPrefix("#@reject ") {
                let accept = trimmed.hasPrefix("#@sample ")
                let rest = trimmed.dropFirst(9)
                let name = rest.prefix { $0 != " " }
                guard !name.isEmpty, rest.count > name.count + 1 else {
                    errors.append(PatternError(.syntax, "expected `#@\(accept ? "sample" : "reject") NAME text`", at: here))
                    continue
                }
                samples.append(Sample(name: String(name), text: String(rest.dropFirst(name.count + 1)), accept: accept, location: here))
                continue
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let name = trimmed.prefix { $0 != " " && $0 != "\t" }
            let regex = trimmed.dropFirst(name.count).drop { $0 == " " || $0 == "\t" }
            guard Self.isValidName(name) else {
                errors.append(PatternError(.syntax, "bad pattern name \"\(name)\"", at: here,
                                           hint: "names are upper-case letters, digits and underscores, e.g. K8S_NAME"))
                continue
            }
            guard !regex.isEmpty else {
                errors.append(PatternError(.syntax, "pattern \"\(name)\" has no regex", at: here, hint: "write `NAME regex` on one line"))
                continue
            }
            if let earlier = definitions[String(name)] {
                errors.append(PatternError(.duplicate, "pattern \"\(name)\" is defined twice", at: here,
                                           hint: "first defined at \(earlier.location)"))
                continue
            }
            definitions[String(name)] = Definition(name: String(name), regex: String(regex), location: here)
        }
    }

    static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first.isLetter, first.isASCII else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" }
    }

    /// Checks every definition for unknown references, cycles and regex errors, and every sample.
    public func validate(errors: inout [PatternError]) {
        let scratch = MatchScratch()
        for definition in definitions.values.sorted(by: { $0.location < $1.location }) {
            do {
                let compiled = try expand(definition.regex, at: definition.location)
                _ = try compiled.matcher(caseless: false)
            } catch {
                errors.append(error)
            }
        }
        for sample in samples {
            guard definitions[sample.name] != nil else {
                errors.append(PatternError(.unknownPattern, "sample names unknown pattern \"\(sample.name)\"", at: sample.location,
                                           hint: closest(to: sample.name, in: definitions.keys).map { "did you mean \($0)?" }))
                continue
            }
            do {
                let compiled = try expand("%{\(sample.name)}", at: sample.location)
                let matcher = try compiled.matcher(caseless: false)
                let whole = try matcher.matchesWhole(sample.text, scratch: scratch)
                if whole != sample.accept {
                    let verb = sample.accept ? "does not match" : "matches"
                    errors.append(PatternError(.badSample, "\(sample.name) \(verb) \(sample.accept ? "sample" : "rejected text") \"\(sample.text)\"",
                                               at: sample.location, hint: "fix the pattern at \(definitions[sample.name]!.location) or the sample"))
                }
            } catch let error as PatternError {
                errors.append(error)
            } catch {
                errors.append(PatternError(.badSample, "\(sample.name): \(error)", at: sample.location))
            }
        }
    }

    /// Expands a grok expression into a PCRE2 regex and the typed fields it captures.
    public func expand(_ expression: String, at location: SourceLocation) throws(PatternError) -> GrokExpression {
        var fields: [GrokExpression.FieldSpec] = []
        var stack: [String] = []
        let regex = try expand(expression, at: location, fields: &fields, stack: &stack)
        return GrokExpression(source: expression, regex: regex, fields: fields, location: location)
    }

    private func expand(_ expression: String, at location: SourceLocation,
                        fields: inout [GrokExpression.FieldSpec], stack: inout [String]) throws(PatternError) -> String {
        var out = ""
        var rest = expression[...]
        while let open = rest.range(of: "%{") {
            out += rest[rest.startIndex..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                throw PatternError(.syntax, "unclosed %{ in \"\(expression)\"", at: location, hint: "write %{NAME}, %{NAME:field} or %{NAME:field:type}")
            }
            let parts = rest[open.upperBound..<close].split(separator: ":", omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard let definition = definitions[name] else {
                throw PatternError(.unknownPattern, "unknown pattern \"\(name)\" in %{\(rest[open.upperBound..<close])}", at: location,
                                   hint: closest(to: name, in: definitions.keys).map { "did you mean \($0)?" })
            }
            if stack.contains(name) {
                throw PatternError(.cycle, "pattern \"\(name)\" refers to itself through \((stack + [name]).joined(separator: " → "))",
                                   at: definition.location, hint: "break the cycle")
            }
            stack.append(name)
            let inner = try expand(definition.regex, at: definition.location, fields: &fields, stack: &stack)
            stack.removeLast()
            if parts.count >= 2 {
                let field = String(parts[1])
                guard Self.isValidField(field) else {
                    throw PatternError(.syntax, "bad field name \"\(field)\"", at: location, hint: "field names are letters, digits and underscores, starting with a letter")
                }
                var type = FieldType.string
                if parts.count >= 3 {
                    guard parts.count == 3, let t = FieldType(rawValue: String(parts[2])) else {
                        throw PatternError(.badType, "unknown field type \"\(parts.dropFirst(2).joined(separator: ":"))\" for \(field)", at: location,
                                           hint: "types are \(FieldType.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    type = t
                }
                if let earlier = fields.first(where: { $0.name == field }), earlier.type != type {
                    throw PatternError(.badType, "field \"\(field)\" captured as \(earlier.type.rawValue) and as \(type.rawValue)", at: location)
                }
                if !fields.contains(where: { $0.name == field }) { fields.append(.init(name: field, type: type)) }
                out += "(?<\(field)>\(inner))"
            } else {
                out += "(?:\(inner))"
            }
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    static func isValidField(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" } && name.utf8.count <= 32
    }
}

/// A grok expression expanded into a PCRE2 regex, with the fields it captures.
public struct GrokExpression: Sendable {
    /// One captured field and its type.
    public struct FieldSpec: Sendable, Hashable {
        public var name: String
        public var type: FieldType
    }

    public var source: String
    public var regex: String
    public var fields: [FieldSpec]
    public var location: SourceLocation

    /// Compiles the regex; a PCRE2 error becomes a `PatternError` with the offset.
    public func matcher(caseless: Bool) throws(PatternError) -> PCRE2Matcher {
        do {
            return try PCRE2Matcher(regex, options: caseless ? [.caseless] : [])
        } catch {
            throw PatternError(.badRegex, "\(error.message) at offset \(error.offset ?? 0) of the expanded regex /\(regex)/", at: location,
                               hint: "check the pattern near \"\(Self.near(regex, error.offset ?? 0))\"")
        }
    }

    private static func near(_ regex: String, _ offset: Int) -> String {
        let bytes = Array(regex.utf8)
        let lo = max(0, offset - 12), hi = min(bytes.count, offset + 12)
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}
