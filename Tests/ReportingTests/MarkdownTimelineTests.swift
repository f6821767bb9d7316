import Foundation
import LogModel
import Testing
@testable import Reporting

/// The markdown summary's cells: `|` escaped and newlines flattened, as Foundation's replacement did.
struct MarkdownTimelineTests {
    static func foundationCell(_ s: String) -> String {
        s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    @Test(arguments: ["", "plain", "a|b", "||", "line\nnext", "crlf\r\nnext", ReportFixtures.hostile, "wl-1|prod\n\n"])
    func cellsEscapeLikeFoundation(_ text: String) {
        #expect(MarkdownTimeline.cell(text) == Self.foundationCell(text))
        #expect(!MarkdownTimeline.cell(text).contains("\n"))
    }

    /// A pipe followed by a combining mark is one Character, which Foundation's replacement left
    /// alone; it still ends a table cell, so it is escaped too.
    @Test func aPipeWithACombiningMarkIsEscapedToo() {
        #expect(MarkdownTimeline.cell("a|\u{301}b") == "a\\|\u{301}b")
    }

    @Test func rowsOfAnOperation() {
        for op in ReportFixtures.big(operations: 3).operations + ReportFixtures.hostileRun.operations {
            let rows = MarkdownTimeline.rows(op)
            #expect(rows.hasPrefix("| **\(MarkdownTimeline.cell(op.kind))** | "))
            #expect(rows.split(separator: "\n").allSatisfy { $0.hasPrefix("| ") && $0.hasSuffix(" |") })
        }
    }
}
