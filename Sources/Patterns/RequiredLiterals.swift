/// The literal text a grok expression needs in any line it matches, for the scanner's prefilter.
///
/// The analysis is conservative: it returns only runs that every match must contain (outside groups,
/// classes, optional characters and `%{...}` references). A top-level alternation yields one set of
/// runs per branch: the rule is a candidate when any branch's runs are present. An empty result means
/// the rule has no usable literal and must run on every line.
public enum RequiredLiterals {
    /// Required literal runs per top-level alternative; `[]` when some alternative has none.
    public static func extract(from grok: String) -> [[String]] {
        var alternatives: [[String]] = []
        for branch in topLevelBranches(Array(grok.unicodeScalars)) {
            let runs = runs(in: branch).filter { $0.utf8.count >= 1 }
            if runs.isEmpty { return [] }
            alternatives.append(runs)
        }
        return alternatives
    }

    private static func topLevelBranches(_ s: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var branches: [[Unicode.Scalar]] = [[]]
        var depth = 0, inClass = false, i = 0
        while i < s.count {
            let c = s[i]
            if c == "\\", i + 1 < s.count {
                branches[branches.count - 1] += [c, s[i + 1]]
                i += 2
                continue
            }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
            } else if c == "(" || (c == "{" && i > 0 && s[i - 1] == "%") {
                depth += 1
            } else if c == ")" || (c == "}" && depth > 0) {
                depth -= 1
            } else if c == "|" && depth == 0 {
                branches.append([])
                i += 1
                continue
            }
            branches[branches.count - 1].append(c)
            i += 1
        }
        return branches
    }

    private static let escapedLiterals: Set<Unicode.Scalar> = Set(".^$|?*+()[]{}\\/-'\"#:=,@!%&<>~`; ".unicodeScalars)

    private static func runs(in s: [Unicode.Scalar]) -> [String] {
        var runs: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { runs.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        var i = 0
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                guard i + 1 < s.count else { flush(); i += 1; continue }
                let next = s[i + 1]
                if escapedLiterals.contains(next) {
                    current.append(next)
                } else {
                    flush()  // \d, \s, \w, \b and friends
                }
                i += 2
            case "(", "[":
                flush()
                i = skipGroup(s, from: i)
            case "%" where i + 1 < s.count && s[i + 1] == "{":
                flush()
                while i < s.count && s[i] != "}" { i += 1 }
                i += 1
            case "?", "*":
                if !current.isEmpty { current.removeLast() }
                flush()
                i += 1
            case "{":
                if !current.isEmpty { current.removeLast() }
                flush()
                while i < s.count && s[i] != "}" { i += 1 }
                i += 1
            case "+":
                flush()
                i += 1
            case ".", "^", "$", "|", ")", "]", "}":
                flush()
                i += 1
            default:
                current.append(c)
                i += 1
            }
            // A quantifier after a group or class makes nothing optional that we kept; after a plain
            // character it is handled above on the next iteration.
        }
        flush()
        return runs
    }

    /// Returns the index after the group or class that starts at `start`.
    private static func skipGroup(_ s: [Unicode.Scalar], from start: Int) -> Int {
        if s[start] == "[" {
            var i = start + 1
            if i < s.count && s[i] == "^" { i += 1 }
            if i < s.count && s[i] == "]" { i += 1 }
            while i < s.count && s[i] != "]" {
                if s[i] == "\\" { i += 1 }
                i += 1
            }
            return i + 1
        }
        var depth = 0, i = start, inClass = false
        while i < s.count {
            let c = s[i]
            if c == "\\" { i += 2; continue }
            if inClass {
                if c == "]" { inClass = false }
            } else if c == "[" {
                inClass = true
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return i
    }
}
