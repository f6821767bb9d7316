import Foundation
import PostgresNIO

/// Turns postgres-nio's errors into one clear `BaselineError` line each.
///
/// `PSQLError`'s own description is deliberately generic (it hides server details), so the parts
/// that matter — the SQLSTATE, the server's message, the socket error underneath — are read here.
/// Messages name the location without a password (a URL never holds one) and end with a remedy.
enum PostgresErrors {
    /// Our own bound on a blocking wait ran out.
    struct Timeout: Error { var seconds: Double }

    /// SQLSTATEs after which the same transaction, run again, may well succeed.
    static let retryable: Set<String> = ["40001", "40P01"]

    /// The SQLSTATE of a server error, if `error` is one.
    static func sqlState(_ error: Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func mapped(_ error: Error, location: PostgresLocation, connectTimeout: Double, doing: String) -> BaselineError {
        if let e = error as? BaselineError { return e }
        let at = "\(location.host):\(location.port)"
        let within = seconds(connectTimeout)
        if error is Timeout {
            return BaselineError(.unreachable, "no answer from PostgreSQL at \(at) within \(within) (--connect-timeout); check the host, port and firewall")
        }
        guard let e = error as? PSQLError else {
            return BaselineError(.database, "cannot \(doing) history \(location)", cause: "\(error)")
        }
        switch e.code {
        case .server:
            let state = e.serverInfo?[.sqlState] ?? ""
            let message = e.serverInfo?[.message] ?? "server error"
            let cause = "SQLSTATE \(state): \(message)"
            switch state {
            case "28P01", "28000":
                return BaselineError(.authentication, "PostgreSQL at \(at) refused user \"\(location.user)\" (\(message)); check PGPASSWORD or the ~/.pgpass line for it")
            case "3D000":
                return BaselineError(.database, "database \"\(location.database)\" does not exist on PostgreSQL at \(at); create it (createdb \(location.database)) or name another in --history")
            case "42501":
                return BaselineError(.database, "user \"\(location.user)\" may not \(doing) history \(location) (\(message)); grant it the rights or use another user")
            case "57P03", "53300", "57P01":
                return BaselineError(.unreachable, "PostgreSQL at \(at) does not accept connections now (\(message)); try again")
            default:
                return BaselineError(.database, "cannot \(doing) history \(location)", cause: cause)
            }
        case .authMechanismRequiresPassword:
            return BaselineError(.authentication, "PostgreSQL at \(at) asks for a password for user \"\(location.user)\"; set PGPASSWORD or add a ~/.pgpass line (never put it in the URL)")
        case .unsupportedAuthMechanism, .saslError:
            return BaselineError(.authentication, "cannot authenticate user \"\(location.user)\" at PostgreSQL \(at) (\(e.code)); use password, md5 or scram-sha-256 authentication")
        case .sslUnsupported:
            return BaselineError(.unreachable, "PostgreSQL at \(at) does not offer TLS, but --history asks for sslmode=\(location.tls.rawValue)")
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return BaselineError(.unreachable, "TLS with PostgreSQL at \(at) failed; check the server's certificate or the sslmode", cause: e.underlying.map { "\($0)" })
        case .connectionError:
            return BaselineError(.unreachable, "cannot reach PostgreSQL at \(at): \(socketProblem(e.underlying, within: within)); check that the server runs and --history names its host and port")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return BaselineError(.unreachable, "PostgreSQL at \(at) closed the connection while tkgqa tried to \(doing) the history; try again")
        default:
            return BaselineError(.database, "cannot \(doing) history \(location)", cause: "\(e.code)")
        }
    }

    /// "connection refused", "no answer within 10 s", "host not found", ...
    static func socketProblem(_ underlying: Error?, within: String) -> String {
        guard let underlying else { return "connection failed" }
        if let c = underlying as? ChannelError, case .connectTimeout = c { return "no answer within \(within) (--connect-timeout)" }
        if let n = underlying as? NIOConnectionError {
            if n.dnsAError != nil || n.dnsAAAAError != nil, n.connectionErrors.isEmpty { return "host \"\(n.host)\" not found" }
            if let first = n.connectionErrors.first { return socketProblem(first.error, within: within) }
            return "host \"\(n.host)\" not found"
        }
        if let io = underlying as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ETIMEDOUT: return "no answer within \(within) (--connect-timeout)"
            case EHOSTUNREACH, ENETUNREACH: return "host unreachable"
            default: return String(cString: strerror(io.errnoCode)).lowercased()
            }
        }
        if underlying is NIOSSLError { return "TLS failed (\(underlying))" }
        return "\(underlying)"
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
