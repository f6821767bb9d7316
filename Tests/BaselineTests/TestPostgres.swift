import Foundation
import Testing
@testable import Baseline

/// Gives PostgreSQL tests their server: skipped with a clear message when `TKGQA_TEST_POSTGRES_URL`
/// is unset on a developer's machine, a failure under `CI=true` (where `.ci/run` starts one).
enum TestPostgres {
    static let setUp = "eval \"$(scripts/pg-test-cluster.sh start)\" (see .ci/run)"

    /// A fresh empty database, dropped when released.
    static func scratchDatabase() throws -> PostgresScratchDatabase {
        try PostgresScratchDatabase(serverURL: serverURL())
    }

    /// The test server's URL, or a skip (locally) or failure (CI).
    static func serverURL() throws -> String {
        if let url = PostgresScratchDatabase.serverURL { return url }
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            throw Unconfigured(text: "CI=true but TKGQA_TEST_POSTGRES_URL is unset: PostgreSQL tests must run in CI; start a server with \(setUp)")
        }
        try Test.cancel("skipped: TKGQA_TEST_POSTGRES_URL is unset; start a PostgreSQL test server with \(setUp)")
    }

    struct Unconfigured: Error, CustomStringConvertible { var text: String; var description: String { text } }
}
