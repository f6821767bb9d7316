import Testing
@testable import Reporting

struct TimelineTextTests {
    @Test(arguments: [(135.2, "135.2"), (0.0001, "0"), (0.001, "0.001"), (42.0, "42"), (-1.5, "-1.5"), (1e-7, "0"),
                      (2.0e9, "2000000000"), (Double.nan, "0"), (109.9000001, "109.9")])
    func decimalsArePlain(_ value: Double, _ text: String) {
        #expect(TimelineText.decimal(value) == text)
    }

    @Test(arguments: [(0.85, "850ms"), (4.25, "4.3s"), (42.0, "42s"), (135.0, "2m15s"), (3780.0, "1h03m")])
    func durationsRead(_ seconds: Double, _ text: String) {
        #expect(TimelineText.duration(seconds) == text)
    }

    @Test func escapes() {
        #expect(TimelineText.html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(TimelineText.json("</script>\u{2028}\"\\\n\u{1}", scriptSafe: true) == "\"\\u003c/script\\u003e\\u2028\\\"\\\\\\n\\u0001\"")
        #expect(TimelineText.json("a<b") == "\"a<b\"")
        #expect(TimelineText.xml("a\u{1b}[0m<&>\"'\n") == "a\\x1b[0m&lt;&amp;&gt;&quot;&apos;&#10;")
        #expect(TimelineText.xml("a\nb", keepNewlines: true) == "a\nb")
        #expect(TimelineText.prometheusLabel("a\\b\"c\nd") == "a\\\\b\\\"c\\nd")
    }
}
