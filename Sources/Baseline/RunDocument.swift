import Foundation
import LogModel

/// A JSON file a command accepts in place of a log: a timeline (`tkgqa analyze --format json`) or a
/// run summary (`tkgqa summarize`), told apart by their keys.
public enum RunDocument: Sendable {
    case timeline(Timeline)
    case summary(RunSummary)

    /// Whether `path` names a JSON document rather than a log: a `.json` name, or a first non-blank byte `{`.
    public static func looksLikeJSON(path: String) -> Bool {
        if path.lowercased().hasSuffix(".json") { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 256)) ?? Data()
        return head.first(where: { ![0x20, 0x09, 0x0a, 0x0d, 0xef, 0xbb, 0xbf].contains($0) }) == UInt8(ascii: "{")
    }

    /// Reads and decodes the file at `path`.
    /// - Throws: `BaselineError` `.badInput` (unreadable, malformed, neither kind) or `.newerRun`.
    public static func load(path: String) throws -> RunDocument {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw BaselineError(.badInput, "cannot read \"\(path)\"; check the path", cause: (error as NSError).localizedDescription)
        }
        return try decode(data, source: path)
    }

    /// Decodes a timeline or run summary; `source` names it in errors.
    ///
    /// One pass: the kind is told from the top-level keys inside the decoder, so a large timeline is
    /// parsed once (this runs once per file in `history add`).
    public static func decode(_ data: Data, source: String) throws -> RunDocument {
        let decoder = JSONDecoder()
        decoder.userInfo[Probe.sourceKey] = source
        do {
            return try decoder.decode(Probe.self, from: data).document
        } catch let error as BaselineError {
            throw error
        } catch DecodingError.dataCorrupted(let ctx) where ctx.codingPath.isEmpty {
            throw BaselineError(.badInput, "\"\(source)\" is not a JSON object; give a log, a timeline (tkgqa analyze --format json) or a run summary (tkgqa summarize)")
        } catch DecodingError.typeMismatch(_, let ctx) where ctx.codingPath.isEmpty {
            throw BaselineError(.badInput, "\"\(source)\" is not a JSON object; give a log, a timeline (tkgqa analyze --format json) or a run summary (tkgqa summarize)")
        } catch {
            throw BaselineError(.badInput, "\"\(source)\" is not a valid timeline or run summary", cause: describe(error))
        }
    }

    /// Looks at `schemaVersion`, `operations`, `phases` and `hash`, then decodes the whole as the right kind.
    private struct Probe: Decodable {
        static let sourceKey = CodingUserInfoKey(rawValue: "tkgqa.source")!
        enum Keys: String, CodingKey { case schemaVersion, operations, phases, hash }
        var document: RunDocument

        init(from decoder: Decoder) throws {
            let source = decoder.userInfo[Self.sourceKey] as? String ?? "input"
            let c = try decoder.container(keyedBy: Keys.self)
            let version = try? c.decodeIfPresent(Int.self, forKey: .schemaVersion)
            if c.contains(.operations), let version {
                try checkVersion(version, current: Timeline.currentSchemaVersion, what: "timeline", source: source)
                do { document = .timeline(try Timeline(from: decoder)) } catch {
                    throw BaselineError(.badInput, "\"\(source)\" is not a valid timeline", cause: describe(error))
                }
            } else if c.contains(.phases), c.contains(.hash), let version {
                try checkVersion(version, current: RunSummary.currentSchemaVersion, what: "run summary", source: source)
                do { document = .summary(try RunSummary(from: decoder)) } catch {
                    throw BaselineError(.badInput, "\"\(source)\" is not a valid run summary", cause: describe(error))
                }
            } else {
                throw BaselineError(.badInput, "\"\(source)\" is neither a timeline nor a run summary (no schemaVersion with operations or phases); give a log, tkgqa analyze --format json output or tkgqa summarize output")
            }
        }
    }

    /// Decodes a run summary, refusing a newer schema before looking at anything else.
    public static func decodeSummary(_ data: Data, decoder: JSONDecoder, source: String) throws -> RunSummary {
        struct Version: Decodable { var schemaVersion: Int }
        if let v = try? decoder.decode(Version.self, from: data) {
            try checkVersion(v.schemaVersion, current: RunSummary.currentSchemaVersion, what: "run summary", source: source)
        }
        do { return try decoder.decode(RunSummary.self, from: data) } catch {
            throw BaselineError(.badInput, "\"\(source)\" is not a valid run summary", cause: describe(error))
        }
    }

    private static func checkVersion(_ version: Int, current: Int, what: String, source: String) throws {
        if version > current {
            throw BaselineError(.newerRun, "\"\(source)\" is a \(what) of schema version \(version), newer than this tkgqa reads (\(current)); upgrade tkgqa")
        }
        if version < 1 {
            throw BaselineError(.badInput, "\"\(source)\" has schema version \(version); expected 1...\(current)")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let ctx):
            return "missing \(path(ctx.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
            return "wrong type at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        case DecodingError.dataCorrupted(let ctx):
            return ctx.codingPath.isEmpty ? "malformed JSON" : "bad value at \(path(ctx.codingPath)): \(ctx.debugDescription)"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined().trimmingPrefix(".").description
    }
}

extension RunDocument {
    /// The run summary of this document: a timeline is summarized; a summary gets its hash recomputed
    /// (so a hand-edited file is stored under what it says); `labels` override either's labels.
    public func summary(labels: [String: String], summarizer: RunSummarizer = RunSummarizer()) -> RunSummary {
        switch self {
        case .timeline(let t):
            return summarizer.summarize(t, labels: labels)
        case .summary(var s):
            s.labels.merge(labels) { _, new in new }
            for i in s.phases.indices where s.phases[i].budgetSeconds == nil {
                s.phases[i].budgetSeconds = summarizer.budgets[s.phases[i].key]
            }
            s.hash = s.computedHash
            return s
        }
    }
}
