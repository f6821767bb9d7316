import LogModel
import Patterns

/// Reads `phases/*.yaml` from a pattern set into a `PhaseRuleSet`, checking every event id it names.
///
/// ```yaml
/// operation: workload-create
/// commands: ["cluster create", "create cluster"]
/// start: [validating-configuration, workload-create-start]
/// success: [workload-created]
/// failure: ["error-*"]
/// phases:
///   - id: control-plane
///     start: [cluster-init-wait]
///   - id: addons
///     start: [addons-core-packages-wait]
///     children: { key: package, start: [package-waiting], end: [package-reconciled] }
/// loops:
///   - id: cluster-init
///     polls: [cluster-initializing]
///     counters: [cluster-state-unchanged]
///     state: [reason]
///     interval: 15s
///     stuck_after: 10m
/// ```
/// A file with `harness:` instead of `operation:` names the harness step and command events.
public enum PhaseRuleLoader {
    public static func load(_ patterns: PatternSet) throws(PatternErrors) -> PhaseRuleSet {
        var errors: [PatternError] = []
        let known = Set(patterns.events.map(\.id))
        var set = PhaseRuleSet(operations: [], harnessStep: [], harnessCommand: [], shellCommand: [])
        for (path, text) in patterns.documents.sorted(by: { $0.key < $1.key }) where path.hasPrefix("phases/") {
            let root: YAMLValue
            do { root = try YAMLValue.parse(text, path: path) } catch { errors.append(error); continue }
            var reader = Reader(known: known, errors: [])
            if let harness = root["harness"] {
                set.harnessStep.formUnion(reader.events(harness["step"], "step"))
                set.harnessCommand.formUnion(reader.events(harness["command"], "command"))
                set.shellCommand.formUnion(reader.events(harness["shell"], "shell"))
            } else if let op = reader.operation(root) {
                if set.operations.contains(where: { $0.kind == op.kind }) {
                    reader.errors.append(PatternError(.duplicate, "operation \"\(op.kind)\" is defined twice", at: op.location))
                } else {
                    set.operations.append(op)
                }
            }
            errors += reader.errors
        }
        do { set.diagnoses = try DiagnosisRules.load(patterns) } catch { errors += error.errors }
        if !errors.isEmpty { throw PatternErrors(errors) }
        return set
    }

    struct Reader {
        let known: Set<String>
        var errors: [PatternError]

        mutating func operation(_ root: YAMLValue) -> OperationRule? {
            guard let kind = root["operation"]?.string else {
                errors.append(PatternError(.badRule, "a phase rule file needs `operation: <kind>` (or `harness:`)", at: root.location.source))
                return nil
            }
            allowOnly(root, ["operation", "doc", "commands", "start", "success", "failure", "instant", "cluster", "facts", "phases", "loops", "budget", "budget_source"])
            var facts: [(String, String, String)] = []
            for entry in root["facts"]?.entries ?? [] {
                let parts = (entry.value.string ?? "").split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    errors.append(PatternError(.badRule, "fact \"\(entry.key)\" must be `event-id.field`", at: entry.keyLocation.source))
                    continue
                }
                check(parts[0], at: entry.value.location)
                facts.append((entry.key, parts[0], parts[1]))
            }
            let commands = strings(root["commands"]).map { $0.split(separator: " ").map(String.init) }
            var phases: [PhaseRule] = []
            for item in root["phases"]?.items ?? [] {
                allowOnly(item, ["id", "start", "end", "fail", "children", "budget", "budget_source", "doc", "not_at_open"])
                guard let id = item["id"]?.string else {
                    errors.append(PatternError(.badRule, "a phase needs an `id`", at: item.location.source))
                    continue
                }
                var children: ChildRule?
                if let c = item["children"] {
                    allowOnly(c, ["key", "start", "end", "fail", "reported"])
                    children = ChildRule(key: c["key"]?.string ?? "name", start: events(c["start"], "start"), end: events(c["end"], "end"),
                                         fail: events(c["fail"], "fail"), reported: c["reported"]?.string)
                }
                phases.append(PhaseRule(id: id, start: events(item["start"], "start"), end: events(item["end"], "end"),
                                        fail: events(item["fail"], "fail"), children: children, notAtOpen: item["not_at_open"]?.string == "true",
                                        budgetSeconds: duration(item["budget"]), budgetSource: item["budget_source"]?.string))
            }
            var loops: [LoopRule] = []
            for item in root["loops"]?.items ?? [] {
                allowOnly(item, ["id", "polls", "counters", "state", "key", "progress", "end", "interval", "max_gap", "stuck_after", "timeout", "doc"])
                guard let id = item["id"]?.string else {
                    errors.append(PatternError(.badRule, "a loop needs an `id`", at: item.location.source))
                    continue
                }
                guard let stuck = duration(item["stuck_after"]) else {
                    errors.append(PatternError(.badRule, "loop \"\(id)\" needs `stuck_after` (its typical healthy duration, e.g. 10m)", at: item.location.source))
                    continue
                }
                loops.append(LoopRule(id: id, polls: events(item["polls"], "polls"), counters: events(item["counters"], "counters"),
                                      state: strings(item["state"]), key: strings(item["key"]), progress: strings(item["progress"]),
                                      end: events(item["end"], "end"), intervalSeconds: duration(item["interval"]),
                                      maxGapSeconds: duration(item["max_gap"]), stuckAfterSeconds: stuck, timeoutSeconds: duration(item["timeout"])))
            }
            let failureItems = strings(root["failure"])
            for item in failureItems where !item.hasSuffix("*") { check(item, at: root["failure"]!.location) }
            return OperationRule(kind: kind, doc: root["doc"]?.string, commands: commands, start: events(root["start"], "start"),
                                 success: events(root["success"], "success"), failure: EventSet(failureItems),
                                 instant: root["instant"]?.string == "true", clusterFields: strings(root["cluster"]).isEmpty ? ["cluster"] : strings(root["cluster"]),
                                 facts: facts, phases: phases, loops: loops, budgetSeconds: duration(root["budget"]),
                                 budgetSource: root["budget_source"]?.string, location: root.location.source)
        }

        mutating func allowOnly(_ node: YAMLValue, _ keys: Set<String>) {
            for entry in node.entries ?? [] where !keys.contains(entry.key) {
                errors.append(PatternError(.badRule, "unknown key \"\(entry.key)\"", at: entry.keyLocation.source,
                                           hint: "allowed: \(keys.sorted().joined(separator: ", "))"))
            }
        }

        func strings(_ node: YAMLValue?) -> [String] {
            guard let node else { return [] }
            if let s = node.string { return [s] }
            return (node.items ?? []).compactMap(\.string)
        }

        mutating func events(_ node: YAMLValue?, _ what: String) -> Set<String> {
            guard let node else { return [] }
            var ids: Set<String> = []
            for item in node.items ?? [node] {
                guard let id = item.string else { continue }
                check(id, at: item.location)
                ids.insert(id)
            }
            return ids
        }

        mutating func check(_ id: String, at location: YAMLLocation) {
            guard !known.contains(id) else { return }
            errors.append(PatternError(.badRule, "unknown event \"\(id)\"", at: location.source,
                                       hint: nearest(id).map { "did you mean \($0)?" } ?? "event ids are defined in patterns/events/*.yaml"))
        }

        func nearest(_ id: String) -> String? { closest(to: id, in: known) }

        mutating func duration(_ node: YAMLValue?) -> Double? {
            guard let text = node?.string else { return nil }
            guard let seconds = GoDuration.seconds(text[...]) else {
                errors.append(PatternError(.badRule, "bad duration \"\(text)\"", at: node!.location.source, hint: "use Go durations such as 15s, 10m, 1h30m"))
                return nil
            }
            return seconds
        }
    }
}
