import CLITestSupport
import Foundation
import Testing

/// A log with planted fake secrets: no output of any command shows them.
struct RedactionCLITests {
    static let secrets = ["FAKE-pw-1", "abc123secret", "ZmFrZQ==", "eyJfake", "MIIBfakePEMbody", "fakeKEYbody", "QWxhZGRpbjpvcGVu"]

    static let log = #"""
    $ tanzu cluster create wl-sec --file ./wl.yaml
    INFO:root:Setting VSPHERE_PASSWORD to "FAKE-pw-1"
    Validating configuration...
    export TKG_TOKEN=abc123secret
    creating workload cluster 'wl-sec'...
    Error: login failed TOKEN=abc123secret
    Error: cannot decode <encoded:ZmFrZQ==>
    Error: request with Authorization: Bearer eyJfake.token.x was rejected
    Error: bad certificate "-----BEGIN CERTIFICATE-----\nMIIBfakePEMbody0123456789\n-----END CERTIFICATE-----"

    """#

    /// The same secrets in a multi-line PEM block, whose body lines have no trigger word of their own.
    static let pemBlock = """
    -----BEGIN RSA PRIVATE KEY-----
    MIIEfakeKEYbodyQWxhZGRpbjpvcGVuIHNlc2FtZQ0KfakeKEYbody0123456789ab
    -----END RSA PRIVATE KEY-----

    """

    static func write(_ text: String) throws -> String {
        let path = try CLIRunner.tempDir() + "/planted.log"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func expectNoSecret(_ run: CLIRunner.Run, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!run.all.contains(secret), "\(what) shows \(secret):\n\(run.all)", sourceLocation: sourceLocation)
        }
    }

    @Test func eventsAndAnalyzeShowNoSecret() throws {
        let path = try Self.write(Self.log)
        let events = try CLIRunner.run(["events", "--summary", path])
        #expect(events.status == 0)
        #expect(CLIRunner.lines(events.stdout).count >= 6, "\(events.stdout)")
        #expect(events.stdout.contains(#""value":"<redacted>""#))
        Self.expectNoSecret(events, "events")
        for format in ["text", "json", "markdown"] {
            let run = try CLIRunner.run(["analyze", "--format", format, path])
            #expect(run.status == 1, "\(format): \(run.stderr)")
            #expect(!run.stdout.isEmpty)
            Self.expectNoSecret(run, "analyze --format \(format)")
        }
    }

    @Test func multiLinePEMBlockInEventsAndAnalyze() throws {
        let path = try Self.write(Self.log + Self.pemBlock)
        Self.expectNoSecret(try CLIRunner.run(["events", path]), "events")
        Self.expectNoSecret(try CLIRunner.run(["analyze", "--format", "json", path]), "analyze")
    }

    @Test func coverageReportShowsNoSecret() throws {
        let path = try Self.write(Self.log)
        let run = try CLIRunner.run(["analyze", "--coverage", path])
        #expect(run.stderr.contains("coverage: "))
        Self.expectNoSecret(run, "analyze --coverage")
    }

    @Test
    func coverageReportHidesPEMBodyLines() throws {
        let path = try Self.write(Self.log + Self.pemBlock)
        Self.expectNoSecret(try CLIRunner.run(["analyze", "--coverage", path]), "analyze --coverage")
    }
}
