import Foundation
import LogModel
import Matching

/// Everything in a pattern folder: the grok library, the event rules, and the other rule documents
/// (phases, diagnosis, cluster roles) as text for the modules that own them.
///
/// Loading checks every grok sample, every event sample and every regex, and reports all problems at
/// once (`PatternErrors`), each with `path:line`.
public struct PatternSet: Sendable {
    public var grok: GrokLibrary
    public var events: [EventRule]
    /// Every `.yaml` file by path relative to the pattern folder (e.g. `phases/cluster-create.yaml`).
    public var documents: [String: String]
    /// Where the set came from: `embedded` or the folder path.
    public var origin: String
    /// The (path, contents) pairs it was loaded from, for `reloaded()`.
    private var sources: [(String, String)] = []
    private var stripPrefix = ""

    /// The patterns compiled into this binary from the package's `patterns/` folder.
    public static func embedded() throws(PatternErrors) -> PatternSet {
        try load(files: EmbeddedPatterns.files.map { ($0.path, $0.contents) }, origin: "embedded")
    }

    /// The embedded files as (path, contents), for `tkgqa lint` and tests.
    public static var embeddedFiles: [(path: String, contents: String)] { EmbeddedPatterns.files }

    /// Loads a pattern folder from disk.
    public static func load(directory: String) throws(PatternErrors) -> PatternSet {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PatternErrors([PatternError(.io, "pattern folder \"\(directory)\" does not exist or is not a folder")])
        }
        var files: [(String, String)] = []
        var problems: [PatternError] = []
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            let name = url.lastPathComponent
            guard name.hasSuffix(".grok") || name.hasSuffix(".yaml") else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            do {
                files.append((relative, try String(contentsOf: url, encoding: .utf8)))
            } catch {
                problems.append(PatternError(.io, "cannot read \(url.path): not readable UTF-8 text"))
            }
        }
        if !problems.isEmpty { throw PatternErrors(problems) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return try load(files: files.map { (prefix + $0.0, $0.1) }, origin: directory, stripPrefix: prefix)
    }

    /// Loads a set from (path, contents) pairs. Paths are shown in errors as given.
    public static func load(files: [(String, String)], origin: String, stripPrefix: String = "") throws(PatternErrors) -> PatternSet {
        var errors: [PatternError] = []
        var grok = GrokLibrary()
        let sorted = files.sorted { $0.0 < $1.0 }
        for (path, text) in sorted where path.hasSuffix(".grok") {
            grok.add(file: path, contents: text, errors: &errors)
        }
        grok.validate(errors: &errors)

        var documents: [String: String] = [:]
        var events: [EventRule] = []
        var seen: [String: SourceLocation] = [:]
        for (path, text) in sorted where path.hasSuffix(".yaml") {
            let relative = path.hasPrefix(stripPrefix) ? String(path.dropFirst(stripPrefix.count)) : path
            documents[relative] = text
            guard relative.hasPrefix("events/") else { continue }
            for rule in EventRuleLoader.load(path: path, text: text, grok: grok, errors: &errors) {
                if let earlier = seen[rule.id] {
                    errors.append(PatternError(.duplicate, "event \"\(rule.id)\" is defined twice", at: rule.location, hint: "first defined at \(earlier)"))
                    continue
                }
                seen[rule.id] = rule.location
                events.append(rule)
            }
        }
        if !errors.isEmpty { throw PatternErrors(errors) }
        var set = PatternSet(grok: grok, events: events, documents: documents, origin: origin)
        set.sources = files
        set.stripPrefix = stripPrefix
        return set
    }

    /// The same set loaded again from the same sources: equal rules that share no storage with
    /// this one. A thread that matches millions of lines works on its own copy, so that reading
    /// a rule never counts references on memory another core is counting on too.
    public func reloaded() throws(PatternErrors) -> PatternSet {
        try Self.load(files: sources, origin: origin, stripPrefix: stripPrefix)
    }

    /// The event rule with this id.
    public func event(_ id: String) -> EventRule? { events.first { $0.id == id } }
}
