import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import LogModel
import Testing
@testable import Reporting

struct TimelineJUnitTests {
    /// A parsed XML element: enough of a DOM to check the layout.
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""
        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }
        func all(_ n: String) -> [Node] { children.filter { $0.name == n } }
        func first(_ n: String) -> Node? { children.first { $0.name == n } }
    }

    final class TreeBuilder: NSObject, XMLParserDelegate {
        var stack: [Node] = [Node(name: "#document", attributes: [:])]
        var failure: Error?
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let node = Node(name: name, attributes: attributes)
            stack.last!.children.append(node)
            stack.append(node)
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { stack.removeLast() }
        func parser(_ parser: XMLParser, foundCharacters string: String) { stack.last!.text += string }
        func parser(_ parser: XMLParser, parseErrorOccurred error: Error) { failure = error }
    }

    static func parse(_ xml: String) throws -> Node {
        let parser = XMLParser(data: Data(xml.utf8))
        let builder = TreeBuilder()
        parser.delegate = builder
        let ok = parser.parse()
        #expect(ok, "not well-formed XML: \(String(describing: builder.failure ?? parser.parserError))")
        return try #require(builder.stack.first?.first("testsuites"))
    }

    static var xmllint: String? { TestTools.which("xmllint") }

    @Test(.enabled(if: xmllint != nil || TestTools.onCI, "xmllint is not installed (apt-get install -y libxml2-utils; .ci/run installs it): XSD validation skipped"),
          arguments: ["failedRun", "harnessRun", "untimed", "hostileRun", "empty"])
    func validatesAgainstTheJUnitXSD(_ fixture: String) throws {
        let timeline = switch fixture {
        case "failedRun": ReportFixtures.failedRun
        case "harnessRun": ReportFixtures.harnessRun
        case "untimed": ReportFixtures.untimed
        case "hostileRun": ReportFixtures.hostileRun
        default: Timeline(inputs: [])
        }
        let dir = try TestTools.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("junit.xml")
        try TimelineJUnit.render(timeline).write(to: file, atomically: true, encoding: .utf8)
        let xsd = TestTools.resources.appendingPathComponent("junit.xsd").path
        let xmllint = try #require(Self.xmllint, "xmllint is not installed: .ci/run installs libxml2-utils")
        let result = try TestTools.run(xmllint, ["--noout", "--schema", xsd, file.path])
        #expect(result.status == 0, "xmllint: \(result.stderr)")
    }

    @Test func oneSuitePerOperationOneCasePerPhase() throws {
        let timeline = ReportFixtures.failedRun
        let root = try Self.parse(TimelineJUnit.render(timeline))
        let suites = root.all("testsuite")
        #expect(suites.map { $0.attributes["name"] } == ["management-cluster-create mc-1", "workload-create wl-1"])
        let allPhases = ReportFixtures.allPhases(timeline)
        for (suite, op) in zip(suites, timeline.operations) {
            let cases = suite.all("testcase")
            let paths = allPhases.filter { $0.0.cluster == op.cluster }.map(\.1)
            #expect(cases.map { $0.attributes["name"]! } == ["operation"] + paths)
            #expect(suite.attributes["tests"] == String(cases.count))
            #expect(Set(cases.map { $0.attributes["classname"] }) == [op.kind + "." + op.cluster!])
        }
        let mc = suites[0].all("testcase")
        let capv = try #require(mc.first { $0.attributes["name"] == "providers/infrastructure-vsphere" })
        #expect(capv.attributes["time"] == "109")
        #expect(suites[0].attributes["failures"] == "0")
        #expect(suites[0].first("properties")?.all("property").contains { $0.attributes["name"] == "fact.plan" && $0.attributes["value"] == "prod" } == true)
        // A slow loop is a warning, not a failure.
        let cp = try #require(mc.first { $0.attributes["name"] == "control-plane" })
        #expect(cp.first("failure") == nil)
        #expect(cp.first("system-out")?.text.contains("warning: loop cluster-init slow in ScalingUp") == true)
        #expect(root.attributes["tests"] == String(suites.reduce(0) { $0 + $1.all("testcase").count }))
    }

    @Test func failuresStuckLoopsAndSkippedPhases() throws {
        let root = try Self.parse(TimelineJUnit.render(ReportFixtures.failedRun))
        let wl = try #require(root.all("testsuite").last)
        #expect(wl.attributes["failures"] == "2")
        #expect(wl.attributes["skipped"] == "1")
        #expect(wl.attributes["time"] == "2100")
        let cases = wl.all("testcase")
        let workers = try #require(cases.first { $0.attributes["name"] == "workers" })
        let failure = try #require(workers.first("failure"))
        #expect(failure.attributes["type"] == "failed")
        #expect(failure.attributes["message"] == "timed out waiting for cluster creation: cluster wl-1 is not ready: ScalingUp")
        #expect(failure.text.contains("at tanzu-wl-create.log:912 (cluster-create-timeout)"))
        #expect(failure.text.contains("loop cluster-init stuck in ScalingUp: 173 polls"))
        #expect(failure.text.contains("lines tanzu-wl-create.log:305 to tanzu-wl-create.log:905"))
        #expect(failure.text.contains("diagnosis: worker machines never became ready"))
        #expect(failure.text.contains("started at tanzu-wl-create.log:301"))
        #expect(workers.attributes["time"] == "1740")
        let addons = try #require(cases.first { $0.attributes["name"] == "addons" })
        #expect(addons.first("skipped") != nil && addons.first("failure") == nil)
        let operation = try #require(cases.first { $0.attributes["name"] == "operation" })
        #expect(operation.first("failure")?.attributes["type"] == "failed")
    }

    @Test func openPhasesAndStuckLoopsInOkPhasesFail() throws {
        var op = Operation(kind: "workload-upgrade", cluster: "wl-3", outcome: .open, start: ReportFixtures.at(0))
        op.phases = [
            Phase(id: "control-plane", outcome: .open, start: ReportFixtures.at(0)),
            Phase(id: "workers", outcome: .ok, start: ReportFixtures.at(0), end: ReportFixtures.at(5), durationSeconds: 5, loops: [
                ReportFixtures.loop("Rolling", 0, 5, count: 3, lines: (1, 3), verdict: .stuck),
            ]),
        ]
        let root = try Self.parse(TimelineJUnit.render(Timeline(inputs: ["x.log"], operations: [op])))
        let cases = try #require(root.first("testsuite")).all("testcase")
        #expect(cases.map { $0.first("failure")?.attributes["type"] } == ["open", "open", "stuck-loop"])
        #expect(cases[1].attributes["time"] == "0")
    }

    @Test func hostileTextStaysText() throws {
        let xml = TimelineJUnit.render(ReportFixtures.hostileRun)
        #expect(!xml.contains("<script>"))
        #expect(!xml.contains("\u{1b}"))
        let root = try Self.parse(xml)
        let suite = try #require(root.first("testsuite"))
        let expected = ReportFixtures.hostile.replacingOccurrences(of: "\u{1b}", with: "\\x1b")
        #expect(suite.all("testcase")[1].attributes["name"] == expected)
        #expect(suite.all("testcase")[1].first("failure")?.attributes["message"] == expected)
    }
}
