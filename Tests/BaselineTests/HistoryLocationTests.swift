import Testing
@testable import Baseline

@Suite struct HistoryLocationTests {
    let env = ["HOME": "/home/qa"]

    @Test(arguments: [
        ("sqlite:ci/history.sqlite", "ci/history.sqlite"),
        ("sqlite:///var/lib/h.sqlite", "/var/lib/h.sqlite"),
        ("/abs/h.sqlite", "/abs/h.sqlite"),
        ("rel/h.sqlite", "rel/h.sqlite"),
    ])
    func sqliteLocations(text: String, path: String) throws {
        #expect(try HistoryLocation.parse(text, environment: env) == .sqlite(path: path))
    }

    @Test func defaultsFollowEnvironment() throws {
        #expect(try HistoryLocation.parse(nil, environment: env) == .sqlite(path: "/home/qa/.local/share/tkgqa/history.sqlite"))
        #expect(try HistoryLocation.parse(nil, environment: env.merging(["XDG_DATA_HOME": "/data"]) { $1 }) == .sqlite(path: "/data/tkgqa/history.sqlite"))
        #expect(try HistoryLocation.parse(nil, environment: env.merging(["TKGQA_HISTORY": "sqlite:/x.db"]) { $1 }) == .sqlite(path: "/x.db"))
    }

    @Test func unknownSchemeIsRefused() {
        #expect(throws: BaselineError(.unknownScheme, "--history: unknown history store \"foo://\"; use sqlite:PATH, a file path or postgres://USER@HOST:PORT/DB")) {
            try HistoryLocation.parse("foo://bar", environment: env)
        }
    }
}
