import Testing
import LogModel
@testable import Patterns

/// Load errors of grok files: each names `path:line`, says what is wrong and how to fix it.
struct GrokLibraryTests {
    /// Loads `files` into one library and validates it; returns the library and every error.
    static func load(_ files: [(String, String)]) -> (GrokLibrary, [PatternError]) {
        var library = GrokLibrary()
        var errors: [PatternError] = []
        for (path, text) in files { library.add(file: path, contents: text, errors: &errors) }
        library.validate(errors: &errors)
        return (library, errors)
    }

    @Test func cleanFileLoads() {
        let (library, errors) = Self.load([("ok.grok", """
        # comment
        NUM \\d+
        #@sample NUM 42
        #@reject NUM 4x2
        PAIR %{NUM:a:int}-%{NUM:b}

        #@sample PAIR 1-2
        """)])
        #expect(errors.isEmpty, "\(errors)")
        #expect(library.definitions.keys.sorted() == ["NUM", "PAIR"])
        #expect(library.samples.count == 3)
        #expect(library.definitions["PAIR"]?.location == SourceLocation(file: "ok.grok", line: 5))
    }

    @Test func unknownNameWithDidYouMean() {
        let (_, errors) = Self.load([("patterns/tanzu.grok", "KLOG_TIME \\d{4}\nHEADER [IWE]%{KLOGG_TIME} x\n")])
        #expect(errors.map(\.code) == [.unknownPattern])
        #expect(errors.first?.description == "patterns/tanzu.grok:2: unknown pattern \"KLOGG_TIME\" in %{KLOGG_TIME}; did you mean KLOG_TIME?")
    }

    @Test func unknownNameWithNothingClose() {
        let (_, errors) = Self.load([("a.grok", "A %{COMPLETELY_DIFFERENT}\n")])
        #expect(errors.map(\.code) == [.unknownPattern])
        #expect(errors.first?.hint == nil)
        #expect(errors.first?.description.hasPrefix("a.grok:1: ") == true)
    }

    @Test func cycle() {
        let (_, errors) = Self.load([("cyc.grok", "A x%{B}\nB y%{C}\nC z%{A}\n")])
        #expect(errors.count == 3)
        #expect(errors.allSatisfy { $0.code == .cycle })
        #expect(errors.allSatisfy { $0.description.contains("refers to itself through") && $0.hint == "break the cycle" })
        #expect(errors.allSatisfy { $0.location?.file == "cyc.grok" })
        #expect(errors.contains { $0.description == "cyc.grok:2: pattern \"B\" refers to itself through B → C → A → B; break the cycle" },
                "\(errors.map(\.description))")
    }

    @Test func selfReference() {
        let (_, errors) = Self.load([("self.grok", "LOOP a%{LOOP}?\n")])
        #expect(errors.map(\.code) == [.cycle])
        #expect(errors.first?.location == SourceLocation(file: "self.grok", line: 1))
    }

    @Test func duplicateAcrossFiles() {
        let (library, errors) = Self.load([("one.grok", "NAME a\n"), ("two.grok", "\nNAME b\n")])
        #expect(errors.map(\.code) == [.duplicate])
        #expect(errors.first?.description == "two.grok:2: pattern \"NAME\" is defined twice; first defined at one.grok:1")
        #expect(library.definitions["NAME"]?.regex == "a")
    }

    @Test func badSampleAndReject() {
        let (_, errors) = Self.load([("bad.grok", "NUM \\d+\n#@sample NUM 12a\n#@reject NUM 42\n#@sample NUM 7\n")])
        #expect(errors.map(\.code) == [.badSample, .badSample])
        #expect(errors.map(\.description) == [
            "bad.grok:2: NUM does not match sample \"12a\"; fix the pattern at bad.grok:1 or the sample",
            "bad.grok:3: NUM matches rejected text \"42\"; fix the pattern at bad.grok:1 or the sample",
        ])
    }

    @Test func sampleOfUnknownPattern() {
        let (_, errors) = Self.load([("s.grok", "NUM \\d+\n#@sample NUMM 1\n")])
        #expect(errors.map(\.description) == ["s.grok:2: sample names unknown pattern \"NUMM\"; did you mean NUM?"])
    }

    @Test func malformedSampleLine() {
        let (_, errors) = Self.load([("m.grok", "NUM \\d+\n#@sample NUM\n")])
        #expect(errors.map(\.code) == [.syntax])
        #expect(errors.first?.location == SourceLocation(file: "m.grok", line: 2))
    }

    @Test func badFieldType() {
        let (_, errors) = Self.load([("t.grok", "NUM \\d+\nAGE %{NUM:age:integer}\n")])
        #expect(errors.map(\.code) == [.badType])
        #expect(errors.first?.description == "t.grok:2: unknown field type \"integer\" for age; types are string, int, float, duration")
    }

    @Test func conflictingFieldTypes() throws {
        let (library, errors) = Self.load([("c.grok", "NUM \\d+\n")])
        #expect(errors.isEmpty)
        let here = SourceLocation(file: "events/x.yaml", line: 7)
        let error = #expect(throws: PatternError.self) { try library.expand("%{NUM:n:int} and %{NUM:n:float}", at: here) }
        #expect(error?.code == .badType)
        #expect(error?.location == here)
    }

    @Test func badFieldName() {
        let library = Self.load([("c.grok", "NUM \\d+\n")]).0
        let error = #expect(throws: PatternError.self) { try library.expand("%{NUM:1st}", at: SourceLocation(file: "f", line: 1)) }
        #expect(error?.code == .syntax)
        #expect(error?.message == "bad field name \"1st\"")
    }

    @Test func unclosedReference() {
        let library = Self.load([("c.grok", "NUM \\d+\n")]).0
        let error = #expect(throws: PatternError.self) { try library.expand("%{NUM", at: SourceLocation(file: "f", line: 3)) }
        #expect(error?.code == .syntax)
        #expect(error?.description.hasPrefix("f:3: unclosed %{") == true)
    }

    @Test func badRegexNamesTheOffset() {
        let (_, errors) = Self.load([("r.grok", "OK a\nBROKEN (unclosed\n")])
        #expect(errors.map(\.code) == [.badRegex])
        #expect(errors.first?.location == SourceLocation(file: "r.grok", line: 2))
        #expect(errors.first?.message.contains("at offset") == true)
    }

    @Test(arguments: ["lower x", "9LIVES x", "MIXED_case x"])
    func badName(_ line: String) {
        let (_, errors) = Self.load([("n.grok", line + "\n")])
        #expect(errors.map(\.code) == [.syntax])
        #expect(errors.first?.description.hasPrefix("n.grok:1: bad pattern name") == true)
    }

    @Test func nameWithoutRegex() {
        let (_, errors) = Self.load([("n.grok", "EMPTY\n")])
        #expect(errors.first?.description == "n.grok:1: pattern \"EMPTY\" has no regex; write `NAME regex` on one line")
    }

    @Test func everyErrorIsReportedNotJustTheFirst() {
        let (_, errors) = Self.load([("many.grok", "lower x\nA %{NOPE}\nA y\n#@sample B 1\n")])
        #expect(errors.count == 4, "\(errors.map(\.description))")
        #expect(errors.allSatisfy { $0.location != nil })
    }

    @Test func expansionWrapsReferencesAndTypesFields() throws {
        let library = Self.load([("e.grok", "NUM \\d+\nDUR \\d+s\n")]).0
        let expr = try library.expand("took %{DUR:d:duration} over %{NUM} tries, %{NUM:n:int}", at: SourceLocation(file: "e", line: 1))
        #expect(expr.regex == "took (?<d>\\d+s) over (?:\\d+) tries, (?<n>\\d+)")
        #expect(expr.fields == [.init(name: "d", type: .duration), .init(name: "n", type: .int)])
    }

    @Test func crlfGrokFile() {
        let (library, errors) = Self.load([("w.grok", "NUM \\d+\r\n#@sample NUM 42\r\n")])
        #expect(errors.isEmpty, "\(errors)")
        #expect(library.definitions["NUM"]?.regex == "\\d+")
    }
}
