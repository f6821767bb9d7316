import Foundation

/// Reading a `.tar.gz` diagnostics bundle: extracted with `tar` into a temporary folder, read, removed.
extension SnapshotSource {
    static func openArchive(_ path: String) throws(ClusterStateError) -> SnapshotSource {
        let temporary = FileManager.default.temporaryDirectory
            .appendingPathComponent("tkgqa-bundle-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        } catch {
            throw ClusterStateError(.tool, "cannot create a temporary folder to extract the bundle", path: path)
        }
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-xzf", path, "-C", temporary]
        tar.standardOutput = FileHandle.nullDevice
        tar.standardError = FileHandle.nullDevice
        do {
            try tar.run()
        } catch {
            throw ClusterStateError(.tool, "cannot run tar to extract the bundle", path: path, hint: "extract it yourself and pass the folder")
        }
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else {
            throw ClusterStateError(.badFormat, "tar could not extract the bundle (exit \(tar.terminationStatus))", path: path,
                                    hint: "check that it is a .tar.gz from tanzu diagnostics collect")
        }
        let inner = try open(temporary)
        var info = inner.info
        info.location = path
        return SnapshotSource(recorded: inner.recorded, info: info)
    }
}
