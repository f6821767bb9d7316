import Foundation

/// A PostgreSQL history from `--history postgres://USER@HOST:PORT/DB?sslmode=MODE`.
///
/// The URL never carries a password: it would end up in shell history, CI logs and process
/// listings. One that does is refused; the password comes from `PGPASSWORD` or a `.pgpass`-style
/// file (`PGPASSFILE`, else `~/.pgpass`), as for `psql`. `description` is safe to print.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// How the connection is encrypted, after libpq's `sslmode`.
    public enum TLSMode: String, Sendable, Equatable, CaseIterable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it, certificates unchecked (libpq's `allow` is treated the same).
        case prefer
        /// TLS or no connection; certificates unchecked (libpq's meaning of `require`).
        case require
        /// TLS with a certificate signed by a trusted CA, host name unchecked.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for this host name.
        case verifyFull = "verify-full"
    }

    public var user: String
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    public init(user: String, host: String, port: Int = 5432, database: String, tls: TLSMode = .disable) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls
    }

    /// The URL without any secret: `postgres://user@host:port/db` (plus `?sslmode=` when not plain).
    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(user)@\(h):\(port)/\(database)" + (tls == .disable ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// Parses a `postgres://` or `postgresql://` URL. Errors never repeat the URL (it may hold a password).
    ///
    /// Missing parts default as for libpq: user `PGUSER`, else `USER`; host `localhost`; port 5432;
    /// database the user name; `sslmode` `disable` (tkgqa does not guess: write `?sslmode=require`).
    /// - Throws: `BaselineError` `.badLocation`.
    public static func parse(_ text: String, environment: [String: String]) throws -> PostgresLocation {
        let scheme = HistoryLocation.scheme(of: text) ?? "postgres"
        guard let c = URLComponents(string: text), c.scheme != nil else {
            throw BaselineError(.badLocation, "--history \(scheme)://...: not a valid URL; write postgres://USER@HOST:PORT/DATABASE")
        }
        if c.password != nil {
            throw BaselineError(.badLocation, "--history \(scheme)://...: the URL holds a password, which would show in logs and process lists; remove it and set PGPASSWORD or a ~/.pgpass entry instead")
        }
        guard let user = c.user ?? environment["PGUSER"] ?? environment["USER"], !user.isEmpty else {
            throw BaselineError(.badLocation, "--history \(scheme)://...: names no user; write postgres://USER@HOST:PORT/DATABASE")
        }
        var host = c.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) } // IPv6 literal
        let port = c.port ?? 5432
        guard (1...65535).contains(port) else {
            throw BaselineError(.badLocation, "--history \(scheme)://...: port \(port) is out of range")
        }
        var database = c.path
        while database.hasPrefix("/") { database.removeFirst() }
        if database.contains("/") {
            throw BaselineError(.badLocation, "--history \(scheme)://...: \"\(database)\" is not a database name; write postgres://USER@HOST:PORT/DATABASE")
        }
        if database.isEmpty { database = user }
        var tls = TLSMode.disable
        for item in c.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                let value = item.value ?? ""
                if value == "allow" { tls = .prefer; continue }
                guard let mode = TLSMode(rawValue: value) else {
                    let known = TLSMode.allCases.map(\.rawValue).joined(separator: ", ")
                    throw BaselineError(.badLocation, "--history \(scheme)://...: unknown sslmode \"\(value)\"; use one of \(known)")
                }
                tls = mode
            case "password":
                throw BaselineError(.badLocation, "--history \(scheme)://...: the URL holds a password, which would show in logs and process lists; remove it and set PGPASSWORD or a ~/.pgpass entry instead")
            default:
                throw BaselineError(.badLocation, "--history \(scheme)://...: unknown parameter \"\(item.name)\"; only sslmode is read (the connect timeout is --connect-timeout)")
            }
        }
        return PostgresLocation(user: user, host: host, port: port, database: database, tls: tls)
    }

    /// The password for this location: `PGPASSWORD`, else the first matching line of the
    /// `.pgpass`-style file (`PGPASSFILE`, else `$HOME/.pgpass`); nil when neither has one.
    ///
    /// As libpq does, a password file that group or others can read is ignored (the returned
    /// `warning` says so, for the caller to print once).
    public func password(environment: [String: String]) -> (password: String?, warning: String?) {
        if let p = environment["PGPASSWORD"], !p.isEmpty { return (p, nil) }
        let path: String
        if let file = environment["PGPASSFILE"], !file.isEmpty {
            path = file
        } else if let home = environment["HOME"], !home.isEmpty {
            path = home + "/.pgpass"
        } else {
            return (nil, nil)
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return (nil, nil) }
        if info.st_mode & 0o077 != 0 {
            return (nil, "password file \"\(path)\" is readable by group or others and is ignored; chmod 0600 it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return (nil, nil) }
        return (Self.passwordEntry(in: text, host: host, port: port, database: database, user: user), nil)
    }

    /// The password of the first `hostname:port:database:username:password` line that matches
    /// (`*` matches anything; `\:` and `\\` escape; `#` starts a comment line).
    static func passwordEntry(in text: String, host: String, port: Int, database: String, user: String) -> String? {
        let wanted = [host, String(port), database, user]
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : String(raw)
            if line.hasPrefix("#") { continue }
            var fields: [String] = [], current = "", escaped = false
            for ch in line {
                if escaped { current.append(ch); escaped = false }
                else if ch == "\\" { escaped = true }
                else if ch == ":" && fields.count < 4 { fields.append(current); current = "" }
                else { current.append(ch) }
            }
            fields.append(current)
            guard fields.count == 5 else { continue }
            let matches = zip(fields.prefix(4), wanted).allSatisfy { field, value in field == "*" || field == value }
            if matches { return fields[4] }
        }
        return nil
    }
}
