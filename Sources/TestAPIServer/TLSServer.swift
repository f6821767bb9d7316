import COpenSSL
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTPS/1.1 server on 127.0.0.1, on system OpenSSL, one thread per connection.
///
/// It exists so tests can put the real `kubectl` in front of a fake API server without building a TLS
/// stack: kubectl sends no credentials over plain http, so a stand-in must speak TLS and check the
/// client certificate the test generated. It binds the loopback address only, never another one.
final class TLSServer: @unchecked Sendable {
    /// Answers one request: method and request target (path and query) → status, content type, body.
    typealias Handler = @Sendable (_ method: String, _ target: String) -> (status: Int, contentType: String, body: [UInt8])

    /// The port the server listens on (chosen by the kernel).
    let port: Int
    private let listenFD: Int32
    // SSL_CTX is safe to share across threads once configured; only SSL_new reads it afterwards.
    private let context: OpaquePointer
    private let handler: Handler
    private let open = Mutex<(stopped: Bool, connections: Set<Int32>)>((false, []))

    /// Starts listening on 127.0.0.1 with this certificate and key; clients must present a certificate
    /// signed by `clientCA`.
    init(certificate: String, key: String, clientCA: String, handler: @escaping Handler) throws {
        signal(SIGPIPE, SIG_IGN)
        guard let context = SSL_CTX_new(TLS_server_method()) else { throw TLSServerError("cannot create a TLS context") }
        guard SSL_CTX_use_certificate_chain_file(context, certificate) == 1,
              SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1,
              SSL_CTX_load_verify_locations(context, clientCA, nil) == 1 else {
            SSL_CTX_free(context)
            throw TLSServerError("cannot load the server certificate, key or client CA (\(certificate), \(key), \(clientCA))")
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)

        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { SSL_CTX_free(context); throw TLSServerError("socket failed: errno \(errno)") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            SSL_CTX_free(context)
            throw TLSServerError("cannot listen on 127.0.0.1: errno \(errno)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = Int(UInt16(bigEndian: address.sin_port))
        self.listenFD = fd
        self.context = context
        self.handler = handler
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// Stops accepting and closes open connections.
    func stop() {
        let connections = open.withLock { state -> Set<Int32> in
            if state.stopped { return [] }
            state.stopped = true
            return state.connections
        }
        shutdown(listenFD, Int32(SHUT_RDWR))
        for fd in connections { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                break
            }
            let accepted = open.withLock { state -> Bool in
                if state.stopped { return false }
                state.connections.insert(fd)
                return true
            }
            guard accepted else { close(fd); break }
            Thread.detachNewThread { [self] in
                serve(fd)
                open.withLock { _ = $0.connections.remove(fd) }
                close(fd)
            }
        }
        close(listenFD)
    }

    private func serve(_ fd: Int32) {
        guard let ssl = SSL_new(context) else { return }
        defer { SSL_free(ssl) }
        SSL_set_fd(ssl, fd)
        guard SSL_accept(ssl) == 1 else { return }
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        func readMore() -> Bool {
            let n = chunk.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress, Int32($0.count)) }
            if n <= 0 { return false }
            buffer += chunk[0..<Int(n)]
            return true
        }
        while true {
            var headEnd = Self.headerEnd(buffer)
            while headEnd == nil {
                guard buffer.count < 1 << 20, readMore() else { return }
                headEnd = Self.headerEnd(buffer)
            }
            let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var bodyLength = 0, closeAfter = false
            for line in lines {
                let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2 else { continue }
                switch parts[0].lowercased() {
                case "content-length": bodyLength = Int(parts[1]) ?? 0
                case "connection": closeAfter = parts[1].lowercased() == "close"
                default: break
                }
            }
            let consumed = headEnd! + 4 + bodyLength
            while buffer.count < consumed { guard readMore() else { return } }
            buffer.removeFirst(consumed)

            let (status, contentType, body) = handler(String(requestLine[0]), String(requestLine[1]))
            var response = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: \(contentType)\r\n"
            response += "Content-Length: \(body.count)\r\n"
            response += closeAfter ? "Connection: close\r\n\r\n" : "\r\n"
            let bytes = Array(response.utf8) + body
            let written = bytes.withUnsafeBytes { SSL_write(ssl, $0.baseAddress, Int32($0.count)) }
            if written <= 0 || closeAfter { return }
        }
    }

    private static func headerEnd(_ b: [UInt8]) -> Int? {
        guard b.count >= 4 else { return nil }
        for i in 0...(b.count - 4) where b[i] == 13 && b[i + 1] == 10 && b[i + 2] == 13 && b[i + 3] == 10 { return i }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 410: return "Gone"
        default: return "Status"
        }
    }

    deinit { SSL_CTX_free(context) }
}

/// The stand-in could not start.
public struct TLSServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
