#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs the `tkgqa` binary built next to this test bundle (whatever `--scratch-path` was used), for
/// the CLI tests and the live-cluster tests alike.
public enum CLIRunner {
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The binary beside the running test executable; failing that, any `.build*/debug/tkgqa` of the package.
    public static let binary: String = {
        var candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("tkgqa").path,
            Bundle.main.bundleURL.appendingPathComponent("tkgqa").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("tkgqa").path,
        ]
        let builds = ((try? FileManager.default.contentsOfDirectory(atPath: packageRoot)) ?? []).filter { $0.hasPrefix(".build") }.sorted()
        candidates += builds.map { "\(packageRoot)/\($0)/debug/tkgqa" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }()

    public struct Run {
        public var stdout: String
        public var stderr: String
        public var status: Int32
        /// Everything the command printed.
        public var all: String { stdout + stderr }
    }

    /// Runs tkgqa from the package root. Every run is bounded (killed after `timeout`), so a hang
    /// fails its test instead of the whole suite; `interruptAfter` sends SIGINT (Ctrl-C) after that long.
    public static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil,
                           interruptAfter: Duration? = nil, timeout: Duration = .seconds(90)) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: packageRoot)
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + Double(timeout.components.seconds)) { if process.isRunning { kill(pid, SIGKILL) } }
        if let interruptAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(interruptAfter.components.seconds)) { kill(pid, SIGINT) }
        }
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a full pipe cannot block the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                   status: process.terminationStatus)
    }

    /// A fresh temporary folder.
    public static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// The lines of `text`, without the empty last one.
    public static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty }
    }
}
