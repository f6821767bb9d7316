import Dispatch
import Foundation
import LogModel
import Testing

/// Locations hold their file as an interned name: equal names are one name whoever made them, and
/// a location still encodes, compares and hashes by its file name and line.
struct SourceLocationTests {
    @Test func equalNamesMadeApartAreEqual() {
        let name = "logs/" + String(repeating: "long-directory-name/", count: 3) + "cluster.log"
        let a = SourceLocation(file: name, line: 7)
        let b = SourceLocation(file: String(decoding: Array(name.utf8), as: UTF8.self), line: 7)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(a.fileName === b.fileName)
        #expect(Set([a, b]).count == 1)
        #expect(a != SourceLocation(file: name, line: 8))
        #expect(a != SourceLocation(file: name + ".1", line: 7))
    }

    @Test func ordersByFileNameThenLine() {
        let b2 = SourceLocation(file: "b.log", line: 2)
        let a9 = SourceLocation(file: "a.log", line: 9)
        let b10 = SourceLocation(file: "b.log", line: 10)
        #expect([b10, b2, a9].sorted() == [a9, b2, b10])
        #expect(!(b2 < b2))
    }

    @Test func encodesAsFileAndLine() throws {
        let location = SourceLocation(file: "console.log", line: 42)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(location), as: UTF8.self)
        #expect(json == #"{"file":"console.log","line":42}"#)
        #expect(try JSONDecoder().decode(SourceLocation.self, from: Data(json.utf8)) == location)
        #expect(location.description == "console.log:42")
    }

    @Test func theFileCanBeRenamed() {
        var location = SourceLocation(file: "old.log", line: 3)
        location.file = "new.log"
        #expect(location == SourceLocation(file: "new.log", line: 3))
        #expect(location.file == "new.log")
    }

    @Test func internsFromManyThreadsAtOnce() async {
        let names = (0..<50).map { "parallel-\($0).log" }
        let made = await withTaskGroup(of: [ObjectIdentifier].self) { group in
            for _ in 0..<8 { group.addTask { names.map { ObjectIdentifier(FileName.intern($0)) } } }
            var all: [[ObjectIdentifier]] = []
            for await ids in group { all.append(ids) }
            return all
        }
        #expect(Set(made).count == 1)
    }
}
