import Foundation

/// Reads recording files: JSON (one or several concatenated documents) or YAML (`---` separated),
/// told apart by the first non-blank character, since some kubectl versions write YAML into `.json` files.
enum ObjectFile {
    /// Every document in the file.
    static func documents(at path: String) throws(ClusterStateError) -> [JSONValue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ClusterStateError(.unreadable, "cannot read file", path: path, hint: "check that it exists and is readable")
        }
        return try documents(in: [UInt8](data), path: path)
    }

    /// Every document in the bytes (`path` is for error messages).
    static func documents(in bytes: [UInt8], path: String) throws(ClusterStateError) -> [JSONValue] {
        let first = bytes.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        if first == nil { return [] }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            do {
                return try JSONParser.parseAll(bytes)
            } catch {
                throw ClusterStateError(.badFormat, "not valid JSON: \(error)", path: path, hint: "re-record it or fix the file")
            }
        }
        do {
            return try YAMLObjects.parseAll(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw ClusterStateError(.badFormat, "not valid JSON or YAML: \(error)", path: path, hint: "re-record it or fix the file")
        }
    }

    /// The objects of a document: the items of a `*List`, or the document itself. `listKind` is the
    /// kind a list declares (`PodList` → `Pod`), even when it is empty.
    static func objects(of document: JSONValue) -> (objects: [KubeObject], listKind: ResourceKind?) {
        let kindName = document["kind"]?.string ?? ""
        let apiVersion = document["apiVersion"]?.string ?? "v1"
        if let items = document["items"]?.array {
            var itemKind: ResourceKind?
            if kindName.hasSuffix("List"), kindName != "List" {
                itemKind = ResourceKind(apiVersion: apiVersion, kind: String(kindName.dropLast(4)))
            }
            let objects = items.compactMap { KubeObject($0, defaultKind: itemKind) }
            return (objects, itemKind ?? objects.first?.kind)
        }
        if let object = KubeObject(document) { return ([object], object.kind) }
        return ([], nil)
    }
}
