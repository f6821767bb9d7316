import Testing
@testable import Verify

struct RedactorTests {
    @Test(arguments: [
        ("http://user:s3cret@proxy.example:3128", "http://user:<redacted>@proxy.example:3128"),
        ("password=hunter2 other", "password=<redacted> other"),
        ("vspherePassword: \"abc\"", "vspherePassword: \"<redacted>\""),
        ("Authorization: Bearer abcdefghijkl", "Authorization: Bearer <redacted>"),
        ("ReconcileFailed: kapp: Error: waiting", "ReconcileFailed: kapp: Error: waiting"),
    ])
    func redacts(_ input: String, _ expected: String) {
        #expect(Redactor.redact(input) == expected)
    }
}
