import ClusterState
import Foundation
import Synchronization

/// A stand-in Kubernetes API server for tests: serves a `StandInCluster` over HTTPS on 127.0.0.1 to
/// the real `kubectl`, the way `kubectl get --raw` asks for it.
///
/// It answers `/version`, the discovery paths (`/api`, `/api/v1`, `/apis`, `/apis/GROUP/VERSION`) and
/// list paths (cluster-scoped, all namespaces and per namespace) with `limit`/`continue` paging, like
/// the real server: list items carry no `kind`/`apiVersion`, a stale continue token answers 410
/// Expired, a forbidden kind answers a 403 `Status`. It records every request's method and path, so a
/// test can prove tkgqa sent nothing but GETs. Tests change the served state between requests.
public final class StandInAPIServer: Sendable {
    /// One request as received.
    public struct Request: Sendable, Hashable, CustomStringConvertible {
        public var method: String
        /// The request target: path and query.
        public var path: String
        public var description: String { "\(method) \(path)" }
    }

    private struct State: Sendable {
        var cluster: StandInCluster
        var requests: [Request] = []
        var forbidden: Set<ResourceKind> = []
        /// Continue tokens carry the epoch they were made in; `expireContinueTokens` moves it on.
        var tokenEpoch = 1
        var expireNextContinue = false
    }

    /// The served state, shared with the connection threads.
    private final class Shared: Sendable {
        let state: Mutex<State>
        init(_ state: State) { self.state = Mutex(state) }
    }

    private let shared: Shared
    private let server: Mutex<TLSServer?> = Mutex(nil)
    /// The credentials kubectl uses to talk to this server.
    public let credentials: StandInCredentials
    /// The port on 127.0.0.1.
    public let port: Int

    /// Starts serving `cluster` with certificates from `credentials`.
    public init(serving cluster: StandInCluster, credentials: StandInCredentials) throws {
        let shared = Shared(State(cluster: cluster))
        self.shared = shared
        self.credentials = credentials
        let tls = try TLSServer(certificate: credentials.serverCertificate, key: credentials.serverKey,
                                clientCA: credentials.caCertificate) { method, target in
            StandInAPIServer.respond(method: method, target: target, shared: shared)
        }
        self.port = tls.port
        server.withLock { $0 = tls }
    }

    /// `https://127.0.0.1:PORT`.
    public var url: String { "https://127.0.0.1:\(port)" }

    /// Replaces the served state.
    public func serve(_ cluster: StandInCluster) { shared.state.withLock { $0.cluster = cluster } }

    /// Changes the served state in place.
    public func change(_ body: (inout StandInCluster) -> Void) { shared.state.withLock { body(&$0.cluster) } }

    /// Answers 403 Forbidden to lists of these kinds (as RBAC would).
    public func forbid(_ kinds: Set<ResourceKind>) { shared.state.withLock { $0.forbidden = kinds } }

    /// Makes the next request that carries a continue token answer 410 Expired (as after etcd compaction).
    public func expireNextContinueToken() { shared.state.withLock { $0.expireNextContinue = true } }

    /// Every request received so far, in order.
    public var requests: [Request] { shared.state.withLock { $0.requests } }

    /// Stops the server; kubectl then sees "connection refused".
    public func stop() {
        server.withLock { $0?.stop(); $0 = nil }
    }

    deinit { stop() }

    /// A kubeconfig whose `context` points at this server with the test's client certificate.
    public func kubeconfig(context: String) -> String {
        StandInCredentials.kubeconfig(server: url, context: context, credentials: credentials)
    }

    // MARK: - routing

    private static func respond(method: String, target: String, shared: Shared) -> (status: Int, contentType: String, body: [UInt8]) {
        shared.state.withLock { s in
            s.requests.append(Request(method: method, path: target))
            guard method == "GET" else {
                return status(405, reason: "MethodNotAllowed", message: "the stand-in serves GET only, not \(method)")
            }
            let (path, query) = split(target)
            let segments = path.split(separator: "/").map(String.init)
            switch segments {
            case ["version"]:
                return json(versionDocument(s.cluster.serverVersion))
            case ["api"]:
                return json(.object(["kind": "APIVersions", "versions": .array(["v1"]),
                                     "serverAddressByClientCIDRs": .array([])]))
            case ["apis"]:
                return json(groupList(s.cluster))
            case ["api", "v1"]:
                return json(resourceList(group: "", version: "v1", s.cluster))
            default:
                break
            }
            let group: String, version: String, rest: [String]
            if segments.count >= 3, segments[0] == "api", segments[1] == "v1" {
                (group, version, rest) = ("", "v1", Array(segments.dropFirst(2)))
            } else if segments.count == 3, segments[0] == "apis" {
                return json(resourceList(group: segments[1], version: segments[2], s.cluster))
            } else if segments.count >= 4, segments[0] == "apis" {
                (group, version, rest) = (segments[1], segments[2], Array(segments.dropFirst(3)))
            } else {
                return status(404, reason: "NotFound", message: "the server could not find the requested resource")
            }
            let plural: String, namespace: String?
            switch rest.count {
            case 1: (plural, namespace) = (rest[0], nil)
            case 3 where rest[0] == "namespaces": (plural, namespace) = (rest[2], rest[1])
            default: return status(404, reason: "NotFound", message: "the server could not find the requested resource")
            }
            guard let resource = served(group: group, version: version, s.cluster).first(where: { $0.plural == plural }),
                  namespace == nil || resource.namespaced else {
                return status(404, reason: "NotFound", message: "the server could not find the requested resource")
            }
            if s.forbidden.contains(resource.kind) {
                let scope = namespace.map { "in the namespace \"\($0)\"" } ?? "at the cluster scope"
                return status(403, reason: "Forbidden",
                              message: "\(plural)\(group.isEmpty ? "" : ".\(group)") is forbidden: User \"tkgqa-test\" cannot list resource \"\(plural)\" in API group \"\(group)\" \(scope)")
            }
            var offset = 0
            if let token = query["continue"], !token.isEmpty {
                guard !s.expireNextContinue, let (epoch, start) = decodeToken(token), epoch == s.tokenEpoch else {
                    s.expireNextContinue = false
                    s.tokenEpoch += 1
                    return status(410, reason: "Expired",
                                  message: "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.")
                }
                offset = start
            }
            let all = s.cluster.objects
                .filter { $0.kind == resource.kind && (namespace == nil || $0.namespace == namespace) }
                .sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
            let limit = query["limit"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? Int.max
            let page = all.dropFirst(offset).prefix(limit)
            let next = offset + page.count
            var metadata: [String: JSONValue] = ["resourceVersion": .string("\(1000 + s.tokenEpoch)")]
            if next < all.count {
                metadata["continue"] = .string(encodeToken(epoch: s.tokenEpoch, offset: next))
                metadata["remainingItemCount"] = .number("\(all.count - next)")
            }
            // Like the real server, list items carry no kind or apiVersion: the List's kind names them.
            let items = page.map { o -> JSONValue in
                guard var members = o.value.object else { return o.value }
                members["kind"] = nil
                members["apiVersion"] = nil
                return .object(members)
            }
            return json(.object(["kind": .string(resource.kind.kind + "List"), "apiVersion": .string(resource.apiVersion),
                                 "metadata": .object(metadata), "items": .array(Array(items))]))
        }
    }

    private static func served(group: String, version: String, _ cluster: StandInCluster) -> [KnownResource] {
        KnownResource.all.filter { $0.kind.group == group && $0.version == version && cluster.servedKinds.contains($0.kind) }
    }

    private static func groupList(_ cluster: StandInCluster) -> JSONValue {
        var versions: [String: Set<String>] = [:]
        for resource in KnownResource.all where resource.kind.group != "" && cluster.servedKinds.contains(resource.kind) {
            versions[resource.kind.group, default: []].insert(resource.version)
        }
        let groups = versions.keys.sorted().map { name -> JSONValue in
            let list = versions[name]!.sorted()
            let entries = list.map { v -> JSONValue in .object(["groupVersion": .string("\(name)/\(v)"), "version": .string(v)]) }
            return .object(["name": .string(name), "versions": .array(entries), "preferredVersion": entries.last!])
        }
        return .object(["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(groups)])
    }

    private static func resourceList(group: String, version: String, _ cluster: StandInCluster) -> JSONValue {
        let resources = served(group: group, version: version, cluster).map { r -> JSONValue in
            .object(["name": .string(r.plural), "singularName": .string(r.kind.kind.lowercased()), "namespaced": .bool(r.namespaced),
                     "kind": .string(r.kind.kind), "verbs": .array(["get", "list", "watch"])])
        }
        return .object(["kind": "APIResourceList", "apiVersion": "v1",
                        "groupVersion": .string(group.isEmpty ? version : "\(group)/\(version)"), "resources": .array(resources)])
    }

    private static func versionDocument(_ gitVersion: String) -> JSONValue {
        let digits = gitVersion.dropFirst().split(separator: ".")
        return .object(["major": .string(digits.first.map(String.init) ?? "1"), "minor": .string(digits.count > 1 ? String(digits[1]) : "25"),
                        "gitVersion": .string(gitVersion), "platform": "linux/amd64"])
    }

    private static func json(_ value: JSONValue) -> (status: Int, contentType: String, body: [UInt8]) {
        (200, "application/json", Array(value.compactJSON.utf8))
    }

    private static func status(_ code: Int, reason: String, message: String) -> (status: Int, contentType: String, body: [UInt8]) {
        let value: JSONValue = .object(["kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Failure",
                                        "message": .string(message), "reason": .string(reason), "code": .number("\(code)")])
        return (code, "application/json", Array(value.compactJSON.utf8))
    }

    private static func split(_ target: String) -> (path: String, query: [String: String]) {
        guard let q = target.firstIndex(of: "?") else { return (target, [:]) }
        var query: [String: String] = [:]
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            let value = kv.count > 1 ? kv[1] : ""
            query[kv[0]] = value.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? value
        }
        return (String(target[..<q]), query)
    }

    // Tokens are base64 with `=`, `+` and `/` in them, like real ones, so clients must URL-encode them.
    private static func encodeToken(epoch: Int, offset: Int) -> String {
        Data("{\"epoch\":\(epoch),\"start\":\(offset),\"pad\":\"??>>\"}".utf8).base64EncodedString()
    }

    private static func decodeToken(_ token: String) -> (Int, Int)? {
        guard let data = Data(base64Encoded: token),
              let value = try? JSONParser.parse(Array(data)),
              let epoch = value["epoch"]?.int, let start = value["start"]?.int else { return nil }
        return (epoch, start)
    }
}
