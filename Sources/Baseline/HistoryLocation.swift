import Foundation
import Logging

/// Where a history lives, from `--history`: `sqlite:PATH` (or a plain path), or a server URL.
///
/// Only SQLite exists today; `postgres://` is recognised so that it fails with "not supported yet"
/// instead of being taken for a file name. Messages never repeat a URL (it may carry a password).
public enum HistoryLocation: Sendable, Equatable {
    case sqlite(path: String)

    /// The file used when neither `--history` nor `TKGQA_HISTORY` is set:
    /// `$XDG_DATA_HOME/tkgqa/history.sqlite`, else `~/.local/share/tkgqa/history.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/tkgqa/history.sqlite" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/tkgqa/history.sqlite"
    }

    /// Parses `--history` (nil: `TKGQA_HISTORY`, then the default path).
    /// - Throws: `BaselineError` `.unsupportedStore` or `.unknownScheme`.
    public static func parse(_ text: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> HistoryLocation {
        guard let text = text ?? environment["TKGQA_HISTORY"], !text.isEmpty else {
            return .sqlite(path: defaultPath(environment: environment))
        }
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            if path.hasPrefix("///") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw BaselineError(.unknownScheme, "--history sqlite: names no file; write sqlite:PATH, e.g. sqlite:ci/history.sqlite")
            }
            return .sqlite(path: path)
        }
        if let scheme = scheme(of: text) {
            switch scheme {
            case "postgres", "postgresql":
                throw BaselineError(.unsupportedStore, "--history \(scheme):// is not supported yet (a PostgreSQL store is planned); use sqlite:PATH for now")
            default:
                throw BaselineError(.unknownScheme, "--history: unknown history store \"\(scheme)://\"; use sqlite:PATH or a file path")
            }
        }
        return .sqlite(path: text)
    }

    /// The scheme of `scheme://...`, lowercased; nil for anything else.
    static func scheme(of text: String) -> String? {
        guard let range = text.range(of: "://") else { return nil }
        let scheme = text[..<range.lowerBound]
        guard let first = scheme.first, first.isLetter,
              scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }) else { return nil }
        return scheme.lowercased()
    }

    /// Opens the store; with `create`, a missing SQLite file is made.
    public func open(create: Bool, logger: Logger = Logger(label: "tkgqa.history")) throws -> any HistoryStore {
        switch self {
        case .sqlite(let path): return try SQLiteHistoryStore(path: path, create: create, logger: logger)
        }
    }

    /// For messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        }
    }
}
