#if DEBUG
import Foundation
import Logging

/// For tests only (debug builds): an empty database of its own on a test server, dropped on release,
/// so PostgreSQL tests run in parallel without seeing each other's runs.
///
/// Made from the server named by `TKGQA_TEST_POSTGRES_URL` (whose user may create databases);
/// `scripts/pg-test-cluster.sh start` provides one on 127.0.0.1.
final class PostgresScratchDatabase: @unchecked Sendable {
    /// The test server's URL from the environment, nil when unset.
    static var serverURL: String? {
        ProcessInfo.processInfo.environment["TKGQA_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    let admin: PostgresLocation
    /// The scratch database: pass `url` to `--history`, or `location` to `PostgresHistoryStore`.
    let location: PostgresLocation
    var url: String { location.description }

    init(serverURL: String) throws {
        guard case .postgres(let server) = try HistoryLocation.parse(serverURL) else {
            throw BaselineError(.badLocation, "TKGQA_TEST_POSTGRES_URL is not a postgres:// URL")
        }
        admin = server
        var scratch = server
        scratch.database = "tkgqa_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        location = scratch
        try withAdmin { try $0.execute("CREATE DATABASE \(location.database)") }
    }

    deinit {
        try? withAdmin { try $0.execute("DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)") }
    }

    /// Runs SQL in the scratch database (to plant a newer schema version, say).
    func execute(_ sql: String) throws {
        let session = try PostgresSession(location: location, password: location.password(environment: ProcessInfo.processInfo.environment).password,
                                          connectTimeout: 10, logger: Logger(label: "tkgqa.test"))
        defer { session.close() }
        try session.execute(sql)
    }

    private func withAdmin(_ body: (PostgresSession) throws -> Void) throws {
        let session = try PostgresSession(location: admin, password: admin.password(environment: ProcessInfo.processInfo.environment).password,
                                          connectTimeout: 10, logger: Logger(label: "tkgqa.test"))
        defer { session.close() }
        try body(session)
    }
}
#endif
