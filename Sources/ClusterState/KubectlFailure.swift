/// What a failed `kubectl get --raw` meant, read from its stderr (kubectl exits 1 for all of them).
enum KubectlFailure: Error, Sendable, Equatable {
    /// 403 or 401: RBAC or credentials; the data is not ours to see.
    case forbidden(String)
    /// 404: the resource type is not served (a CRD that is not installed).
    case notFound(String)
    /// 410: a continue token expired; the list must start over.
    case expired(String)
    /// The kubeconfig or context is wrong: no request was sent. Not retried.
    case configuration(String)
    /// Connection refused, DNS, TLS, timeouts, 5xx: the cluster could not be reached (retried under `within`).
    case unreachable(String)

    /// Classifies kubectl's stderr.
    static func classify(_ stderr: String) -> KubectlFailure {
        let message = summary(stderr)
        let lower = stderr.lowercased()
        if lower.contains("(forbidden)") || lower.contains("(unauthorized)") || lower.contains("you must be logged in") {
            return .forbidden(message)
        }
        if lower.contains("(notfound)") || lower.contains("the server could not find the requested resource") {
            return .notFound(message)
        }
        if lower.contains("(expired)") || lower.contains("(gone)") || lower.contains("too old to display a consistent list") {
            return .expired(message)
        }
        let configurationErrors = ["context was not found", "does not exist", "error loading config file", "invalid configuration",
                                   "no configuration has been provided", "cannot unmarshal", "unknown flag", "unable to read client-"]
        if configurationErrors.contains(where: lower.contains), !lower.contains("unable to connect") {
            return .configuration(message)
        }
        return .unreachable(message)
    }

    /// The last meaningful line of stderr, without kubectl's `error: ` prefix and the klog noise before it.
    static func summary(_ stderr: String) -> String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        // klog lines (`E0502 12:00:00.000000   123 memcache.go:265] ...`) repeat what the last line says.
        let meaningful = lines.filter { line in
            guard let first = line.first, "EWI".contains(first), line.count > 5 else { return true }
            return !line.dropFirst().prefix(4).allSatisfy(\.isNumber)
        }
        var text = meaningful.last ?? lines.last ?? "kubectl failed without a message"
        for prefix in ["error: ", "Error: "] where text.hasPrefix(prefix) { text = String(text.dropFirst(prefix.count)) }
        return text
    }
}
