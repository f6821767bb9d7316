import ArgumentParser
import Dispatch
import Foundation
import LogModel
import LogScan
import Patterns
import Phases
import Reporting
import Synchronization

/// `tkgqa watch LOG`: follows a log while it is written and says when a loop looks stuck.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Follow a log as it is written: phase transitions as they happen, and an alert with a diagnosis when a loop runs past its healthy budget.",
        discussion: """
        Like tail -F, it waits for the file to appear and survives truncation and rotation; - reads \
        standard input (tanzu cluster create ... -v 9 2>&1 | tkgqa watch -). The loop clock keeps \
        running between lines, so a loop that has gone silent (the CLI prints a reason only when it \
        changes) is still flagged. Exit: 1 when --exit-on-stuck fires or an operation failed, 0 when \
        the input ended with every operation ok, 130 on Ctrl-C (after printing the timeline so far).
        """
    )

    @OptionGroup var log: LogOptions

    @Option(name: .long, help: ArgumentHelp("Flag a loop after this long in one state (Go duration, e.g. 2m); default: each loop rule's healthy budget.", valueName: "duration"))
    var stuckAfter: String?

    @Flag(name: .long, help: "Exit 1 as soon as a loop is flagged as stuck, so a pipeline can stop the job early.")
    var exitOnStuck = false

    @Flag(name: .long, help: "Exit when every operation seen has finished (instead of following forever).")
    var untilDone = false

    @Option(name: .long, help: "Seconds between checks for new lines (latency bound).")
    var interval: Double = 0.2

    @Argument(help: ArgumentHelp("The log to follow (- for standard input).", valueName: "log"))
    var path: String

    func validate() throws {
        if let stuckAfter, GoDuration.seconds(stuckAfter[...]) == nil {
            throw ValidationError("--stuck-after \"\(stuckAfter)\" is not a duration; use e.g. 90s or 10m")
        }
        if !(0.01...5).contains(interval) { throw ValidationError("--interval must be between 0.01 and 5 seconds") }
    }

    func run() throws {
        let patterns = try log.loadPatterns()
        let rules: PhaseRuleSet
        do { rules = try PhaseRuleLoader.load(patterns) } catch {
            for e in error.errors { Console.error(e.description) }
            throw ExitCode(2)
        }
        let override = stuckAfter.flatMap { GoDuration.seconds($0[...]) }
        let interrupted = Interrupt.install()
        let watcher = Watcher(patterns: patterns, rules: rules, options: log.scanOptions, path: path, stuckAfter: override)
        let follower = LogFollower(path: path, pollInterval: interval)
        var announcedWait = false
        while true {
            if interrupted.isSet {
                try follower.flushPartial { bytes, n in try watcher.line(bytes, number: n) }
                watcher.printTimeline()
                throw ExitCode(130)
            }
            let got = try follower.poll { bytes, n in try watcher.line(bytes, number: n) }
            for notice in follower.notices { watcher.say("· \(notice)") }
            if watcher.stuckFired && exitOnStuck {
                watcher.say("exiting: a loop is stuck (--exit-on-stuck)")
                throw ExitCode(1)
            }
            if untilDone && watcher.allDone {
                watcher.printTimeline()
                throw ExitCode(watcher.exitCode)
            }
            if follower.ended {
                watcher.printTimeline()
                throw ExitCode(watcher.exitCode)
            }
            if !got {
                if !announcedWait && path != "-" && !FileManager.default.fileExists(atPath: path) {
                    watcher.say("· waiting for \(path) to appear")
                    announcedWait = true
                }
                watcher.tick()
                if watcher.stuckFired && exitOnStuck {
                    watcher.say("exiting: a loop is stuck (--exit-on-stuck)")
                    throw ExitCode(1)
                }
                if path != "-" { Thread.sleep(forTimeInterval: interval) }
            }
        }
    }
}

/// Ctrl-C handling: a flag the watch loop polls, so it can print what it found and exit 130.
enum Interrupt {
    static func install() -> InterruptFlag {
        let flag = InterruptFlag()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { flag.store(true) }
        source.resume()
        Holder.sources.append(source)
        return flag
    }

    enum Holder { nonisolated(unsafe) static var sources: [DispatchSourceSignal] = [] }
}

/// A flag set from the signal handler's queue and read by the watch loop.
final class InterruptFlag: Sendable {
    private let value = Atomic<Bool>(false)
    func store(_ v: Bool) { value.store(v, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
