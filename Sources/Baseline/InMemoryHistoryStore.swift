import Foundation
import LogModel

/// A history kept in memory: the reference behaviour of `HistoryStore` for tests and simulations.
public final class InMemoryHistoryStore: HistoryStore, @unchecked Sendable {
    private let lock = NSLock()
    private var byHash: [String: HistoryRecord] = [:]

    public init(_ records: [HistoryRecord] = []) {
        for r in records where byHash[r.hash] == nil { byHash[r.hash] = r }
    }

    public var location: String { "memory:" }

    public func add(_ records: [HistoryRecord]) throws -> AddResult {
        lock.lock(); defer { lock.unlock() }
        var result = AddResult()
        for r in records {
            if byHash[r.hash] == nil { byHash[r.hash] = r; result.added += 1 } else { result.alreadyStored += 1 }
        }
        return result
    }

    public func records() throws -> [HistoryRecord] {
        lock.lock(); defer { lock.unlock() }
        return byHash.values.sorted { RunOrder.oldestFirst($0.summary, $1.summary) }
    }

    public func record(_ hashOrPrefix: String) throws -> HistoryRecord {
        let all = try records()
        return try HistoryLookup.unique(hashOrPrefix, among: all.filter { $0.hash.hasPrefix(hashOrPrefix.lowercased()) }, location: location)
    }

    public func setExcluded(_ hashOrPrefix: String, reason: String?) throws -> HistoryRecord {
        var r = try record(hashOrPrefix)
        lock.lock(); defer { lock.unlock() }
        r.excludedReason = reason
        byHash[r.hash] = r
        return r
    }

    public func baseline(_ query: BaselineQuery) throws -> [RunSummary] {
        Self.select(try records(), query)
    }
}

/// Resolves a hash prefix to exactly one run.
enum HistoryLookup {
    static func unique(_ prefix: String, among matches: [HistoryRecord], location: String) throws -> HistoryRecord {
        guard !prefix.isEmpty else {
            throw BaselineError(.runNotFound, "empty run name; give a run hash or its first characters (see tkgqa history list)")
        }
        if matches.count == 1 { return matches[0] }
        if matches.isEmpty {
            throw BaselineError(.runNotFound, "no run \"\(prefix)\" in \(location); see tkgqa history list")
        }
        let names = matches.prefix(3).map(\.summary.shortHash).joined(separator: ", ")
        throw BaselineError(.ambiguousRun, "run \"\(prefix)\" is ambiguous in \(location) (\(matches.count) runs: \(names)...); give more characters")
    }
}
