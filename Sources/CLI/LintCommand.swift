import ArgumentParser
import Foundation
import Patterns
import Phases

/// `tkgqa lint [DIR]`: checks a pattern folder (grok files, event rules, their samples).
struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a pattern folder: grok names, regexes, event rules and every sample, phase and loop rules.",
        discussion: """
        With no folder, lints the patterns embedded in this binary. Every problem is listed as \
        path:line: message; hint. Exit 0 when the folder is clean, 2 when anything is wrong.
        """
    )

    @Argument(help: "The pattern folder to check (default: the embedded patterns).")
    var directory: String?

    func run() throws {
        do {
            let set = try directory.map { try PatternSet.load(directory: $0) } ?? PatternSet.embedded()
            let phases = try PhaseRuleLoader.load(set)
            let samples = set.events.reduce(0) { $0 + $1.samples.count } + set.grok.samples.count
            let loops = phases.operations.reduce(0) { $0 + $1.loops.count }
            print("\(set.origin): \(set.grok.definitions.count) grok patterns, \(set.events.count) event rules, \(samples) samples, "
                + "\(phases.operations.count) operations, \(loops) loop rules: ok")
        } catch let errors as PatternErrors {
            for error in errors.errors { Console.error(error.description) }
            Console.error("\(errors.errors.count) problem\(errors.errors.count == 1 ? "" : "s") found")
            throw ExitCode(2)
        }
    }
}
