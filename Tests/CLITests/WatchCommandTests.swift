import CLITestSupport
import Foundation
import Testing

/// `tkgqa watch` on a file another task appends to: transitions, the stuck alert from the wall-clock
/// timer while the log is silent, `--exit-on-stuck`, truncation and a file that appears late.
@Suite(.serialized) struct WatchCommandTests {
    /// A Jenkins-wrapped console line stamped with the current UTC time.
    static func line(_ text: String, at date: Date = Date()) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        f.timeZone = TimeZone(identifier: "UTC")
        return "[\(f.string(from: date))] \(text)\n"
    }

    /// Starts `tkgqa watch` and collects its output as it arrives.
    final class Watch: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var buffer = ""
        private var seen: [(Date, String)] = []

        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: CLIRunner.binary)
            process.arguments = ["watch"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            out.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self, !data.isEmpty else { return }
                self.lock.lock()
                self.buffer += String(decoding: data, as: UTF8.self)
                self.seen.append((Date(), String(decoding: data, as: UTF8.self)))
                self.lock.unlock()
            }
            try process.run()
        }

        var output: String { lock.lock(); defer { lock.unlock() }; return buffer }

        /// Waits until the output contains `text`; returns when it was first seen, or nil on timeout.
        func wait(for text: String, timeout: Double) -> Date? {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                lock.lock()
                var acc = ""
                for (when, chunk) in seen {
                    acc += chunk
                    if acc.contains(text) { lock.unlock(); return when }
                }
                lock.unlock()
                Thread.sleep(forTimeInterval: 0.02)
            }
            return nil
        }

        func finish(timeout: Double) -> Int32? {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { process.terminate(); return nil }
            return process.terminationStatus
        }
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(text.utf8))
        try handle.close()
    }

    static func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tkgqa-watch-\(UUID().uuidString).log").path
    }

    @Test func silentScalingUpLoopIsFlaggedByTheTimerAndExitsOne() throws {
        let path = Self.tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let watch = try Watch(["--stuck-after", "3s", "--exit-on-stuck", "--interval", "0.05", path])
        #expect(watch.wait(for: "waiting for", timeout: 5) != nil, "announces that it waits for the file")
        FileManager.default.createFile(atPath: path, contents: Data(Self.line("Validating configuration...").utf8))
        for text in ["creating workload cluster 'wl-watch'...", "waiting for cluster to be initialized...",
                     "cluster control plane is still being initialized: ScalingUp"] {
            Thread.sleep(forTimeInterval: 0.3)
            try Self.append(Self.line(text), to: path)
        }
        let loopStarted = Date()
        #expect(watch.wait(for: "↻ cluster-init: ScalingUp", timeout: 5) != nil)
        // Nothing more is written: at default verbosity a stuck ScalingUp is silent.
        let alert = watch.wait(for: "looks stuck", timeout: 15)
        #expect(alert != nil, "the stuck alert arrives: \(watch.output)")
        if let alert {
            let after = alert.timeIntervalSince(loopStarted)
            #expect(after >= 2.5 && after < 8, "alert after \(after) s, expected about 3 s")
        }
        #expect(watch.output.contains("→ control-plane"))
        #expect(watch.output.contains("KubeadmControlPlane"), "the diagnosis is printed")
        #expect(watch.finish(timeout: 5) == 1)
    }

    @Test func followsATruncatedFileAndStillFlagsTheLoop() throws {
        let path = Self.tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: Data((Self.line("Validating configuration...")
            + Self.line("creating workload cluster 'wl-old'...")).utf8))
        let watch = try Watch(["--stuck-after", "2s", "--exit-on-stuck", "--interval", "0.05", path])
        #expect(watch.wait(for: "→ create", timeout: 5) != nil)
        // The writer starts the log over (e.g. `>` instead of `>>`).
        try Data().write(to: URL(fileURLWithPath: path))
        Thread.sleep(forTimeInterval: 0.3)
        try Self.append(Self.line("Validating configuration...") + Self.line("creating workload cluster 'wl-new'...")
                        + Self.line("waiting for cluster to be initialized...")
                        + Self.line("cluster control plane is still being initialized: WaitingForControlPlane"), to: path)
        #expect(watch.wait(for: "truncated", timeout: 5) != nil, "says the file was truncated: \(watch.output)")
        #expect(watch.wait(for: "looks stuck", timeout: 12) != nil, "flags the loop after truncation: \(watch.output)")
        #expect(watch.finish(timeout: 5) == 1)
    }

    @Test func aLoopThatEndsInTimeRaisesNoAlert() throws {
        let path = Self.tempPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        FileManager.default.createFile(atPath: path, contents: nil)
        let watch = try Watch(["--stuck-after", "5s", "--exit-on-stuck", "--until-done", "--interval", "0.05", path])
        let start = Date()
        for text in ["Validating configuration...", "creating workload cluster 'wl-fast'...", "waiting for cluster to be initialized...",
                     "cluster control plane is still being initialized: ScalingUp", "waiting for cluster nodes to be available...",
                     "waiting for addons core packages installation...", "", "Workload cluster 'wl-fast' created"] {
            try Self.append(Self.line(text, at: start.addingTimeInterval(0.1)), to: path)
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(watch.finish(timeout: 10) == 0, "exits 0 when the operation finished ok: \(watch.output)")
        #expect(!watch.output.contains("looks stuck"))
        #expect(watch.output.contains("✔ workload-create wl-fast ok"))
    }

    @Test func readsStandardInputToItsEnd() throws {
        let log = try String(contentsOfFile: CLIRunner.packageRoot + "/corpora/workload-create-scalingup/input.log", encoding: .utf8)
        let run = try CLIRunner.run(["watch", "-"], stdin: Data(log.utf8))
        #expect(run.status == 0, "\(run.all)")
        #expect(run.stdout.contains("▶ workload-create"))
        #expect(run.stdout.contains("verdict: ok"))
    }
}
