import Testing
@testable import ClusterState

struct JSONParserTests {
    @Test func parsesNestedValuesAndEscapes() throws {
        let v = try JSONParser.parse(Array(#"{"a": [1, -2.5e3, true, null], "s": "x\"y\u00e9\n", "o": {}}"#.utf8))
        #expect(v["a"] == .array([.number("1"), .number("-2.5e3"), .bool(true), .null]))
        #expect(v["s"] == .string("x\"yé\n"))
        #expect(v["o"] == .object([:]))
    }

    @Test func parsesConcatenatedDocuments() throws {
        let all = try JSONParser.parseAll(Array("{\"a\":1}\n{\n \"b\": 2\n}\n".utf8))
        #expect(all.count == 2)
    }

    @Test func reportsTheLineOfAnError() {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array("{\n\"a\": tru }".utf8)) }
    }

    @Test func compactJSONIsSortedAndRoundTrips() throws {
        let v = try JSONParser.parse(Array(#"{"b": 1, "a": "x"}"#.utf8))
        #expect(v.compactJSON == #"{"a":"x","b":1}"#)
        #expect(try JSONParser.parse(Array(v.compactJSON.utf8)) == v)
    }
}
