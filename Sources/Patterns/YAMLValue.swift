import LogModel
import Yams

/// A YAML document as a plain tree in which every node remembers its `path:line:column`, so rule
/// and spec files can report errors where they are (Yams' Decodable errors carry only a coding path).
public indirect enum YAMLValue: Sendable {
    case scalar(String, YAMLLocation)
    case mapping([(key: String, keyLocation: YAMLLocation, value: YAMLValue)], YAMLLocation)
    case sequence([YAMLValue], YAMLLocation)
    case null(YAMLLocation)

    /// Parses one YAML document; a syntax error becomes a `PatternError` with the position.
    public static func parse(_ text: String, path: String) throws(PatternError) -> YAMLValue {
        let node: Node?
        do {
            // `.basic`: every scalar is a string (the loaders read types themselves); the default
            // resolver ran regular expressions on every scalar for tags nothing reads.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw PatternError(.syntax, "invalid YAML: \(Self.describe(error))", at: Self.location(of: error, path: path))
        } catch {
            throw PatternError(.syntax, "invalid YAML: \(error)", at: SourceLocation(file: path, line: 1))
        }
        guard let node else { return .null(YAMLLocation(file: path, line: 1, column: 1)) }
        return convert(node, path: path)
    }

    private static func convert(_ node: Node, path: String) -> YAMLValue {
        let here = YAMLLocation(file: path, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["", "~", "null", "Null", "NULL"].contains(scalar.string) { return .null(here) }
            return .scalar(scalar.string, here)
        case .mapping(let mapping):
            var pairs: [(String, YAMLLocation, YAMLValue)] = []
            for (key, value) in mapping {
                let keyHere = YAMLLocation(file: path, line: key.mark?.line ?? 0, column: key.mark?.column ?? 0)
                pairs.append((key.string ?? "\(key)", keyHere, convert(value, path: path)))
            }
            return .mapping(pairs.map { (key: $0.0, keyLocation: $0.1, value: $0.2) }, here)
        case .sequence(let sequence):
            return .sequence(sequence.map { convert($0, path: path) }, here)
        case .alias:
            return .null(here)
        }
    }

    private static func location(of error: YamlError, path: String) -> SourceLocation {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourceLocation(file: path, line: mark.line)
        default:
            return SourceLocation(file: path, line: 1)
        }
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return "\(problem) at column \(mark.column)"
        default:
            return "\(error)"
        }
    }

    /// Where this node starts.
    public var location: YAMLLocation {
        switch self {
        case .scalar(_, let l), .mapping(_, let l), .sequence(_, let l), .null(let l): return l
        }
    }

    /// The scalar text, if this is a scalar.
    public var string: String? {
        if case .scalar(let s, _) = self { return s }
        return nil
    }

    /// The entries, if this is a mapping.
    public var entries: [(key: String, keyLocation: YAMLLocation, value: YAMLValue)]? {
        if case .mapping(let pairs, _) = self { return pairs }
        return nil
    }

    /// The items, if this is a sequence.
    public var items: [YAMLValue]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    /// The value under `key`, if this is a mapping that has it.
    public subscript(key: String) -> YAMLValue? {
        entries?.first { $0.key == key }?.value
    }

    /// A short name of the node's kind for error messages.
    public var kindName: String {
        switch self {
        case .scalar: return "a scalar"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .null: return "nothing"
        }
    }
}

/// A position in a YAML file.
public struct YAMLLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
    /// As a `SourceLocation` (file and line).
    public var source: SourceLocation { SourceLocation(file: file, line: line) }
}
