import Foundation

/// A CA, a server certificate for 127.0.0.1 and a client certificate, generated for one test run
/// with the `openssl` command, and the kubeconfig that ties them together.
public struct StandInCredentials: Sendable {
    public var directory: String
    public var caCertificate: String { directory + "/ca.crt" }
    public var serverCertificate: String { directory + "/server.crt" }
    public var serverKey: String { directory + "/server.key" }
    public var clientCertificate: String { directory + "/client.crt" }
    public var clientKey: String { directory + "/client.key" }

    /// Generates fresh keys and certificates (EC P-256, valid one day) in a new temporary folder.
    public static func generate() throws -> StandInCredentials {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-standin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let credentials = StandInCredentials(directory: dir)
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try openssl(["req", "-x509"] + ec + ["-keyout", "ca.key", "-out", "ca.crt", "-days", "1", "-subj", "/CN=tkgqa-standin-ca",
                     "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], in: dir)
        for (name, subject, ext) in [("server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
                                     ("client", "/O=system:masters/CN=tkgqa-test", "extendedKeyUsage=clientAuth\n")] {
            try openssl(["req"] + ec + ["-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject], in: dir)
            try ext.write(toFile: "\(dir)/\(name).ext", atomically: true, encoding: .utf8)
            try openssl(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                         "-set_serial", "\(Int.random(in: 1000...999_999))", "-days", "1", "-out", "\(name).crt",
                         "-extfile", "\(name).ext"], in: dir)
        }
        return credentials
    }

    /// A kubeconfig with one context pointing at `server` (any URL: a closed port makes an unreachable cluster).
    public static func kubeconfig(server: String, context: String, credentials: StandInCredentials) -> String {
        kubeconfig(servers: [context: server], credentials: credentials)
    }

    /// A kubeconfig with one context per entry (context name → server URL); the first name sorted is current.
    public static func kubeconfig(servers: [String: String], credentials: StandInCredentials) -> String {
        var clusters = "", contexts = ""
        for (context, server) in servers.sorted(by: { $0.key < $1.key }) {
            clusters += """
            - name: \(context)-cluster
              cluster:
                server: \(server)
                certificate-authority: \(credentials.caCertificate)

            """
            contexts += """
            - name: \(context)
              context:
                cluster: \(context)-cluster
                user: standin-admin

            """
        }
        return """
        apiVersion: v1
        kind: Config
        clusters:
        \(clusters)users:
        - name: standin-admin
          user:
            client-certificate: \(credentials.clientCertificate)
            client-key: \(credentials.clientKey)
        contexts:
        \(contexts)current-context: \(servers.keys.sorted().first ?? "")

        """
    }

    private static func openssl(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        let err = Pipe()
        process.standardError = err
        try process.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TLSServerError("openssl \(arguments.prefix(2).joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
