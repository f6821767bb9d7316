import Foundation

/// A live cluster read through `kubectl get --raw PATH`: GET requests only, ever.
///
/// `--raw` keeps kubectl out of the way (no discovery, no printers) while kubectl still handles the
/// kubeconfig, the context and every auth method. `--raw` does not paginate, so lists loop on
/// `limit`/`continue` and start over on 410 Expired. Kinds whose API group or resource the server
/// does not serve (a CRD that is not installed) list as empty: there are none. Forbidden, unreachable
/// and timed-out lists are `Unavailable`, so checks become inconclusive rather than passing on nothing.
///
/// Concurrent lists of the same kind and namespace share one request, and at most `maxInFlight`
/// kubectl processes run at once per source.
public struct KubectlSource: ClusterSource {
    /// How to reach the cluster.
    public struct Options: Sendable, Hashable {
        /// `--kubeconfig`; `nil`: kubectl's default (`$KUBECONFIG`, `~/.kube/config`).
        public var kubeconfig: String?
        /// `--context`; `nil`: the kubeconfig's current context.
        public var context: String?
        /// `--request-timeout` per request.
        public var requestTimeout: Duration
        /// Items per page (`limit`).
        public var pageSize: Int
        /// kubectl processes running at once for this cluster.
        public var maxInFlight: Int

        public init(kubeconfig: String? = nil, context: String? = nil, requestTimeout: Duration = .seconds(10),
                    pageSize: Int = 500, maxInFlight: Int = 4) {
            self.kubeconfig = kubeconfig
            self.context = context
            self.requestTimeout = requestTimeout
            self.pageSize = pageSize
            self.maxInFlight = maxInFlight
        }
    }

    /// One list as the server answered it.
    public enum Listing: Sendable {
        /// The objects (kind and apiVersion filled in on every item).
        case served(ObjectList)
        /// The server does not serve this kind: its API group or resource is absent.
        case notServed
    }

    public let info: SourceInfo
    public let options: Options
    let runner: KubectlRunner
    private let state: KubectlState

    private init(runner: KubectlRunner, options: Options, serverVersion: String?) {
        self.runner = runner
        self.options = options
        self.state = KubectlState(limit: options.maxInFlight)
        let location = options.context.map { "context \($0)" } ?? "current context"
        self.info = SourceInfo(format: "kubectl", location: location + (options.kubeconfig.map { " of \($0)" } ?? ""),
                               isLive: true, context: options.context, serverVersion: serverVersion)
    }

    /// Opens a live cluster: finds kubectl and asks `/version` once. A wrong kubeconfig or context
    /// throws (nothing can be evaluated); an unreachable server does not — its checks are inconclusive
    /// (or retried under `within`).
    public static func open(_ options: Options, runner: KubectlRunner) async throws(ClusterStateError) -> KubectlSource {
        let probe = KubectlSource(runner: runner, options: options, serverVersion: nil)
        switch try await probe.get("/version") {
        case .success(let bytes):
            let version = (try? JSONParser.parse(bytes))?["gitVersion"]?.string
            return KubectlSource(runner: runner, options: options, serverVersion: version)
        case .failure(.configuration(let message)):
            throw ClusterStateError(.tool, "kubectl cannot use context \(options.context.map { "\"\($0)\"" } ?? "(current)"): \(message)",
                                    path: options.kubeconfig, hint: "check the name with kubectl config get-contexts")
        case .failure:
            return probe
        }
    }

    public func list(_ kind: ResourceKind, namespace: String?) async -> Result<ObjectList, Unavailable> {
        switch await fetch(kind, namespace: namespace) {
        case .success(.served(let list)): return .success(list)
        case .success(.notServed): return .success(ObjectList([]))
        case .failure(let unavailable): return .failure(unavailable)
        }
    }

    /// Lists a kind, telling "none" (served, empty) from "not served"; concurrent equal lists share one request.
    public func fetch(_ kind: ResourceKind, namespace: String?) async -> Result<Listing, Unavailable> {
        if kind == .secret {
            return .failure(Unavailable(.forbidden, kind: kind, namespace: namespace, detail: "tkgqa never reads Secrets"))
        }
        let asked = KnownResource.isNamespaced(kind) ? namespace : nil
        let key = "\(kind)|\(asked ?? "*")"
        return await state.shared(key) { await self.fetchAll(kind, namespace: asked) }
    }

    /// Which of `kinds` the server serves (API discovery: `/apis` plus `/apis/GROUP/VERSION` where needed).
    public func servedKinds(_ kinds: [ResourceKind]) async -> Result<Set<ResourceKind>, Unavailable> {
        var served: Set<ResourceKind> = []
        for kind in kinds {
            switch await resolve(kind) {
            case .success(let resource?): if resource.kind == kind { served.insert(kind) }
            case .success(nil): break
            case .failure(let unavailable): return .failure(unavailable)
            }
        }
        return .success(served)
    }

    // MARK: - listing

    private func fetchAll(_ kind: ResourceKind, namespace: String?) async -> Result<Listing, Unavailable> {
        func unavailable(_ reason: Unavailable.Reason, _ detail: String) -> Result<Listing, Unavailable> {
            .failure(Unavailable(reason, kind: kind, namespace: namespace, detail: detail))
        }
        let resource: KnownResource
        switch await resolve(kind) {
        case .success(let r?): resource = r
        case .success(nil): return .success(.notServed)
        case .failure(let u): return .failure(Unavailable(u.reason, kind: kind, namespace: namespace, detail: u.detail))
        }
        let base = Self.path(resource, namespace: namespace)
        var objects: [KubeObject] = []
        var token: String?
        var restarts = 0
        while true {
            if Task.isCancelled { return unavailable(.unreachable, "interrupted") }
            var path = base + "?limit=\(options.pageSize)"
            if let token { path += "&continue=" + Self.queryEscape(token) }
            let bytes: [UInt8]
            do throws(ClusterStateError) {
                switch try await get(path) {
                case .success(let b): bytes = b
                case .failure(.expired(let message)):
                    // The snapshot the continue token pointed at is gone (etcd compaction): list again from the start.
                    restarts += 1
                    guard restarts <= 3 else { return unavailable(.unreachable, "list expired \(restarts) times: \(message)") }
                    objects = []
                    token = nil
                    continue
                case .failure(.notFound): return .success(.notServed)
                case .failure(.forbidden(let message)): return unavailable(.forbidden, message)
                case .failure(.unreachable(let message)), .failure(.configuration(let message)): return unavailable(.unreachable, message)
                }
            } catch {
                return unavailable(.unreachable, error.description)
            }
            guard let document = try? JSONParser.parse(bytes) else {
                return unavailable(.unreachable, "the server answered \(path) with something that is not JSON")
            }
            guard let items = document["items"]?.array else {
                return unavailable(.unreachable, "the server answered \(path) without items")
            }
            for item in items {
                // List items carry no kind or apiVersion on the wire; add them so objects read (and record) like `kubectl get -o json`.
                var value = item
                if case .object(var members) = item {
                    members["apiVersion"] = members["apiVersion"] ?? .string(resource.apiVersion)
                    members["kind"] = members["kind"] ?? .string(resource.kind.kind)
                    value = .object(members)
                }
                if let object = KubeObject(value, defaultKind: resource.kind) { objects.append(object) }
            }
            token = document[path: ["metadata", "continue"]]?.string
            if token?.isEmpty ?? true { break }
        }
        return .success(.served(ObjectList(objects)))
    }

    /// The list path of a resource (`/apis/GROUP/VERSION/namespaces/NS/PLURAL`).
    static func path(_ resource: KnownResource, namespace: String?) -> String {
        var path = resource.kind.group.isEmpty ? "/api/\(resource.version)" : "/apis/\(resource.kind.group)/\(resource.version)"
        if let namespace, resource.namespaced { path += "/namespaces/\(queryEscape(namespace))" }
        return path + "/" + resource.plural
    }

    /// Percent-encodes a query value (continue tokens are base64 with `+`, `/` and `=`).
    static func queryEscape(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }

    // MARK: - discovery

    /// The resource to list for `kind` at a version the server serves; `nil` when it serves no such kind.
    func resolve(_ kind: ResourceKind) async -> Result<KnownResource?, Unavailable> {
        let known = KnownResource.named(kind)
        if kind.group.isEmpty || kind.group == "apps", let known { return .success(known) }
        if kind.group.isEmpty { return await findResource(kind, group: "", version: "v1") }
        let versions: [String: (versions: [String], preferred: String)]
        switch await discoverGroups() {
        case .success(let v): versions = v
        case .failure(let u): return .failure(Unavailable(u.reason, kind: kind, namespace: nil, detail: u.detail))
        }
        guard let group = versions[kind.group] else { return .success(nil) }
        if let known {
            // Prefer the version tkgqa's checks were written against; fall back to what the server prefers.
            let version = group.versions.contains(known.version) ? known.version : group.preferred
            var resource = known
            resource.version = version
            return .success(resource)
        }
        return await findResource(kind, group: kind.group, version: group.preferred)
    }

    private func discoverGroups() async -> Result<[String: (versions: [String], preferred: String)], Unavailable> {
        if let cached = await state.groups { return .success(cached) }
        let bytes: [UInt8]
        do throws(ClusterStateError) {
            switch try await get("/apis") {
            case .success(let b): bytes = b
            case .failure(let failure): return .failure(Self.unavailable(failure, what: "API discovery (/apis)"))
            }
        } catch {
            return .failure(Unavailable(.unreachable, kind: ResourceKind(group: "", kind: "APIGroupList"), namespace: nil, detail: error.description))
        }
        var groups: [String: (versions: [String], preferred: String)] = [:]
        for group in (try? JSONParser.parse(bytes))?["groups"]?.array ?? [] {
            guard let name = group["name"]?.string else { continue }
            let versions = (group["versions"]?.array ?? []).compactMap { $0["version"]?.string }
            let preferred = group[path: ["preferredVersion", "version"]]?.string ?? versions.first ?? ""
            groups[name] = (versions, preferred)
        }
        await state.setGroups(groups)
        return .success(groups)
    }

    /// A kind tkgqa has no table entry for: its plural and scope from `/apis/GROUP/VERSION`.
    private func findResource(_ kind: ResourceKind, group: String, version: String) async -> Result<KnownResource?, Unavailable> {
        let path = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
        do throws(ClusterStateError) {
            switch try await get(path) {
            case .success(let bytes):
                for r in (try? JSONParser.parse(bytes))?["resources"]?.array ?? [] {
                    guard r["kind"]?.string == kind.kind, let name = r["name"]?.string, !name.contains("/") else { continue }
                    return .success(KnownResource(kind: kind, version: version, plural: name,
                                                  namespaced: r["namespaced"] != JSONValue.bool(false)))
                }
                return .success(nil)
            case .failure(.notFound): return .success(nil)
            case .failure(let failure): return .failure(Self.unavailable(failure, what: "API discovery (\(path))"))
            }
        } catch {
            return .failure(Unavailable(.unreachable, kind: kind, namespace: nil, detail: error.description))
        }
    }

    private static func unavailable(_ failure: KubectlFailure, what: String) -> Unavailable {
        let kind = ResourceKind(group: "", kind: what)
        switch failure {
        case .forbidden(let m): return Unavailable(.forbidden, kind: kind, namespace: nil, detail: m)
        case .notFound(let m), .expired(let m), .configuration(let m), .unreachable(let m):
            return Unavailable(.unreachable, kind: kind, namespace: nil, detail: m)
        }
    }

    // MARK: - one request

    /// `kubectl get --raw PATH`, at most `maxInFlight` at once. Throws only when kubectl cannot run.
    func get(_ path: String) async throws(ClusterStateError) -> Result<[UInt8], KubectlFailure> {
        var arguments: [String] = []
        if let kubeconfig = options.kubeconfig { arguments += ["--kubeconfig", kubeconfig] }
        if let context = options.context { arguments += ["--context", context] }
        let seconds = max(1, Int(options.requestTimeout.components.seconds))
        arguments += ["--request-timeout", "\(seconds)s", "get", "--raw", path]
        await state.acquire()
        let output: KubectlRunner.Output
        do {
            output = try await runner.run(arguments)
        } catch {
            await state.release()
            throw error
        }
        await state.release()
        if output.status == 0 { return .success(output.stdout) }
        return .failure(KubectlFailure.classify(output.stderr))
    }
}

/// Shared mutable state of one `KubectlSource`: the in-flight limit, shared lists and discovery.
actor KubectlState {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var inFlight: [String: Task<Result<KubectlSource.Listing, Unavailable>, Never>] = [:]
    private(set) var groups: [String: (versions: [String], preferred: String)]?

    init(limit: Int) { self.limit = max(1, limit) }

    func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    func setGroups(_ groups: [String: (versions: [String], preferred: String)]) { self.groups = groups }

    /// Runs `work` once for concurrent callers with the same key; a later call starts a fresh request.
    func shared(_ key: String, _ work: @escaping @Sendable () async -> Result<KubectlSource.Listing, Unavailable>)
        async -> Result<KubectlSource.Listing, Unavailable> {
        if let task = inFlight[key] { return await Self.value(of: task) }
        let task = Task { await work() }
        inFlight[key] = task
        let result = await Self.value(of: task)
        inFlight[key] = nil
        return result
    }

    private static func value(of task: Task<Result<KubectlSource.Listing, Unavailable>, Never>) async
        -> Result<KubectlSource.Listing, Unavailable> {
        await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
    }
}
