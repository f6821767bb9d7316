import ArgumentParser
import Baseline
import Foundation
import LogModel
import Reporting

/// `tkgqa diff A B`: two runs side by side.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show two runs side by side: phases that grew or shrank, new or longer loops, different outcomes.",
        discussion: "A and B are each a log, a timeline JSON or a run summary. Exit 0 whatever differs; 2 when a run cannot be read."
    )

    @OptionGroup var log: LogOptions

    @Option(name: .long, help: ArgumentHelp("Smallest relative change shown as grew or shrank: 10% or 0.1.", valueName: "ratio"))
    var minRel = "10%"

    @Option(name: .long, help: ArgumentHelp("Smallest absolute change shown as grew or shrank, in seconds.", valueName: "seconds"))
    var minAbs = 1.0

    @Argument(help: ArgumentHelp("The earlier run.", valueName: "a"))
    var a: String

    @Argument(help: ArgumentHelp("The later run.", valueName: "b"))
    var b: String

    func validate() throws { _ = try ratio() }

    func ratio() throws -> Double {
        let t = minRel.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("%"), let v = Double(t.dropLast()), v >= 0 { return v / 100 }
        if let v = Double(t), v >= 0, v <= 1 { return v }
        throw ValidationError("--min-rel \"\(minRel)\" is not a ratio; write 10% or 0.1")
    }

    func run() throws {
        let (runA, runB) = try exitOnBaselineError {
            (try loadRun([a], log: log, labels: [:]), try loadRun([b], log: log, labels: [:]))
        }
        let diff = DiffReport(a: runA, b: runB, minRelative: try ratio(), minSeconds: minAbs)
        print(DiffTextRenderer().render(diff, nameA: a, nameB: b), terminator: "")
    }
}
