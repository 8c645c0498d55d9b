import Glibc

/// The loop of one subtask: a source polling its reader, or an operator draining its input queue.
final class SubtaskTask: @unchecked Sendable {
    let runner: JobRunner
    let vertex: JobVertex
    let info: SubtaskInfo
    let writers: [EdgeWriter]
    let queue: BlockingQueue<ChannelMessage>?
    let channels: [ChannelPlan.Channel]
    let inputCount: Int
    let chainSpec: [(JobVertex, [EdgeWriter])]
    /// Chained operators with their outputs and metrics (built on the subtask thread).
    var chain: [(op: any StreamOperator, output: Output, metrics: SubtaskMetrics, reportedIn: Int64, reportedOut: Int64)] = []
    /// The source or operator at the head of this thread (set once open).
    var headReader: (any SourceReader)?
    var headOperator: (any StreamOperator)?
    /// The last checkpoint barrier this subtask passed on, and the last completion it handled.
    var lastBarrier: Int64 = 0
    var lastNotified: Int64 = 0

    init(runner: JobRunner, vertex: JobVertex, info: SubtaskInfo, writers: [EdgeWriter],
         queue: BlockingQueue<ChannelMessage>?, channels: [ChannelPlan.Channel], inputCount: Int,
         chain: [(JobVertex, [EdgeWriter])] = []) {
        chainSpec = chain
        self.runner = runner
        self.vertex = vertex
        self.info = info
        self.writers = writers
        self.queue = queue
        self.channels = channels
        self.inputCount = inputCount
    }

    func run() {
        let metrics = runner.metrics[vertex.id].subtask(info.subtaskIndex)
        let context = OperatorContext(info: info, metrics: metrics, clock: runner.config.clock,
                                      checkpointing: runner.checkpointHandler != nil)
        let output = Output(writers: writers)
        do {
            try buildChain(head: output)
            defer { for c in chain { c.op.close() } }
            switch vertex.body {
            case let .source(factory):
                try runSource(try factory(info), context: context, output: output)
            case let .operator(factory):
                try runOperator(try factory(info), context: context, output: output)
            }
        } catch {
            runner.fail(info, error)
        }
    }

    private func buildChain(head: Output) throws {
        var previous = head
        for (v, w) in chainSpec {
            guard case let .operator(factory) = v.body else { continue }
            let info = SubtaskInfo(vertexName: v.name, subtaskIndex: self.info.subtaskIndex, parallelism: v.parallelism,
                                   maxParallelism: self.info.maxParallelism)
            let op = try factory(info)
            let metrics = runner.metrics[v.id].subtask(info.subtaskIndex)
            try op.open(OperatorContext(info: info, metrics: metrics, clock: runner.config.clock,
                                        checkpointing: runner.checkpointHandler != nil))
            if let r = runner.restore, let snap = try r.snapshot(uid: v.uid, subtask: info.subtaskIndex, parallelism: v.parallelism,
                                                              keepEncoded: op.restoresEncodedState) {
                try op.restoreState(snap)
            }
            let out = Output(writers: w)
            previous.next = (op, out)
            chain.append((op, out, metrics, 0, 0))
            previous = out
        }
    }

    /// Reports chained operators' counters and rethrows an error raised inside the chain.
    func chainCheck(_ head: Output) throws {
        guard !chain.isEmpty else { return }
        try head.checkChain()
        var upstream = head.emitted
        var upstreamWatermark = head.currentWatermark
        for k in chain.indices {
            let c = chain[k]
            if upstream != c.reportedIn { c.metrics.recordsIn.add(upstream - c.reportedIn, ordering: .relaxed) }
            if c.output.emitted != c.reportedOut { c.metrics.recordsOut.add(c.output.emitted - c.reportedOut, ordering: .relaxed) }
            c.metrics.inputWatermark.store(upstreamWatermark, ordering: .relaxed)
            c.metrics.watermark.store(c.output.currentWatermark, ordering: .relaxed)
            upstreamWatermark = c.output.currentWatermark
            chain[k].reportedIn = upstream
            chain[k].reportedOut = c.output.emitted
            upstream = c.output.emitted
        }
    }

    /// The counters of the sink at the end of this subtask's chain, if the chain ends in one.
    private func sinkMetrics(_ head: Output, _ own: SubtaskMetrics) -> SubtaskMetrics? {
        guard head.isTerminal else { return nil }
        if let last = chain.last { return last.metrics }
        if case .operator = vertex.body { return own }
        return nil
    }

    /// End of input for the chain: each chained operator ends its input and finishes, in order.
    private func finishChain(_ head: Output) throws {
        for c in chain {
            try c.op.endInput(0, output: c.output)
            try c.op.finish(output: c.output)
            try head.checkChain()
        }
        try chainCheck(head)
        for c in chain { c.output.end() }
    }

    private func runSource(_ reader: any SourceReader, context: OperatorContext, output: Output) throws {
        try reader.open(context)
        defer { reader.close() }
        if let r = runner.restore, let snap = try r.snapshot(uid: vertex.uid, subtask: info.subtaskIndex, parallelism: info.parallelism) {
            try reader.restoreState(snap)
        }
        headReader = reader
        var reported: Int64 = 0
        var stopped = false
        runner.registerSource(context.wakeup)
        let longestSleep = reader.wakesOnData ? runner.config.maxWakeableIdleSleepMicros : runner.config.maxIdleSleepMicros
        var backoff = IdleBackoff(base: runner.config.idleSleepMicros, maximum: longestSleep)
        let sink = sinkMetrics(output, context.metrics)
        while !runner.isCanceled {
            let requested = runner.triggeredCheckpoint.load(ordering: .acquiring)
            if requested > lastBarrier {
                lastBarrier = requested
                backoff.busy()   // its completion notice comes soon: look again quickly
                let trigger = runner.trigger(requested)
                if trigger.drain { output.emitWatermark(Int64.max); try chainCheck(output) }
                try checkpoint(requested, output: output)
                if trigger.stop {
                    if trigger.drain { break }
                    stopped = true
                }
            }
            try notifyCompletions()
            if stopped {
                // Stopped with a savepoint (no drain): read nothing more; wait to be canceled.
                usleep(runner.config.idleSleepMicros)
                continue
            }
            let ingest = LatencyHistogram.nowMicros()
            output.setIngest(ingest)
            let before = output.emitted
            let status = try reader.poll(output: output)
            try chainCheck(output)
            if let sink, output.emitted > before {
                let now = LatencyHistogram.nowMicros()
                sink.latency.record(micros: now - ingest, count: output.emitted - before)
                sink.noteOutput(now)
            }
            context.metrics.watermark.store(output.currentWatermark, ordering: .relaxed)
            if output.emitted - reported >= 4096 || status != .more {
                context.metrics.recordsOut.add(output.emitted - reported, ordering: .relaxed)
                reported = output.emitted
            }
            if status == .finished { break }
            if status == .idle {
                output.flush()
                context.wakeup.sleep(micros: backoff.idle())
            } else {
                backoff.busy()
            }
        }
        if runner.isCanceled { return }
        output.emitWatermark(Int64.max)
        context.metrics.watermark.store(Int64.max, ordering: .relaxed)
        try chainCheck(output)
        try finishChain(output)
        output.end()
    }

    private func runOperator(_ op: any StreamOperator, context: OperatorContext, output: Output) throws {
        guard let queue else { return }
        try op.open(context)
        defer { op.close() }
        if let r = runner.restore, let snap = try r.snapshot(uid: vertex.uid, subtask: info.subtaskIndex, parallelism: info.parallelism,
                                                              keepEncoded: op.restoresEncodedState) {
            try op.restoreState(snap)
        }
        headOperator = op
        let exactlyOnce = runner.config.checkpointMode == .exactlyOnce
        // Barrier alignment: the checkpoint being aligned, channels that delivered its barrier, and
        // (EXACTLY_ONCE) messages of those channels held back until every channel delivered it.
        var aligning: Int64 = 0
        var barrierSeen = [Bool](repeating: false, count: channels.count)
        var held: [ChannelMessage] = []
        var replay: [ChannelMessage] = []
        var replayIndex = 0
        let n = channels.count
        var channelWatermark = [Int64](repeating: Int64.min, count: n)
        var channelEnded = [Bool](repeating: false, count: n)
        var openPerInput = [Int](repeating: 0, count: inputCount)
        for c in channels { openPerInput[c.input] += 1 }
        var openChannels = n
        var combined = Int64.min
        var reportedOut: Int64 = 0
        let metrics = context.metrics
        let sink = sinkMetrics(output, metrics)

        var channelIdle = [Bool](repeating: false, count: n)
        func advance(_ ch: Int, _ wm: Int64) throws {
            if wm == Batch.idleMarker {
                channelIdle[ch] = true
            } else {
                let wasIdle = channelIdle[ch]
                channelIdle[ch] = false
                guard wm > channelWatermark[ch] || wasIdle else { return }
                channelWatermark[ch] = max(wm, channelWatermark[ch])
            }
            var m = Int64.max
            var any = false
            for c in 0..<n where !channelIdle[c] {
                any = true
                if channelWatermark[c] < m { m = channelWatermark[c] }
            }
            if !any {
                // All inputs idle: advance to the maximum any channel reached (Flink's StatusWatermarkValve),
                // then report idle downstream.
                var mx = Int64.min
                for w in channelWatermark where w > mx { mx = w }
                if mx > combined {
                    combined = mx
                    try op.processWatermark(mx, output: output)
                    metrics.inputWatermark.store(mx, ordering: .relaxed)
                }
                output.markIdle()
            }
            if any, m > combined {
                combined = m
                try op.processWatermark(m, output: output)
                metrics.inputWatermark.store(m, ordering: .relaxed)
            }
        }

        if n == 0 {
            try op.processWatermark(Int64.max, output: output)
            for i in 0..<inputCount { try op.endInput(i, output: output) }
        }
        func alignmentDone() -> Bool {
            for c in 0..<n where !barrierSeen[c] && !channelEnded[c] { return false }
            return true
        }
        func finishAlignment() throws {
            let id = aligning
            aligning = 0
            for c in 0..<n { barrierSeen[c] = false }
            try checkpoint(id, output: output)
            if !held.isEmpty {
                replay = held + replay[replayIndex...]
                replayIndex = 0
                held = []
            }
        }
        func abandonAlignment() {
            aligning = 0
            for c in 0..<n { barrierSeen[c] = false }
            if !held.isEmpty {
                replay = held + replay[replayIndex...]
                replayIndex = 0
                held = []
            }
        }

        while openChannels > 0 {
            var message: ChannelMessage?
            if replayIndex < replay.count {
                message = replay[replayIndex]
                replayIndex += 1
                if replayIndex == replay.count { replay = []; replayIndex = 0 }
            } else {
                message = queue.tryPop()
                if message == nil {
                    try op.flushBuffers()
                    output.flush()
                    try chainCheck(output)
                    message = queue.pop()
                }
            }
            guard let message else { return }  // closed: canceled or failed
            if exactlyOnce, aligning != 0 {
                switch message {
                case let .batch(ch, _), let .end(ch), let .barrier(ch, _):
                    if barrierSeen[ch] { held.append(message); continue }
                case .wake: break
                }
            }
            switch message {
            case .wake:
                break
            case let .barrier(ch, id):
                if id < aligning || id <= lastBarrier { break }  // an abandoned checkpoint
                if id > aligning {
                    if aligning != 0 { abandonAlignment() }
                    aligning = id
                }
                barrierSeen[ch] = true
                if alignmentDone() {
                    lastBarrier = id
                    try finishAlignment()
                }
            case let .batch(ch, batch):
                let input = channels[ch].input
                let rows = batch.rows
                if channelIdle[ch] && !rows.isEmpty { channelIdle[ch] = false }
                metrics.recordsIn.add(Int64(rows.count), ordering: .relaxed)
                if batch.ingestMicros != 0 { output.setIngest(batch.ingestMicros) }
                if batch.marks.isEmpty {
                    for row in rows { try op.processElement(row, input: input, output: output) }
                } else {
                    var mi = 0
                    let marks = batch.marks
                    for i in rows.indices {
                        while mi < marks.count && Int(marks[mi].position) <= i {
                            try advance(ch, marks[mi].watermark)
                            mi += 1
                        }
                        try op.processElement(rows[i], input: input, output: output)
                    }
                    while mi < marks.count {
                        try advance(ch, marks[mi].watermark)
                        mi += 1
                    }
                }
                if let sink, batch.ingestMicros != 0, !rows.isEmpty {
                    let now = LatencyHistogram.nowMicros()
                    sink.latency.record(micros: now - batch.ingestMicros, count: Int64(rows.count))
                    sink.noteOutput(now)
                }
            case let .end(ch):
                guard !channelEnded[ch] else { continue }
                channelEnded[ch] = true
                openChannels -= 1
                try advance(ch, Int64.max)
                let input = channels[ch].input
                openPerInput[input] -= 1
                if openPerInput[input] == 0 { try op.endInput(input, output: output) }
                if aligning != 0 && alignmentDone() {
                    lastBarrier = aligning
                    try finishAlignment()
                }
            }
            try notifyCompletions()
            if output.emitted != reportedOut {
                metrics.recordsOut.add(output.emitted - reportedOut, ordering: .relaxed)
                reportedOut = output.emitted
            }
            metrics.watermark.store(output.currentWatermark, ordering: .relaxed)
            try chainCheck(output)
            if runner.isCanceled { return }
        }
        try op.finish(output: output)
        metrics.recordsOut.add(output.emitted - reportedOut, ordering: .relaxed)
        try chainCheck(output)
        try finishChain(output)
        output.end()
    }
}
