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

    @Test func postgresIsNotSupportedYetAndNeverEchoesTheURL() {
        do {
            _ = try HistoryLocation.parse("postgres://qa:s3cret@db.example:5432/tkgqa", environment: env)
            Issue.record("expected an error")
        } catch let e as BaselineError {
            #expect(e.code == .unsupportedStore)
            #expect(e.message.contains("not supported yet"))
            #expect(!e.message.contains("s3cret"))
        } catch { Issue.record("\(error)") }
    }

    @Test func unknownSchemeIsRefused() {
        #expect(throws: BaselineError(.unknownScheme, "--history: unknown history store \"foo://\"; use sqlite:PATH or a file path")) {
            try HistoryLocation.parse("foo://bar", environment: env)
        }
    }
}
