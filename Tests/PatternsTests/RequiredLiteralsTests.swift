import Testing
@testable import Patterns

/// The prefilter literals: only text every match must contain, per top-level alternative.
struct RequiredLiteralsTests {
    @Test(arguments: [
        (#"^Validating configuration\.\.\.$"#, [["Validating configuration..."]]),
        ("colou?r", [["colo", "r"]]),
        ("colou*r", [["colo", "r"]]),
        ("x+y", [["x", "y"]]),
        ("a{2,3}bc", [["bc"]]),
        ("waiting for (foo|bar) done", [["waiting for ", " done"]]),
        ("waiting (?:for )?packages", [["waiting ", "packages"]]),
        ("abc|def", [["abc"], ["def"]]),
        ("(abc|def)", []),
        (#"abc|\d+"#, []),
        ("(?:x|y)|z", []),
        (#"\bword\s+end"#, [["word", "end"]]),
        ("[abc]def[^x]gh", [["def", "gh"]]),
        (#"a\|b\.c\(d\)"#, [["a|b.c(d)"]]),
        (#"Error: %{GREEDYDATA:error}$"#, [["Error: "]]),
        (#"^creating workload cluster '%{SQUOTED:cluster}'\.\.\.$"#, [["creating workload cluster '", "'..."]]),
        (#"^%{ERROR_WRAP}cluster creation failed, reason:'%{DATA:reason}'$"#, [["cluster creation failed, reason:'", "'"]]),
        (".*", []),
        ("", []),
    ] as [(String, [[String]])])
    func extract(_ expression: String, _ expected: [[String]]) {
        #expect(RequiredLiterals.extract(from: expression) == expected)
    }

    @Test func unicodeLiteralsSurvive() {
        #expect(RequiredLiterals.extract(from: "✅ Cluster created") == [["✅ Cluster created"]])
    }
}
