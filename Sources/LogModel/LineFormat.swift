/// The shape of one log line, detected per line (a file can mix them).
public enum LineFormat: String, Sendable, Codable, CaseIterable {
    /// The TKG logger header `I0516 11:27:44.345583 init.go:627] message` (no PID column).
    case klog
    /// Native klog with a PID/thread column, as controller pod logs write it.
    case klogPID = "klog-pid"
    /// The UI installer's log view: `ℹ [0311 14:02:51.20381]: init.go:212] message`.
    case ui
    /// Python logging from a test harness: `INFO:root:message`.
    case pylog
    /// A shell prompt pasted with its command: `user@host:~$ tanzu cluster create ...`.
    case prompt
    /// A line with no recognised header (console output, unmanaged-cluster steps).
    case plain
    /// An indented or header-less line that belongs to the record before it.
    case continuation

    /// The position in `allCases`, for counting in arrays.
    @inline(__always) public var ordinal: Int {
        switch self {
        case .klog: return 0
        case .klogPID: return 1
        case .ui: return 2
        case .pylog: return 3
        case .prompt: return 4
        case .plain: return 5
        case .continuation: return 6
        }
    }
}

/// The wrapper a CI system put around a line, if any.
public enum LineWrapper: String, Sendable, Codable {
    /// Jenkins Timestamper: `[2023-01-10T20:09:55.303Z] `.
    case jenkins
    /// Azure Pipelines / GitHub Actions: `2023-03-02T08:14:09.6112483Z `.
    case isoStamp = "iso-stamp"
}

/// Where an event's time came from, most trustworthy first.
public enum TimeSource: String, Sendable, Codable {
    /// The line's own klog/UI header, converted to UTC when the host offset is known.
    case header
    /// A CI wrapper's UTC timestamp.
    case wrapper
    /// Taken over from the record before (continuation lines, header-less lines).
    case inherited
    /// A run-level anchor such as the old CLI's `/tmp/tkg-<timestamp>.log` name.
    case anchor
    /// When `watch` read the line (console output and stdin have no clock).
    case arrival
    /// No clock at all.
    case none
}
