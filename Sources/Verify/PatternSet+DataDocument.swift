import Patterns

extension PatternSet {
    /// A data document of this set (`cluster-roles.yaml`, `reference-design.yaml`) parsed as YAML,
    /// with errors that name the file and what to copy when it is missing.
    func dataDocument(_ name: String) throws(VerifyError) -> YAMLValue {
        guard let text = documents[name] else {
            throw VerifyError(.badRoles, "\(origin) has no \(name)", hint: "copy patterns/\(name) into the pattern folder")
        }
        return try Self.parseDataDocument(text, path: origin == "embedded" ? "patterns/\(name)" : origin + "/" + name)
    }

    /// `text` parsed as YAML; a syntax error names `path:line:column`.
    static func parseDataDocument(_ text: String, path: String) throws(VerifyError) -> YAMLValue {
        do {
            return try YAMLValue.parse(text, path: path)
        } catch {
            throw VerifyError(.badRoles, error.description)
        }
    }
}
