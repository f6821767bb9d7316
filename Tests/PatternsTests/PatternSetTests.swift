import Foundation
import Testing
import LogModel
@testable import Patterns

/// Loading event rule files: errors carry `path:line` and every problem is reported.
struct PatternSetTests {
    static func errors(_ files: [(String, String)]) -> [PatternError] {
        do {
            _ = try PatternSet.load(files: files, origin: "test")
            return []
        } catch {
            return error.errors
        }
    }

    static let grok = ("base.grok", "NUM \\d+\n#@sample NUM 1\n")

    @Test func validSetLoads() throws {
        let set = try PatternSet.load(files: [Self.grok, ("events/a.yaml", """
        events:
          - id: took
            doc: a rule
            match: 'took %{NUM:n:int} tries'
            samples:
              - text: 'took 3 tries'
                fields: { n: '3' }
        """), ("phases/x.yaml", "operation: x\n")], origin: "test")
        #expect(set.events.map(\.id) == ["took"])
        #expect(set.event("took")?.literals == [["took ", " tries"]])
        #expect(set.event("took")?.location == SourceLocation(file: "events/a.yaml", line: 2))
        #expect(set.documents.keys.sorted() == ["events/a.yaml", "phases/x.yaml"])
    }

    @Test func unknownGrokNameInAnEvent() {
        let errors = Self.errors([Self.grok, ("events/a.yaml", """
        events:
          - id: took
            match: 'took %{NUMM:n} tries'
            samples: ['took 3 tries']
        """)])
        #expect(errors.map(\.description) == ["events/a.yaml:3: unknown pattern \"NUMM\" in %{NUMM:n}; did you mean NUM?"])
    }

    @Test func sampleWithWrongFieldsAndUnlistedFields() {
        let errors = Self.errors([Self.grok, ("events/a.yaml", """
        events:
          - id: took
            match: 'took %{NUM:n:int} tries'
            samples:
              - text: 'took 3 tries'
                fields: { n: '4' }
              - text: 'took 5 tries'
                fields: {}
              - text: 'nothing like it'
        """)])
        #expect(errors.map(\.description) == [
            "events/a.yaml:5: event \"took\": sample field n is \"3\", expected \"4\"",
            "events/a.yaml:7: event \"took\": sample yields field n=\"5\" that the sample does not list; list every field the sample yields",
            "events/a.yaml:9: event \"took\" does not match its sample \"nothing like it\"; regex /took (?<n>\\d+) tries/",
        ])
    }

    @Test func duplicateEventIDAcrossFiles() {
        let rule = "events:\n  - id: same\n    match: 'x'\n    samples: ['x']\n"
        let errors = Self.errors([("events/a.yaml", rule), ("events/b.yaml", rule)])
        #expect(errors.map(\.description) == ["events/b.yaml:2: event \"same\" is defined twice; first defined at events/a.yaml:2"])
    }

    @Test func ruleShapeErrors() {
        let errors = Self.errors([("events/a.yaml", """
        events:
          - id: NotKebab
            match: 'x'
            samples: ['x']
          - id: no-match
            samples: ['x']
          - id: no-samples
            match: 'x'
          - id: odd-key
            match: 'x'
            sample: ['x']
            samples: ['x']
          - id: bad-case
            match: 'x'
            case: upper
            samples: ['x']
        """)])
        #expect(errors.map(\.code) == [.badRule, .badRule, .badSample, .badRule, .badRule])
        #expect(errors.map { $0.location?.line } == [2, 5, 7, 11, 13])
    }

    @Test func invalidYAMLHasAPosition() {
        let errors = Self.errors([("events/a.yaml", "events:\n  - id: x\n   match: [unclosed\n")])
        #expect(errors.count == 1)
        #expect(errors.first?.code == .syntax)
        #expect(errors.first?.location?.file == "events/a.yaml")
    }

    @Test func missingFolder() {
        #expect(throws: PatternErrors.self) { try PatternSet.load(directory: "/nonexistent/tkgqa-patterns") }
    }

    @Test func embeddedFilesMatchThePackageFolder() throws {
        // The binary's embedded copy is the package's `patterns/` folder, file for file.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("patterns").path
        let fromDisk = try PatternSet.load(directory: root)
        let embedded = try PatternSet.embedded()
        #expect(fromDisk.events.map(\.id) == embedded.events.map(\.id))
        #expect(fromDisk.documents.keys.sorted() == embedded.documents.keys.sorted())
    }

    /// A reloaded set has the same rules, documents and origin, loaded anew from the same files
    /// (a directory's relative document names included).
    @Test func reloadedIsTheSameSetLoadedAgain() throws {
        let embedded = try PatternSet.embedded()
        let again = try embedded.reloaded()
        #expect(again.events.map(\.id) == embedded.events.map(\.id))
        #expect(again.events.map(\.location) == embedded.events.map(\.location))
        #expect(again.documents == embedded.documents)
        #expect(again.origin == embedded.origin)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let folder = try PatternSet.load(directory: root + "/patterns")
        let folderAgain = try folder.reloaded()
        #expect(folderAgain.documents.keys.sorted() == folder.documents.keys.sorted())
        #expect(folderAgain.events.map(\.id) == folder.events.map(\.id))
    }
}
