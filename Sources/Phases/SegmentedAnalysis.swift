#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import class Foundation.NSCondition
import LogModel
import LogScan

/// Analyzes one large regular file on several threads at once, with the result of one pass.
///
/// The file is cut into segments of a few megabytes. A thread takes the next segment, looks in it
/// for the first line that opens an operation and has a header time of its own (the *cut*), and
/// analyzes from there with a fresh scanner and phase builder, numbering lines from the cut. The
/// thread working on the segment before reads on up to that cut and checks it: when its own state
/// there is where a fresh analysis starts (`PhaseBuilder.isQuiescent`, no PEM block open), both
/// halves give what one pass gives, and it stops; otherwise it refuses the cut, drops the other
/// thread's work and reads on through that segment itself. After the first refused cut no more
/// segments are started ahead (a CI harness step that spans the log makes every cut wrong).
///
/// Operations are prepared (e.g. rendered) on the thread that built them, once the segment knows
/// where its lines are in the whole file (`LineShift`: when the segment before is done), and
/// delivered in log order on the calling thread. At most a few segments run ahead of the one being
/// delivered, each holding at most its own operations, so memory stays bounded whatever the size.
final class SegmentedAnalysis<Prepared>: @unchecked Sendable {
    /// Bytes per segment: large enough that finding a cut (scanning up to one operation) and warming
    /// a fresh scanner's caches are small beside the segment's work.
    static var defaultSegmentBytes: Int64 { 32 << 20 }
    /// Prepared batches a segment may hold before its thread waits for them to be delivered.
    static var queuedBatches: Int { 32 }

    private let analyzer: Analyzer
    private let head: LogScanner.FileHead
    private let path: String
    private let name: String
    private let file: FileName
    private let threads: Int
    /// Per event rule (the matcher's rule order), whether its event opens some operation.
    private let opensOperation: [Bool]
    private var segments: [Segment]

    // Shared state, under `lock`.
    private let lock = NSCondition()
    /// The next segment a thread may take.
    private var nextSegment = 0
    /// The segment being delivered: threads start segments at most `threads` beyond it.
    private var headSegment = 0
    /// False after the first refused cut: segments are no longer started ahead.
    private var speculating = true
    private var abandoned = false
    /// Threads not yet ready to take segments (with `startTogether`).
    private var unready: Int
    /// Cuts accepted and refused (what the speculation bought; read after `run`).
    private(set) var acceptedCuts = 0
    private(set) var refusedCuts = 0
    /// Set once by `run` before the threads start.
    private var prepare: (@Sendable ([Operation]) -> Prepared)!

    /// One segment of the file and what the threads know about it.
    final class Segment {
        /// Where the segment's bytes start (not necessarily at a line start).
        let start: Int64
        /// The thread analyzing the segment before reads this one itself (no cut found, a refused
        /// cut, or not started when that thread got here).
        var absorbed = false
        /// A thread took it and looks for its cut.
        var taken = false
        /// The cut: nil while unknown.
        var cut: Cut?
        var verdict = Verdict.pending
        /// The number of lines before the segment's cut, once the segment before is done.
        var base: Int?
        /// Batches of operations prepared and not yet delivered; the part's other results once `done`.
        var prepared: [Prepared] = []
        var done = false
        var strays: [Finding] = []
        var others: [Finding] = []
        var lineCount = 0
        var detector: UnknownLoopDetector?
        var error: (any Error)?

        init(start: Int64) { self.start = start }

        enum Cut: Equatable {
            case at(Int64)
            case none
        }

        enum Verdict { case pending, accepted, refused }
    }

    /// `nil` when `path` is not worth (or cannot be) analyzed in segments: one thread, not a regular
    /// file, smaller than two segments, or a CI harness console.
    ///
    /// `probeHarness: false` (tests) cuts even a log that shows a CI harness, whose cuts are then
    /// refused; `startTogether` (tests) gives thread N segment N first and starts them only once all
    /// are ready, so that a small file is not read whole by the first before the others start
    /// (segment 1's cut is always checked, however the threads are scheduled).
    init?(analyzer: Analyzer, path: String, name: String, threads: Int, segmentBytes: Int64 = defaultSegmentBytes,
          probeHarness: Bool = true, startTogether: Bool = false) throws {
        let scanner = LogScanner(patterns: analyzer.patterns, options: analyzer.options)
        guard threads > 1, let head = try scanner.head(path: path, name: name), head.size >= 2 * segmentBytes else { return nil }
        self.analyzer = analyzer
        self.head = head
        self.path = path
        self.name = name
        file = FileName.intern(name)
        self.threads = threads
        unready = startTogether ? threads : 0
        let starts = Set(analyzer.rules.operations.flatMap(\.start))
        opensOperation = analyzer.patterns.events.map { starts.contains($0.id) }
        // A CI harness log nests every operation under steps that span the log: no cut would hold.
        // Such logs are scanned on one thread while another builds (`ScanJob`), as before.
        guard !probeHarness || !Self.showsHarness(head, scanner: scanner, name: name, rules: analyzer.rules) else { return nil }
        segments = Self.starts(size: head.size, segmentBytes: segmentBytes, threads: threads).map(Segment.init)
    }

    /// Whether the first megabyte of the log holds a harness step or command line.
    static func showsHarness(_ head: LogScanner.FileHead, scanner: LogScanner, name: String, rules: PhaseRuleSet) -> Bool {
        let harness = rules.harnessStep.union(rules.harnessCommand)
        let matcher = scanner.matcher(for: head)
        let isHarness = matcher.kinds.map(harness.contains)
        let processor = scanner.processor(for: head, name: name, matcher: matcher)
        var found = false
        head.sample.withUnsafeBytes { sample in
            let probe = UnsafeRawBufferPointer(rebasing: sample[..<min(sample.count, 1 << 20)])
            var start = 0
            var number = 0
            while start < probe.count, !found {
                let end = probe[start...].firstIndex(of: 0x0A) ?? probe.count
                let last = end > start && probe[end - 1] == 0x0D ? end - 1 : end  // CRLF
                number += 1
                try? processor.process(UnsafeRawBufferPointer(rebasing: probe[start..<last]), number: number, observe: nil) { raw in
                    if isHarness[raw.ruleIndex] { found = true }
                }
                start = end + 1
            }
        }
        return found
    }

    /// Where the segments start: `segmentBytes` each, shrinking towards the end (to a quarter of what
    /// is left per thread, down to an eighth of `segmentBytes`) so that the threads finish close
    /// together instead of one waiting for the other's last large segment.
    static func starts(size: Int64, segmentBytes: Int64, threads: Int) -> [Int64] {
        var starts: [Int64] = []
        var at: Int64 = 0
        while at < size {
            starts.append(at)
            let left = size - at
            at += min(segmentBytes, max(segmentBytes / 8, left / Int64(4 * threads)))
        }
        return starts
    }

    /// Runs the analysis; `deliver` gets every prepared operation in log order on the calling thread.
    /// Returns the findings (lines outside operations first, as one pass lists them) and the
    /// unknown-loop detector of the whole file.
    func run(prepare: @escaping @Sendable ([Operation]) -> Prepared, deliver: (Prepared) -> Void) throws -> (findings: [Finding], unknown: UnknownLoopDetector) {
        self.prepare = prepare
        segments[0].base = 0
        if unready > 0 {
            for k in 0..<min(threads, segments.count) { segments[k].taken = true }
            nextSegment = min(threads, segments.count)
        }
        let workers = (0..<threads).map { worker in BackgroundThread { self.work(worker) } }
        defer {
            lock.lock()
            abandoned = true
            lock.broadcast()
            lock.unlock()
            workers.forEach { $0.join() }
        }
        var strays: [Finding] = []
        var others: [Finding] = []
        let unknown = UnknownLoopDetector()
        for k in segments.indices {
            lock.lock()
            headSegment = k
            lock.broadcast()
            let segment = segments[k]
            // Settled: read by the thread before, or its cut accepted (the first needs none).
            while !(segment.absorbed || k == 0 || segment.verdict == .accepted) { lock.wait() }
            if segment.absorbed && k > 0 {
                lock.unlock()
                continue
            }
            while true {
                while segment.prepared.isEmpty && !segment.done { lock.wait() }
                var ready: [Prepared] = []
                swap(&ready, &segment.prepared)
                let done = segment.done
                lock.broadcast()
                lock.unlock()
                for item in ready { deliver(item) }
                if done { break }
                lock.lock()
            }
            if let error = segment.error { throw error }
            let shift = LineShift(file: file, lines: segment.base ?? 0)
            strays += segment.strays
            others += segment.others
            if let detector = segment.detector { unknown.absorb(detector, shift: shift) }
        }
        return (strays + others, unknown)
    }

    // MARK: - Threads

    /// Takes segments until none is left. `worker` 0 works with the analyzer's own rules, the
    /// others with copies that share no storage (see `PatternSet.reloaded`).
    private func work(_ worker: Int) {
        let analyzer: Analyzer
        do {
            analyzer = worker == 0 ? self.analyzer : try Analyzer(patterns: self.analyzer.patterns.reloaded(), options: self.analyzer.options)
        } catch {
            // The same sources loaded once already; the other threads take the segments (and read
            // the one set aside for this thread).
            lock.lock()
            if unready > 0, worker > 0, worker < segments.count { segments[worker].cut = Segment.Cut.none; segments[worker].done = true }
            unready -= 1
            lock.broadcast()
            lock.unlock()
            return
        }
        let scanner = LogScanner(patterns: analyzer.patterns, options: analyzer.options)
        let matcher = scanner.matcher(for: head)
        let scratch = EventMatcher.Scratch(ruleCount: matcher.kinds.count)
        lock.lock()
        let first = unready > 0 && worker < segments.count ? worker : nil
        unready -= 1
        lock.broadcast()
        while unready > 0 && !abandoned { lock.wait() }
        lock.unlock()
        if let first { analyze(first, analyzer: analyzer, scanner: scanner, matcher: matcher, scratch: scratch) }
        while true {
            lock.lock()
            while !abandoned && speculating && nextSegment < segments.count && nextSegment > headSegment + threads {
                lock.wait()
            }
            guard !abandoned, nextSegment < segments.count, speculating || nextSegment == 0 else {
                lock.unlock()
                return
            }
            let k = nextSegment
            nextSegment += 1
            let segment = segments[k]
            if segment.absorbed {
                lock.unlock()
                continue
            }
            segment.taken = true
            lock.unlock()
            analyze(k, analyzer: analyzer, scanner: scanner, matcher: matcher, scratch: scratch)
        }
    }

    /// Finds segment `k`'s cut, then analyzes from it (or from the start of the file).
    private func analyze(_ k: Int, analyzer: Analyzer, scanner: LogScanner, matcher: EventMatcher, scratch: EventMatcher.Scratch) {
        let segment = segments[k]
        do {
            var from: Int64 = 0
            if k > 0 {
                let cut = try findCut(k, analyzer: analyzer, scanner: scanner, matcher: matcher, scratch: scratch)
                lock.lock()
                segment.cut = cut
                lock.broadcast()
                lock.unlock()
                guard case .at(let offset) = cut else {
                    finish(segment)
                    return
                }
                from = offset
            }
            try analyze(segment: k, from: from, analyzer: analyzer, scanner: scanner, matcher: matcher, scratch: scratch)
        } catch {
            lock.lock()
            segment.error = error
            // The thread before reads the segment itself (and meets the same error if it is the file's).
            if segment.cut == nil { segment.cut = Segment.Cut.none }
            lock.unlock()
        }
        finish(segment)
    }

    private func finish(_ segment: Segment) {
        lock.lock()
        segment.done = true
        lock.broadcast()
        lock.unlock()
    }

    /// The first line of segment `k` (from its first whole line, before the next segment starts)
    /// whose first record has a header time of its own and holds an event that opens an operation.
    private func findCut(_ k: Int, analyzer: Analyzer, scanner: LogScanner, matcher: EventMatcher, scratch: EventMatcher.Scratch) throws -> Segment.Cut {
        let end = k + 1 < segments.count ? segments[k + 1].start : head.size
        let origin = segments[k].start - 1
        let fd = try LogScanner.openFile(path, at: origin)
        defer { close(fd) }
        let reader = LineReader(fd: fd, chunkSize: 1 << 20, maxLineBytes: analyzer.options.maxLineBytes, origin: origin)
        let processor = scanner.processor(for: head, name: name, matcher: matcher, scratch: scratch)
        var cut = Segment.Cut.none
        var first = true
        try reader.forEachLine { line in
            if first {
                // The rest of the line the segment starts in (the byte before it may end a line).
                first = false
                return true
            }
            if line.offset >= end || isAbandoned { return false }
            let ownHeader = LineParser.parse(line.bytes).local != nil
            var opens = false
            try processor.process(line.bytes, number: line.number, observe: nil) { raw in
                if ownHeader && opensOperation[raw.ruleIndex] { opens = true }
            }
            if opens {
                cut = .at(line.offset)
                return false
            }
            return true
        }
        return cut
    }

    /// Analyzes from `from` (a cut, or the file's start) up to the first accepted cut after it.
    private func analyze(segment k: Int, from: Int64, analyzer: Analyzer, scanner: LogScanner, matcher: EventMatcher, scratch: EventMatcher.Scratch) throws {
        let segment = segments[k]
        let processor = scanner.processor(for: head, name: name, matcher: matcher, scratch: scratch)
        let detector = UnknownLoopDetector()
        let observe: (LogScanner.LineInfo) -> Void = { info in detector.observe(info) }
        let builder = PhaseBuilder(rules: analyzer.rules)
        // Finished operations wait here until the segment's line numbers are known, then are
        // prepared on this thread and queued for delivery.
        var pending: [Operation] = []
        var base = k == 0 ? 0 : nil as Int?
        builder.onOperation = { pending.append($0) }
        var feeder = RelevantLineFeeder(builder: builder, file: file)
        var filter = RelevantLineFilter(relevantKinds: analyzer.relevantKinds)
        // The next segment this one reaches, and its cut once known.
        var next = k + 1
        var nextStart = next < segments.count ? segments[next].start : Int64.max
        var nextCut: Int64?
        var refused = false
        var endedAtCut = false
        let lines = try scanner.scanPart(path: path, from: from, processor: processor, observe: observe, proceed: { offset, number in
            while offset >= nextStart {
                if nextCut == nil {
                    switch reach(next) {
                    case .at(let cut): nextCut = cut
                    case .none:
                        next += 1
                        nextStart = next < segments.count ? segments[next].start : Int64.max
                        continue
                    }
                }
                guard let cut = nextCut, offset >= cut else { break }
                // The cut line has a header of its own: past it, the time and "a header was seen"
                // are the same for both threads; a PEM block open here would not be.
                if !processor.inPEMBlock && builder.isQuiescent {
                    settle(next, .accepted)
                    endedAtCut = true
                    return nil
                }
                settle(next, .refused)
                next += 1
                nextStart = next < segments.count ? segments[next].start : Int64.max
                nextCut = nil
            }
            if number & 0xFFF == 0 {
                if base == nil { base = knownBase(segment) }
                if let base, !pending.isEmpty {
                    refused = !hand(&pending, base: base, to: segment)
                } else {
                    refused = isRefused(segment)
                }
                if refused { return nil }
            }
            return nextCut ?? nextStart
        }) { raw in
            switch filter.relevance(raw) {
            case .none: break
            case .remembered: feeder.feed(remembered: LineHeader(raw, built: false))
            case .built: feeder.feed(raw.event(), rule: raw.ruleIndex, bodyKey: raw.bodyKey)
            }
        }
        guard !refused else { return }
        if !endedAtCut {
            // Read to the end of the file: segments starting inside its last line have no line of
            // their own; they are this one's.
            lock.lock()
            for j in next..<segments.count { segments[j].absorbed = true }
            lock.broadcast()
            lock.unlock()
        }
        // Operations kept to the end (under a CI harness step) come out here.
        let (kept, strays, others) = builder.finishParts()
        pending += kept
        guard let base = base ?? waitForBase(segment), hand(&pending, base: base, to: segment) else { return }
        let shift = LineShift(file: file, lines: base)
        lock.lock()
        segment.strays = strays.map { var f = $0; shift.apply(&f); return f }
        segment.others = others.map { var f = $0; shift.apply(&f); return f }
        segment.lineCount = lines
        segment.detector = detector
        // The segment whose cut ended this one starts where this one ends.
        if next < segments.count, segments[next].verdict == .accepted { segments[next].base = base + lines }
        lock.broadcast()
        lock.unlock()
    }

    /// The segment's base if already known.
    private func knownBase(_ segment: Segment) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        return segment.base
    }

    /// Waits until the segment before is done and the base is known; nil when the segment's cut
    /// was refused (or the analysis abandoned) meanwhile.
    private func waitForBase(_ segment: Segment) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        while segment.base == nil && segment.verdict != .refused && !abandoned { lock.wait() }
        return segment.verdict == .refused || abandoned ? nil : segment.base
    }

    /// The thread before reached segment `j`: its cut, once the thread that took it found it;
    /// `.none` when it reads `j` itself (no cut, or not taken yet).
    private func reach(_ j: Int) -> Segment.Cut {
        lock.lock()
        defer { lock.unlock() }
        let segment = segments[j]
        if !segment.taken {
            segment.absorbed = true
            lock.broadcast()
            return .none
        }
        while segment.cut == nil { lock.wait() }
        if segment.cut == Segment.Cut.none {
            segment.absorbed = true
            lock.broadcast()
        }
        return segment.cut!
    }

    /// Accepts or refuses segment `j`'s cut; a refused segment is read by the thread before, and no
    /// segment is started ahead any more.
    private func settle(_ j: Int, _ verdict: Segment.Verdict) {
        lock.lock()
        segments[j].verdict = verdict
        if verdict == .accepted { acceptedCuts += 1 } else { refusedCuts += 1 }
        if verdict == .refused {
            segments[j].absorbed = true
            speculating = false
        }
        lock.broadcast()
        lock.unlock()
    }

    /// Gives finished operations the whole file's line numbers, prepares them (on this thread) and
    /// queues them for delivery, waiting while the queue is full. False when the segment's cut was
    /// refused (its work is dropped).
    private func hand(_ operations: inout [Operation], base: Int, to segment: Segment) -> Bool {
        guard !operations.isEmpty else { return !isRefused(segment) }
        let shift = LineShift(file: file, lines: base)
        // Moved in place (each operation's arrays are referenced once: no copy), then freed here.
        for i in operations.indices { shift.apply(&operations[i]) }
        // At most 64 to a batch (what a CI harness kept to the end comes all at once).
        var ready: [Prepared] = []
        if operations.count <= 64 {
            ready.append(prepare(operations))
        } else {
            for start in stride(from: 0, to: operations.count, by: 64) {
                ready.append(prepare(Array(operations[start..<min(start + 64, operations.count)])))
            }
        }
        operations.removeAll(keepingCapacity: true)
        lock.lock()
        defer { lock.unlock() }
        while segment.prepared.count >= Self.queuedBatches && segment.verdict != .refused && !abandoned { lock.wait() }
        if segment.verdict == .refused || abandoned { return false }
        segment.prepared += ready
        lock.broadcast()
        return true
    }

    private func isRefused(_ segment: Segment) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return segment.verdict == .refused || abandoned
    }

    private var isAbandoned: Bool {
        lock.lock()
        defer { lock.unlock() }
        return abandoned
    }
}

