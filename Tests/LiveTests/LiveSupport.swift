import ClusterState
import Foundation
import TestAPIServer
import Testing

/// Shared set-up for tests that put the real kubectl in front of a stand-in API server.
enum Live {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The corpus snapshot of a healthy management cluster.
    static var healthyMgmt: String { packageRoot + "/corpora/clusters/healthy-mgmt/snapshot" }

    /// Credentials are generated once per test process (openssl takes a moment).
    nonisolated(unsafe) private static var cached: StandInCredentials?
    private static let lock = NSLock()
    static func credentials() throws -> StandInCredentials {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let fresh = try StandInCredentials.generate()
        cached = fresh
        return fresh
    }

    /// The query of a request target as sent (values not decoded), by name.
    static func rawQuery(_ target: String) -> [String: String] {
        guard let q = target.firstIndex(of: "?") else { return [:] }
        var query: [String: String] = [:]
        for pair in target[target.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            query[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        return query
    }

    /// kubectl as tkgqa would find it; tests that need it are skipped (with a note) when it is absent.
    static var kubectl: KubectlRunner? { try? KubectlRunner.locate() }

    /// A temporary folder.
    static func temporaryDirectory(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A running stand-in and a kubeconfig file for it (context `standin`).
    static func server(_ cluster: StandInCluster) throws -> (StandInAPIServer, kubeconfig: String) {
        let server = try StandInAPIServer(serving: cluster, credentials: try credentials())
        let path = try temporaryDirectory("kubeconfig") + "/config"
        try server.kubeconfig(context: "standin").write(toFile: path, atomically: true, encoding: .utf8)
        return (server, path)
    }

    /// A kubeconfig for a port on 127.0.0.1 where nothing listens.
    static func closedPortKubeconfig() throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        close(fd)
        let port = UInt16(bigEndian: address.sin_port)
        let path = try temporaryDirectory("kubeconfig") + "/config"
        try StandInCredentials.kubeconfig(server: "https://127.0.0.1:\(port)", context: "standin", credentials: try credentials())
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Opens a live source on the stand-in.
    static func source(kubeconfig: String, pageSize: Int = 500, timeout: Duration = .seconds(5)) async throws -> KubectlSource {
        let runner = try KubectlRunner.locate()
        return try await KubectlSource.open(.init(kubeconfig: kubeconfig, context: "standin", requestTimeout: timeout, pageSize: pageSize),
                                            runner: runner)
    }
}

import LogModel
import Verify

extension Live {
    /// Several stand-ins (context name → served cluster) behind one kubeconfig file.
    static func servers(_ clusters: [String: StandInCluster]) throws -> (servers: [String: StandInAPIServer], kubeconfig: String) {
        var servers: [String: StandInAPIServer] = [:]
        for (context, cluster) in clusters { servers[context] = try StandInAPIServer(serving: cluster, credentials: try credentials()) }
        let path = try temporaryDirectory("kubeconfig") + "/config"
        try StandInCredentials.kubeconfig(servers: servers.mapValues(\.url), credentials: try credentials())
            .write(toFile: path, atomically: true, encoding: .utf8)
        return (servers, path)
    }

    /// Decodes a spec and verifies it against live clusters through `kubeconfig`.
    static func verify(_ yaml: String, kubeconfig: String) async throws -> [CheckResult] {
        let suite = try SpecDecoder.decode(yaml, path: "live.verify.yaml")
        let verifier = Verifier(roles: try ClusterRoles.embedded())
        let sources = try await Verifier.openSources(for: suite, specDirectory: ".", overrides: [:],
                                                     live: .init(kubeconfig: kubeconfig, requestTimeout: .seconds(3)))
        return await verifier.run(suite, spec: "live.verify.yaml", specDirectory: ".", sources: sources)
    }

    /// Only GET requests reached the server.
    static func onlyGets(_ server: StandInAPIServer) -> Bool { server.requests.allSatisfy { $0.method == "GET" } }
}
