import Foundation

/// Removes credential-looking values from anything verify prints: URL passwords
/// (`http://user:pw@proxy`), `password=…`/`token: …` pairs, bearer tokens and PEM private keys.
/// Secrets are never read in the first place; this guards values that leak into ConfigMaps and messages.
public enum Redactor {
    private static let rules: [(NSRegularExpression, String)] = [
        (#"(?s)-----BEGIN [A-Z ]*PRIVATE KEY-----.*?-----END [A-Z ]*PRIVATE KEY-----"#, "<redacted private key>"),
        (#"([a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@"]+):[^@\s/"]+@"#, "$1:<redacted>@"),
        (#"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}"#, "$1 <redacted>"),
        (#"(?i)\b([a-z_-]*(?:password|passwd|secret|token|apikey|api-key|api_key|credentials?))(["']?\s*[:=]\s*["']?)([^\s"',}]+)"#, "$1$2<redacted>"),
    ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

    /// `text` with credential-looking values replaced by `<redacted>`.
    public static func redact(_ text: String) -> String {
        guard text.contains(":") || text.contains("=") || text.contains("-----") || text.lowercased().contains("bearer") else { return text }
        var result = text
        for (regex, template) in rules {
            let range = NSRange(result.startIndex..., in: result)
            result = regex.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }
}
