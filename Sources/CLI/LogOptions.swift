import ArgumentParser
import LogModel
import LogScan
import Patterns

/// Options shared by every command that reads logs.
struct LogOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Read rules from this pattern folder instead of the embedded set.", valueName: "dir"))
    var patterns: String?

    @Option(name: .long, help: ArgumentHelp("Year of year-less klog times when the log has no anchor (CI wrapper, OperationStartTimestamp).", valueName: "yyyy"))
    var year: Int?

    @Option(name: .long, help: ArgumentHelp("UTC offset of the CLI host (+02:00, -0530, UTC) when the log has no anchor.", valueName: "offset"))
    var tz: String?

    func validate() throws {
        if let tz, LogClock.parseOffset(tz) == nil {
            throw ValidationError("--tz \"\(tz)\" is not an offset; use +02:00, -0530 or UTC")
        }
        if let year, !(1970...2200).contains(year) {
            throw ValidationError("--year \(year) is out of range (1970-2200)")
        }
    }

    var scanOptions: ScanOptions {
        ScanOptions(year: year, utcOffsetSeconds: tz.flatMap(LogClock.parseOffset))
    }

    /// Loads the pattern set or fails with every problem listed and exit 2.
    func loadPatterns() throws -> PatternSet {
        do {
            return try patterns.map { try PatternSet.load(directory: $0) } ?? PatternSet.embedded()
        } catch let errors as PatternErrors {
            for error in errors.errors { Console.error(error.description) }
            throw ExitCode(2)
        }
    }
}
