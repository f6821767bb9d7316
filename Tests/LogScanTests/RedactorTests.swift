import Testing
import LogModel

/// Each masking rule of `Redactor`, and that text without secrets is left alone.
struct RedactorTests {
    @Test(arguments: [
        // NAME=value, NAME: value, NAME to "value"
        ("VSPHERE_PASSWORD=hunter2 next", "VSPHERE_PASSWORD=<redacted> next"),
        ("password: s3cret", "password: <redacted>"),
        (#"Setting VSPHERE_PASSWORD to "FAKE-pw-1""#, #"Setting VSPHERE_PASSWORD to "<redacted>""#),
        ("export TKG_TOKEN='abc def'", "export TKG_TOKEN='<redacted>'"),
        ("AZURE_CLIENT_SECRET=xyz,other", "AZURE_CLIENT_SECRET=<redacted>,other"),
        ("AWS_B64ENCODED_CREDENTIALS=QUJD", "AWS_B64ENCODED_CREDENTIALS=<redacted>"),
        ("NSXT_PASSWD=p", "NSXT_PASSWD=<redacted>"),
        ("AVI_CA_KEY=x AVI_KEY=y", "AVI_CA_KEY=<redacted> AVI_KEY=<redacted>"),
        ("client-key-data: LS0tLS1CRUdJTg", "client-key-data: <redacted>"),
        ("SSH_PRIVATE_KEY=abc", "SSH_PRIVATE_KEY=<redacted>"),
        (#"{"vspherePassword": "abc", "user": "me"}"#, #"{"vspherePassword": "<redacted>", "user": "me"}"#),
        (#"TOKEN="with \" quote" tail"#, #"TOKEN="<redacted>" tail"#),
        ("Setting VSPHERE_PASSWORD to hunter2", "Setting VSPHERE_PASSWORD to <redacted>"),
        // `to` in prose after a name that only mentions a secret: nothing to mask.
        ("waiting for resource wl-1-kubeconfig of type *v1.Secret to be up and running",
         "waiting for resource wl-1-kubeconfig of type *v1.Secret to be up and running"),
        (#"Setting kubeconfigSecret to "abc""#, #"Setting kubeconfigSecret to "<redacted>""#),
    ])
    func assignments(_ input: String, _ expected: String) {
        #expect(Redactor.redact(input) == expected)
    }

    @Test func escapedJSONValue() {
        #expect(Redactor.redact(#"{"password":\"FAKE-json-pw\"}"#) == #"{"password":\"<redacted>\"}"#)
    }

    @Test func escapedJSONKeyAndValue() {
        // JSON inside a JSON string (annotations, TKGOperationInfo-style patches): key and value escaped.
        let out = Redactor.redact(#"{\"vspherePassword\":\"FAKE-json-pw\",\"user\":\"me\"}"#)
        #expect(!out.contains("FAKE-json-pw"), "\(out)")
    }

    @Test func encodedValues() {
        #expect(Redactor.redact("password <encoded:ZmFrZQ==> set") == "password <encoded:<redacted>> set")
        #expect(Redactor.redact("value <ENCODED:ZmFrZQ==>") == "value <encoded:<redacted>>")
    }

    @Test func bearerTokens() {
        #expect(Redactor.redact("Authorization: Bearer eyJfake.token.x rest") == "Authorization: Bearer <redacted> rest")
        #expect(Redactor.redact(#"header "bearer abc.def" sent"#) == #"header "bearer <redacted>" sent"#)
    }

    @Test func pemBlocks() {
        #expect(Redactor.redact("cert -----BEGIN CERTIFICATE-----\\nMIIBfake\\n-----END CERTIFICATE----- tail")
                == "cert -----BEGIN <redacted>----- tail")
        #expect(Redactor.redact("-----BEGIN RSA PRIVATE KEY-----\nMIIEfake\n-----END RSA PRIVATE KEY-----")
                == "-----BEGIN <redacted>-----")
        // A block cut off by the end of the text is masked to the end.
        #expect(Redactor.redact("-----BEGIN CERTIFICATE----- MIIBfake") == "-----BEGIN <redacted>-----")
    }

    @Test func longBase64Blobs() {
        let blob = String(repeating: "QWxhZGRpbjpvcGVuIHNlc2FtZQ0K", count: 5)  // 140 chars, upper, lower, digits
        #expect(Redactor.redact("certificate-authority-data \(blob) end") == "certificate-authority-data <redacted> end")
        // Long runs without digits (or all lower case) are words, not secrets.
        let letters = String(repeating: "abcdefghij", count: 12)
        #expect(Redactor.redact(letters) == letters)
    }

    @Test(arguments: [
        "Validating configuration...",
        "cluster control plane is still being initialized: ScalingUp, retrying",
        "Passed waiting on provider cert-manager after 10.36s",
        "waiting for packages: [antrea, kapp-controller, metrics-server]",
        "monkey: banana",
        "keyboard layout set",
        "the token bucket was refilled",
        "passwords are managed by the vault plugin",
        "----- separator -----",
        "Setting ALLOW_LEGACY_CLUSTER to \"false\"",
        "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "",
    ])
    func harmlessTextIsUnchanged(_ text: String) {
        #expect(Redactor.redact(text) == text)
    }

    @Test func quickCheck() {
        let yes = ["a PASSWORD=1", "Bearer x", "-----BEGIN", "<encoded:x>", "SSH_KEY=x"]
        let no = ["Validating configuration...", "abc", "cluster state is unchanged 7"]
        for text in yes { #expect(Array(text.utf8).withUnsafeBytes { Redactor.mightContainSecret($0) }, "\(text)") }
        for text in no { #expect(!Array(text.utf8).withUnsafeBytes { Redactor.mightContainSecret($0) }, "\(text)") }
    }
}
