import Foundation
import LogModel

/// Masks credential-looking values in objects before they are written to a snapshot, wherever they
/// appear: ConfigMap data, Cluster topology variables, container env values, annotations.
///
/// Two rules: a string under a key (or in a `{name, value}` pair, as env vars and topology variables
/// are written) whose name looks secret (`password`, `token`, `secret`, `*_KEY`, …) is replaced whole;
/// every other string goes through `LogModel.Redactor` (assignments, bearer tokens, PEM blocks, long
/// base64) plus URL passwords (`http://user:pw@proxy`). Names of objects and of the Secrets they refer
/// to (`secretName`, `secretKeyRef.name`) are kept: they name a secret, they are not one.
public enum RecordingRedactor {
    /// The replacement for a masked value.
    public static let mask = Redactor.mask

    /// The object with credentials masked (identity fields untouched).
    public static func redact(_ object: KubeObject) -> KubeObject {
        guard case .object(var members) = object.value else { return object }
        for (key, value) in members where key != "metadata" && key != "kind" && key != "apiVersion" {
            members[key] = key == "binaryData" ? redactBinaryData(value) : redact(value, key: key)
        }
        if case .object(var metadata)? = members["metadata"] {
            for key in ["annotations", "labels"] {
                if let value = metadata[key] { metadata[key] = redact(value, key: key) }
            }
            members["metadata"] = .object(metadata)
        }
        return KubeObject(.object(members), defaultKind: object.kind) ?? object
    }

    /// ConfigMap `binaryData` is base64 by definition (TKR BOMs live there): the text rules would mask
    /// every value whole, so decode each one, redact the text, and encode it again. Values that are
    /// not text stay as they are; values under secret-looking keys are masked.
    static func redactBinaryData(_ value: JSONValue) -> JSONValue {
        guard case .object(var entries) = value else { return value }
        for (key, entry) in entries {
            guard case .string(let encoded) = entry else { continue }
            if looksSecret(key) {
                entries[key] = .string(Data(mask.utf8).base64EncodedString())
                continue
            }
            guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { continue }
            let redacted = redactText(text)
            if redacted != text { entries[key] = .string(Data(redacted.utf8).base64EncodedString()) }
        }
        return .object(entries)
    }

    /// Whether a key or variable name looks like it holds a credential.
    public static func looksSecret(_ name: String) -> Bool {
        let n = name.lowercased().replacingOccurrences(of: "-", with: "_")
        if n.hasSuffix("name") || n.hasSuffix("ref") || n.hasSuffix("refs") { return false }
        let words = ["password", "passwd", "secret", "token", "credential", "private_key", "privatekey", "apikey", "api_key",
                     "access_key", "accesskey"]
        if words.contains(where: n.contains) { return true }
        return n.hasSuffix("_key") || n.hasSuffix("key_data") || n.hasSuffix("keydata") || n == "pass" || n == "pwd"
    }

    static func redact(_ value: JSONValue, key: String?) -> JSONValue {
        switch value {
        case .string(let s):
            if let key, looksSecret(key), !s.isEmpty { return .string(mask) }
            return .string(redactText(s))
        case .array(let items):
            return .array(items.map { redact($0, key: key) })
        case .object(var members):
            // `{name: VSPHERE_PASSWORD, value: ...}`: env vars, topology variables.
            if let name = members["name"]?.string, looksSecret(name), let v = members["value"], v != .null {
                members["value"] = .string(mask)
            }
            for (k, v) in members where !(k == "value" && members["value"] == .string(mask)) {
                members[k] = k == "name" ? v : redact(v, key: k)
            }
            return .object(members)
        case .null, .bool, .number:
            return value
        }
    }

    /// Text with credentials masked: `LogModel.Redactor` plus passwords in URLs.
    static func redactText(_ text: String) -> String {
        var text = Redactor.redact(text)
        guard text.contains("@"), text.contains("://") else { return text }
        // scheme://user:password@host → scheme://user:<redacted>@host
        var out = ""
        var rest = Substring(text)
        while let schemeEnd = rest.range(of: "://") {
            out += rest[..<schemeEnd.upperBound]
            rest = rest[schemeEnd.upperBound...]
            let authorityEnd = rest.firstIndex { "/ \"'\n,;".contains($0) } ?? rest.endIndex
            let authority = rest[..<authorityEnd]
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                out += authority[...colon] + mask + authority[at...]
            } else {
                out += authority
            }
            rest = rest[authorityEnd...]
        }
        out += rest
        text = out
        return text
    }
}
