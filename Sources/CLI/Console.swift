import Foundation

/// Writes to stderr for the CLI (library code never prints).
enum Console {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("tkgqa: " + message + "\n").utf8))
    }

    static func warning(_ message: String) {
        FileHandle.standardError.write(Data(("tkgqa: warning: " + message + "\n").utf8))
    }
}

extension Console {
    static func info(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
