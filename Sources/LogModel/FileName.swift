import Synchronization

/// A file name, interned: one instance per distinct name for the life of the process, so locations
/// and per-line records can point at it without counting references (see `SourceLocation`).
public final class FileName: Sendable {
    public let name: String

    private init(_ name: String) { self.name = name }

    private static let registry = Mutex<[String: FileName]>([:])

    /// The one `FileName` of `name` (made on first use, never freed: a run names a handful of files).
    public static func intern(_ name: String) -> FileName {
        registry.withLock { names in
            if let known = names[name] { return known }
            let made = FileName(name)
            names[name] = made
            return made
        }
    }
}
