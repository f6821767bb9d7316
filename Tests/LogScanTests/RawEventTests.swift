import Foundation
import Testing
import LogModel
import Patterns
@testable import LogScan

/// A log with planted fake secrets: the owned events keep none of them, in text or fields.
struct RawEventTests {
    static let secrets = ["FAKE-pw-1", "abc123secret", "ZmFrZQ==", "eyJfake", "token.x", "MIIBfakePEMbody", "FAKE-json-pw"]

    static let log = #"""
    INFO:root:Setting VSPHERE_PASSWORD to "FAKE-pw-1"
    Error: login failed TOKEN=abc123secret
    Error: cannot decode <encoded:ZmFrZQ==>
    Error: request with Authorization: Bearer eyJfake.token.x was rejected
    Error: bad certificate "-----BEGIN CERTIFICATE-----\nMIIBfakePEMbody0123456789\n-----END CERTIFICATE-----"
    Error: VSPHERE_PASSWORD: FAKE-pw-1

    """#

    @Test func eventsKeepNoSecret() throws {
        let (events, _) = try LogScannerTests.scan(Self.log)
        #expect(events.map(\.location.line) == [1, 2, 3, 4, 5, 6])
        #expect(events.first?.kind == "harness-setting")
        #expect(events.first?[field: "name"] == .string("VSPHERE_PASSWORD"))
        #expect(events.first?[field: "value"] == .string(Redactor.mask))
        #expect(events.first?.text == #"Setting VSPHERE_PASSWORD to "<redacted>""#)
        let json = String(decoding: try JSONEncoder().encode(events), as: UTF8.self)
        for secret in Self.secrets {
            #expect(!json.contains(secret), "\(secret) leaked: \(json)")
        }
    }

    @Test func harmlessEventsAreUntouched() throws {
        let (events, _) = try LogScannerTests.scan("INFO:root:Setting ALLOW_LEGACY_CLUSTER to \"false\"\nPassed waiting on provider cert-manager after 10.36s\n")
        #expect(events.first?[field: "value"] == .string("false"))
        #expect(events.first?.text == "Setting ALLOW_LEGACY_CLUSTER to \"false\"")
    }
}
