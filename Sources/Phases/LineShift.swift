import LogModel

/// Moves the line numbers of one file's locations by a fixed amount: a part of a log analyzed with
/// its lines numbered from the part's own start (`SegmentedAnalysis`) gets the numbers of the whole
/// file. Every place a result holds a line is covered, including the `file:line: text` evidence of
/// a loop's diagnosis.
struct LineShift {
    let file: FileName
    let lines: Int

    func callAsFunction(_ location: SourceLocation) -> SourceLocation {
        guard location.isIn(file) else { return location }
        var moved = location
        moved.line += lines
        return moved
    }

    func callAsFunction(_ location: SourceLocation?) -> SourceLocation? {
        location.map { self($0) }
    }

    func apply(_ operation: inout Operation) {
        guard lines != 0 else { return }
        apply(&operation.evidence)
        apply(&operation.error)
        for i in operation.phases.indices { apply(&operation.phases[i]) }
    }

    func apply(_ finding: inout Finding) {
        finding.location = self(finding.location)
    }

    func apply(_ loop: inout UnknownLoop) {
        loop.firstLine = self(loop.firstLine)
        loop.lastLine = self(loop.lastLine)
    }

    private func apply(_ phase: inout Phase) {
        apply(&phase.evidence)
        apply(&phase.error)
        for i in phase.phases.indices { apply(&phase.phases[i]) }
        for i in phase.loops.indices {
            phase.loops[i].firstLine = self(phase.loops[i].firstLine)
            phase.loops[i].lastLine = self(phase.loops[i].lastLine)
            if var diagnosis = phase.loops[i].diagnosis {
                diagnosis.evidence = diagnosis.evidence.map(evidence)
                phase.loops[i].diagnosis = diagnosis
            }
        }
    }

    private func apply(_ evidence: inout Evidence) {
        evidence.start = self(evidence.start)
        evidence.end = self(evidence.end)
    }

    private func apply(_ error: inout ErrorInfo?) {
        guard var info = error else { return }
        info.location = self(info.location)
        error = info
    }

    /// A `file:line: text` evidence line with its line moved (other text unchanged).
    func evidence(_ line: String) -> String {
        let prefix = file.name + ":"
        guard line.hasPrefix(prefix) else { return line }
        let rest = line.dropFirst(prefix.count)
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(digits), rest.dropFirst(digits.count).hasPrefix(":") else { return line }
        return prefix + String(number + lines) + rest.dropFirst(digits.count)
    }
}
