import Foundation
import PackagePlugin

/// Embeds the package's `patterns/` folder into the `Patterns` module at build time, so an installed
/// `tkgqa` carries its default rules and works from any directory.
@main
struct EmbedPatterns: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL.appending(path: "patterns")
        let inputs = Self.files(under: root)
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPatterns.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) pattern files",
                executable: try context.tool(named: "EmbedPatternsTool").url,
                arguments: [root.path, output.path],
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    static func files(under root: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var found: [URL] = []
        for case let url as URL in walker {
            let name = url.lastPathComponent
            guard name.hasSuffix(".grok") || name.hasSuffix(".yaml") else { continue }
            found.append(url)
        }
        return found.sorted { $0.path < $1.path }
    }
}
