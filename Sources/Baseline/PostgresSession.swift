import Foundation
import Logging
import PostgresNIO // re-exports NIO and NIOSSL

/// One PostgreSQL connection used from synchronous code: the bridge between `HistoryStore`'s
/// blocking calls and postgres-nio's non-blocking API.
///
/// Every query runs on a dedicated one-thread event loop group, never on Swift's cooperative pool,
/// and the calling thread blocks on a semaphore until the future completes. So a caller on any
/// thread (the CLI's main thread, a test on the cooperative pool) cannot starve the I/O it waits
/// for. Connecting is bounded by `connectTimeout` twice over: postgres-nio's own deadline, and a
/// wait that gives up a few seconds later whatever the library does. Not thread-safe by itself:
/// the store serialises its calls.
final class PostgresSession: @unchecked Sendable {
    /// The history's own event loop: one thread is plenty for one connection per process.
    static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    let location: PostgresLocation
    private let connection: PostgresConnection
    /// postgres-nio's logger: silent unless the caller asked for trace output (the CLI prints
    /// exactly one line per error, and swift-log's default handler would print library chatter).
    private let libraryLogger: Logger
    private var closed = false

    /// Connects and authenticates.
    /// - Throws: `BaselineError` `.unreachable`, `.authentication` or `.database`.
    init(location: PostgresLocation, password: String?, connectTimeout: Double, logger: Logger) throws {
        self.location = location
        libraryLogger = logger.logLevel <= .trace ? logger : Logger(label: "tkgqa.postgres", factory: { _ in SwiftLogNoOpLogHandler() })
        var config = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                      password: password, database: location.database,
                                                      tls: try Self.tls(location))
        let timeout = max(connectTimeout, 0.001)
        config.options.connectTimeout = .nanoseconds(Int64(timeout * 1e9))
        config.options.additionalStartupParameters = [("application_name", "tkgqa")]
        let future = PostgresConnection.connect(on: Self.group.next(), configuration: config, id: 1, logger: libraryLogger)
        do {
            connection = try Self.wait(future, timeout: timeout + 5)
        } catch {
            // A connection that completes after we gave up must not linger.
            future.whenSuccess { let _: EventLoopFuture<Void> = $0.close() }
            throw PostgresErrors.mapped(error, location: location, connectTimeout: timeout, doing: "connect to")
        }
    }

    deinit { close() }

    /// Closes the connection (idempotent); the server ends our session at once.
    func close() {
        guard !closed else { return }
        closed = true
        if connection.eventLoop.inEventLoop {
            let _: EventLoopFuture<Void> = connection.close()
        } else {
            _ = try? Self.wait(connection.close(), timeout: 5)
        }
    }

    /// Runs one statement and returns its rows.
    /// - Throws: the library's error, unmapped (callers decide whether to retry).
    @discardableResult
    func query(_ query: PostgresQuery) throws -> [PostgresRow] {
        try Self.wait(connection.query(query, logger: libraryLogger), timeout: nil).rows
    }

    /// Runs SQL without parameters.
    func execute(_ sql: String) throws {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Blocks the calling thread until `future` completes (or `timeout` seconds pass).
    private static func wait<T>(_ future: EventLoopFuture<T>, timeout: Double?) throws -> T {
        precondition(!future.eventLoop.inEventLoop, "PostgresSession must not block its own event loop")
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { result in
            box.set(result)
            done.signal()
        }
        if let timeout {
            if done.wait(timeout: .now() + timeout) == .timedOut {
                throw PostgresErrors.Timeout(seconds: timeout)
            }
        } else {
            done.wait()
        }
        return try box.get()
    }

    private static func tls(_ location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch location.tls {
        case .disable: return .disable
        case .prefer, .require: tls.certificateVerification = .none
        case .verifyCA: tls.certificateVerification = .noHostnameVerification
        case .verifyFull: tls.certificateVerification = .fullVerification
        }
        let context: NIOSSLContext
        do { context = try NIOSSLContext(configuration: tls) } catch {
            throw BaselineError(.unreachable, "cannot set up TLS for \(location)", cause: "\(error)")
        }
        return location.tls == .prefer ? .prefer(context) : .require(context)
    }
}

/// A result handed from the event loop to the blocked caller.
private final class ResultBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?

    func set(_ r: Result<T, any Error>) {
        lock.lock(); defer { lock.unlock() }
        result = r
    }

    func get() throws -> T {
        lock.lock(); defer { lock.unlock() }
        return try result!.get()
    }
}
