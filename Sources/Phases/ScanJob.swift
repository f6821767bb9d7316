import LogModel
import LogScan

/// The scanning side of a two-thread analysis: scans one log, keeps the lines that matter to the
/// phase rules, and hands them over in batches. Everything here belongs to the scanning thread
/// until it hands over `.end`; only then does the consuming thread read `error` (the hand-over
/// orders the two), which is what makes the unchecked `Sendable` sound.
final class ScanJob: @unchecked Sendable {
    /// A batch of lines in log order, or the end of the log.
    enum Batch: Sendable {
        case lines(RelevantLines)
        case end
    }

    let batches = LineBatches<Batch>(capacity: 16)
    private(set) var error: (any Error)?
    private let scanner: LogScanner
    private let path: String
    private let name: String
    private let observe: (LogScanner.LineInfo) -> Void
    private let relevantKinds: RelevantKinds
    /// Lines per batch: small enough (~33 KB) that a batch's array comes from the heap's free lists,
    /// not from mmap (2048 lines took a fresh mapping, and its page faults, per batch).
    private static let batchSize = 256

    init(scanner: LogScanner, path: String, name: String, observe: @escaping (LogScanner.LineInfo) -> Void,
         relevantKinds: RelevantKinds) {
        self.scanner = scanner
        self.path = path
        self.name = name
        self.observe = observe
        self.relevantKinds = relevantKinds
    }

    /// Scans the log; always ends with `.end`, after recording any error.
    func run() {
        var filter = RelevantLineFilter(relevantKinds: relevantKinds)
        var lines = RelevantLines()
        lines.headers.reserveCapacity(Self.batchSize)
        do {
            _ = try scanner.scan(path: path, name: name, observe: observe) { raw in
                switch filter.relevance(raw) {
                case .none: return
                case .remembered: lines.headers.append(LineHeader(raw, built: false))
                case .built:
                    lines.headers.append(LineHeader(raw, built: true))
                    lines.events.append(raw.event())
                }
                if lines.headers.count == Self.batchSize {
                    batches.put(.lines(lines))
                    lines = RelevantLines()
                    lines.headers.reserveCapacity(Self.batchSize)
                }
            }
        } catch {
            self.error = error
        }
        if !lines.headers.isEmpty { batches.put(.lines(lines)) }
        batches.put(.end)
    }
}
