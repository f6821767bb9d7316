import ClusterState
import LogModel

extension Verifier {
    /// Applies the time mode. On a recording there is one instant: the check is evaluated once and the
    /// result says so. On a live cluster:
    ///
    /// - `now` (no time mode): once; unreachable or forbidden is inconclusive at once.
    /// - `within D every E`: polls until the check passes, retrying failures and connection errors
    ///   until the deadline; the note counts attempts and the time to pass. At the deadline the last
    ///   observed mismatch is reported as a diff, never just "timed out".
    /// - `for D every E`: the check must pass at every poll throughout; the first poll that does not
    ///   pass ends it with that result.
    ///
    /// Cancellation (Ctrl-C) ends polling at once with an inconclusive "interrupted" result.
    func evaluate(_ check: any Check, in context: CheckContext, mode: TimeMode) async -> (Evaluation, String?) {
        let live = (context.source?.info.isLive ?? false) || (context.management?.info.isLive ?? false)
        guard live, mode != .now else {
            let first = await check.evaluate(in: context)
            if mode == .now { return (first, nil) }
            return (first, "\(mode): evaluated once (\(context.source == nil ? "no cluster" : "recorded cluster"))")
        }
        let clock = ContinuousClock()
        let start = clock.now
        func elapsed() -> Duration { clock.now - start }
        switch mode {
        case .now:
            return (await check.evaluate(in: context), nil)

        case .within(let deadline, let every):
            let limit = Duration.seconds(deadline.seconds), interval = Duration.seconds((every ?? TimeMode.defaultInterval).seconds)
            var attempts = 0
            var lastMismatch: (evaluation: Evaluation, attempt: Int)?
            var last: Evaluation
            while true {
                attempts += 1
                last = await check.evaluate(in: context)
                if Task.isCancelled { return interrupted(last, mode: mode, attempts: attempts, elapsed: elapsed()) }
                if last.outcome <= .warn {
                    let when = attempts == 1 ? "passed on the first attempt" : "passed on attempt \(attempts) after \(Self.seconds(elapsed()))"
                    return (last, "\(mode): \(when)")
                }
                if last.outcome == .fail { lastMismatch = (last, attempts) }
                let spent = elapsed()
                if spent >= limit { break }
                do {
                    try await Task.sleep(for: min(interval, limit - spent))
                } catch {
                    return interrupted(last, mode: mode, attempts: attempts, elapsed: elapsed())
                }
            }
            var result = last
            var lines: [String] = []
            if let mismatch = lastMismatch {
                let m = mismatch.evaluation
                lines.append("last mismatch (attempt \(mismatch.attempt) of \(attempts)):")
                if let expected = m.expected { lines.append("- expected: \(expected)") }
                if let observed = m.observed { lines.append("+ observed: \(observed)") }
                if result.outcome != .fail {
                    // The cluster stopped answering after it had answered wrongly: keep both in the report.
                    lines.append(m.message)
                    lines += m.details.map { "  " + $0 }
                    result.objects += m.objects
                } else {
                    lines += m.details
                }
                result.details = lines
            }
            let what = result.outcome == .fail ? "still failing" : "still \(result.outcome.rawValue)"
            return (result, "\(mode): \(what) at the deadline after \(attempts) attempt\(attempts == 1 ? "" : "s")")

        case .holding(let span, let every):
            let limit = Duration.seconds(span.seconds), interval = Duration.seconds((every ?? TimeMode.defaultInterval).seconds)
            var attempts = 0
            while true {
                attempts += 1
                let current = await check.evaluate(in: context)
                if Task.isCancelled { return interrupted(current, mode: mode, attempts: attempts, elapsed: elapsed()) }
                if current.outcome > .warn {
                    var result = current
                    if attempts > 1, result.outcome == .fail {
                        var lines = ["stopped holding on attempt \(attempts) after \(Self.seconds(elapsed())):"]
                        if let expected = result.expected { lines.append("- expected: \(expected)") }
                        if let observed = result.observed { lines.append("+ observed: \(observed)") }
                        result.details = lines + result.details
                    }
                    let when = attempts == 1 ? "did not hold at the start" : "stopped holding on attempt \(attempts) after \(Self.seconds(elapsed()))"
                    return (result, "\(mode): \(when)")
                }
                let spent = elapsed()
                if spent >= limit { return (current, "\(mode): held for \(span) (\(attempts) attempts)") }
                do {
                    try await Task.sleep(for: min(interval, limit - spent))
                } catch {
                    return interrupted(current, mode: mode, attempts: attempts, elapsed: elapsed())
                }
            }
        }
    }

    private func interrupted(_ last: Evaluation, mode: TimeMode, attempts: Int, elapsed: Duration) -> (Evaluation, String?) {
        var result = last
        result.outcome = .inconclusive
        result.message = "interrupted: " + last.message
        return (result, "\(mode): interrupted after \(attempts) attempt\(attempts == 1 ? "" : "s") in \(Self.seconds(elapsed))")
    }

    /// `2.3s`.
    static func seconds(_ d: Duration) -> String {
        let ms = d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        return "\(ms / 1000).\(ms % 1000 / 100)s"
    }
}
