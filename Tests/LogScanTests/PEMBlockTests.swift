import Testing
import LogModel
@testable import LogScan

/// Lines inside a multi-line PEM block are key material: never matched, wherever the BEGIN and END
/// markers sit on their lines (start, middle after other dashes, the last bytes of a short line).
struct PEMBlockTests {
    @Test func linesInsidePEMBlocksYieldNoEvents() throws {
        let log = """
        Validating configuration...
        -----BEGIN CERTIFICATE-----
        Validating configuration...
        -----END CERTIFICATE-----
        Validating configuration...
        a-b-c --- -----BEGIN X
        Validating configuration...
        x -----END X
        Validating configuration...
        key: "-----BEGIN RSA PRIVATE KEY-----
        Validating configuration...
        -- -- -----END RSA PRIVATE KEY-----"
        Validating configuration...
        -----BEGIN A----- inline -----END A-----
        Validating configuration...
        """
        let (events, _) = try LogScannerTests.scan(log)
        #expect(events.filter { $0.kind == "validating-configuration" }.map(\.location.line) == [1, 5, 9, 13, 15])
    }
}
