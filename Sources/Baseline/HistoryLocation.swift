import Foundation
import Logging

/// Where a history lives, from `--history`: `sqlite:PATH` (or a plain path), or
/// `postgres://USER@HOST:PORT/DB` for a history a team shares.
///
/// Messages never repeat a URL as given (it may carry a password, which is refused).
public enum HistoryLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// The file used when neither `--history` nor `TKGQA_HISTORY` is set:
    /// `$XDG_DATA_HOME/tkgqa/history.sqlite`, else `~/.local/share/tkgqa/history.sqlite`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/tkgqa/history.sqlite" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/share/tkgqa/history.sqlite"
    }

    /// Parses `--history` (nil: `TKGQA_HISTORY`, then the default path).
    /// - Throws: `BaselineError` `.unknownScheme` or `.badLocation`.
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
                return .postgres(try PostgresLocation.parse(text, environment: environment))
            default:
                throw BaselineError(.unknownScheme, "--history: unknown history store \"\(scheme)://\"; use sqlite:PATH, a file path or postgres://USER@HOST:PORT/DB")
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

    /// Opens the store; with `create`, a missing SQLite file or PostgreSQL schema is made.
    /// `connectTimeout` bounds reaching and logging in to a server, in seconds.
    public func open(create: Bool, connectTimeout: Double = 10,
                     environment: [String: String] = ProcessInfo.processInfo.environment,
                     logger: Logger = Logger(label: "tkgqa.history")) throws -> any HistoryStore {
        switch self {
        case .sqlite(let path): return try SQLiteHistoryStore(path: path, create: create, logger: logger)
        case .postgres(let target):
            return try PostgresHistoryStore(target: target, create: create, connectTimeout: connectTimeout, environment: environment, logger: logger)
        }
    }

    /// For messages (never a password).
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let target): return target.description
        }
    }
}
