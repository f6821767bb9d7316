import Foundation
import Testing
@testable import Baseline

@Suite struct PostgresLocationTests {
    let env = ["HOME": "/home/qa", "USER": "qa"]

    @Test(arguments: [
        ("postgres://ci@127.0.0.1:5433/tkgqa", PostgresLocation(user: "ci", host: "127.0.0.1", port: 5433, database: "tkgqa")),
        ("postgresql://ci@db.example/history?sslmode=require", PostgresLocation(user: "ci", host: "db.example", database: "history", tls: .require)),
        ("postgres://ci@[::1]:6000/h?sslmode=verify-full", PostgresLocation(user: "ci", host: "::1", port: 6000, database: "h", tls: .verifyFull)),
        ("postgres://127.0.0.1", PostgresLocation(user: "qa", host: "127.0.0.1", database: "qa")),
    ])
    func parses(text: String, expected: PostgresLocation) throws {
        #expect(try HistoryLocation.parse(text, environment: env) == .postgres(expected))
    }

    @Test func descriptionNeverHoldsASecretAndShowsTLS() {
        #expect(PostgresLocation(user: "ci", host: "h", database: "d").description == "postgres://ci@h:5432/d")
        #expect(PostgresLocation(user: "ci", host: "::1", port: 1, database: "d", tls: .require).description == "postgres://ci@[::1]:1/d?sslmode=require")
    }

    @Test(arguments: ["postgres://qa:s3cret@db.example:5432/tkgqa", "postgres://qa@db.example/tkgqa?password=s3cret"])
    func aPasswordInTheURLIsRefusedWithoutEchoingIt(text: String) {
        do {
            _ = try HistoryLocation.parse(text, environment: env)
            Issue.record("expected an error")
        } catch let e as BaselineError {
            #expect(e.code == .badLocation)
            #expect(e.message.contains("set PGPASSWORD"))
            #expect(!e.description.contains("s3cret"))
        } catch { Issue.record("\(error)") }
    }

    @Test func badParametersAreRefused() {
        #expect(throws: BaselineError.self) { try HistoryLocation.parse("postgres://qa@h/d?sslmode=maybe", environment: env) }
        #expect(throws: BaselineError.self) { try HistoryLocation.parse("postgres://qa@h/d?connect_timeout=3", environment: env) }
        #expect(throws: BaselineError.self) { try HistoryLocation.parse("postgres://qa@h/a/b", environment: env) }
    }

    @Test func passwordFileEntries() {
        let file = """
        # comment
        other:5432:*:qa:nope
        db.example:5432:tkgqa:qa:pa\\:ss\\\\word
        *:*:*:*:fallback
        """
        #expect(PostgresLocation.passwordEntry(in: file, host: "db.example", port: 5432, database: "tkgqa", user: "qa") == "pa:ss\\word")
        #expect(PostgresLocation.passwordEntry(in: file, host: "db.example", port: 5433, database: "tkgqa", user: "qa") == "fallback")
        #expect(PostgresLocation.passwordEntry(in: "h:1:d:u", host: "h", port: 1, database: "d", user: "u") == nil)
    }

    @Test func passwordComesFromPGPASSWORDThenThePasswordFile() throws {
        let dir = TestSupport.tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pgpass = dir.appendingPathComponent("pgpass").path
        try "127.0.0.1:5432:h:ci:fromfile\n".write(toFile: pgpass, atomically: true, encoding: .utf8)
        chmod(pgpass, 0o600)
        let loc = PostgresLocation(user: "ci", host: "127.0.0.1", database: "h")
        #expect(loc.password(environment: ["PGPASSFILE": pgpass, "PGPASSWORD": "fromenv"]).password == "fromenv")
        #expect(loc.password(environment: ["PGPASSFILE": pgpass]).password == "fromfile")
        // ~/.pgpass when PGPASSFILE is unset.
        try FileManager.default.copyItem(atPath: pgpass, toPath: dir.appendingPathComponent(".pgpass").path)
        #expect(loc.password(environment: ["HOME": dir.path]).password == "fromfile")
        // Like libpq, a file others can read is ignored, and the caller is told why.
        chmod(pgpass, 0o644)
        let loose = loc.password(environment: ["PGPASSFILE": pgpass])
        #expect(loose.password == nil)
        #expect(loose.warning?.contains("chmod 0600") == true)
        #expect(loc.password(environment: ["PGPASSFILE": dir.appendingPathComponent("none").path]).password == nil)
    }
}
