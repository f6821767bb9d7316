import Foundation

/// Finds `kubectl` and runs it as a child process, reading stdout and stderr at the same time (a
/// child that fills one pipe while we wait on the other would block forever).
///
/// tkgqa goes through kubectl rather than speaking HTTP itself so that every way users authenticate
/// works unchanged: client certificates, tokens, exec plugins such as pinniped.
public struct KubectlRunner: Sendable {
    /// The kubectl executable.
    public let executable: String

    /// What one run printed and how it ended.
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: [UInt8]
        public var stderr: String
    }

    public init(executable: String) { self.executable = executable }

    /// Finds kubectl: an explicit path, then `$TKGQA_KUBECTL`, then the first `kubectl` on `$PATH`
    /// (the one the user already runs, so their version and auth plugins apply).
    public static func locate(_ explicit: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws(ClusterStateError) -> KubectlRunner {
        let fm = FileManager.default
        let hint = "install kubectl (Debian: apt-get install kubernetes-client) or pass --kubectl PATH"
        if let path = explicit ?? environment["TKGQA_KUBECTL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard fm.isExecutableFile(atPath: path) else {
                throw ClusterStateError(.tool, "kubectl not found or not executable", path: path, hint: hint)
            }
            return KubectlRunner(executable: path)
        }
        for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/kubectl"
            if fm.isExecutableFile(atPath: candidate) { return KubectlRunner(executable: candidate) }
        }
        throw ClusterStateError(.tool, "kubectl not found on PATH", hint: hint)
    }

    /// Runs kubectl with `arguments`. Cancelling the task terminates the child.
    public func run(_ arguments: [String]) async throws(ClusterStateError) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let child = Child(process)
        do {
            try process.run()
        } catch {
            throw ClusterStateError(.tool, "cannot run kubectl: \(error.localizedDescription)", path: executable,
                                    hint: "check that it is executable")
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Output, Never>) in
                let group = DispatchGroup()
                let box = child
                group.enter()
                Thread.detachNewThread {
                    box.stdout = out.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                group.enter()
                Thread.detachNewThread {
                    box.stderr = err.fileHandleForReading.readDataToEndOfFile()
                    group.leave()
                }
                group.notify(queue: .global()) {
                    box.process.waitUntilExit()
                    done.resume(returning: Output(status: box.process.terminationStatus, stdout: [UInt8](box.stdout),
                                                  stderr: String(decoding: box.stderr, as: UTF8.self)))
                }
            }
        } onCancel: {
            child.terminate()
        }
    }

    /// The child and what it printed; each field is written by one thread before the group finishes.
    private final class Child: @unchecked Sendable {
        let process: Process
        var stdout = Data()
        var stderr = Data()
        init(_ process: Process) { self.process = process }
        func terminate() { if process.isRunning { process.terminate() } }
    }
}
