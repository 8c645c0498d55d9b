import Foundation
import Glibc
import Planner
import Runtime

/// `flinkcloud-bench runtime [--query job1|join|topn|session] [--events N[,N…]] [--parallelism P[,P…]] [--partitions K]
///  [--checkpoint-interval MS [--repeat N]]`
///
/// The seed's job 1 as a hand-built graph: kafka source (JSON, per-partition watermarks published_at − 5 s)
/// → calc (article_score * source_weight) → hash(market_slug) → TUMBLE 1 h window (COUNT(*), SUM, AVG)
/// → collect. Events are generated like `gen_events.py` (100 markets, 6 hours, 10% jittered up to 5 s,
/// dyadic scores) into a file-backed topic first; each (events, parallelism) run is a child process so peak
/// RSS is measured per run. The other queries (`RuntimeBenchQueries`) run the same events through the SQL
/// planner into a blackhole sink. With `--checkpoint-interval`, job1 runs twice per (events, parallelism):
/// without checkpoints, then as a `SupervisedJob` with EXACTLY_ONCE checkpoints at that interval (aligned
/// barriers, state files fsynced), `--repeat` times alternating; the medians of wall-clock throughput and
/// of events per CPU second (robust when the machine is shared) are compared.
enum RuntimeBench {
    static let schema = RowSchema([
        .init("market_slug", DataType(.string)), .init("published_at", DataType(.timestamp(precision: 3))),
        .init("keyword_score", DataType(.double)), .init("article_score", DataType(.double)),
        .init("source_weight", DataType(.double)),
    ])

    static func run(_ args: [String]) {
        var events = [1_000_000, 5_000_000]
        var parallelisms = [1, 2]
        var partitions = 6
        var dataDir: String?
        var query = "job1"
        var child = false
        var interval: Int64?
        var repeats = 1
        var i = 0
        while i < args.count {
            let a = args[i]
            let v = i + 1 < args.count ? args[i + 1] : ""
            switch a {
            case "--events": events = v.split(separator: ",").compactMap { Int($0) }; i += 1
            case "--parallelism": parallelisms = v.split(separator: ",").compactMap { Int($0) }; i += 1
            case "--partitions": partitions = Int(v) ?? 6; i += 1
            case "--data": dataDir = v; i += 1
            case "--query": query = v; i += 1
            case "--child": child = true
            case "--checkpoint-interval": interval = Int64(v); i += 1
            case "--repeat": repeats = max(1, Int(v) ?? 1); i += 1
            default: break
            }
            i += 1
        }
        guard query == "job1" || RuntimeBenchQueries.scripts[query] != nil else {
            print("unknown query \(query); one of job1, \(RuntimeBenchQueries.scripts.keys.sorted().joined(separator: ", "))")
            exit(2)
        }
        if child, let dataDir, let n = events.first, let p = parallelisms.first {
            if query == "job1" {
                runJob(dataDir: dataDir, events: n, parallelism: p, checkpointInterval: interval)
            } else {
                RuntimeBenchQueries.run(query: query, dataDir: dataDir, events: n, parallelism: p)
            }
            return
        }
        let root = dataDir ?? makeTempDir()
        print(query == "job1"
              ? "runtime bench: seed job1 (TUMBLE 1 h per market: COUNT, SUM, AVG of a product), \(partitions) partitions"
              : "runtime bench: \(query) — \(RuntimeBenchQueries.descriptions[query] ?? ""), \(partitions) partitions")
        for n in events {
            let dir = "\(root)/events-\(n)"
            let t0 = now()
            generate(dir: dir, events: n, partitions: partitions)
            print(String(format: "generated %d events into %@ in %.2f s", n, dir, now() - t0))
            if query == "join" { RuntimeBenchQueries.generateMarkets(dir: dir) }
            for p in parallelisms {
                guard let interval, query == "job1" else {
                    spawnChild(dataDir: dir, events: n, parallelism: p, query: query)
                    continue
                }
                var without: [(rate: Double, cpu: Double)] = [], with: [(rate: Double, cpu: Double)] = []
                for _ in 0..<repeats {
                    if let r = spawnChild(dataDir: dir, events: n, parallelism: p, query: query) { without.append(r) }
                    if let r = spawnChild(dataDir: dir, events: n, parallelism: p, query: query, checkpointInterval: interval) { with.append(r) }
                }
                func median(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.sorted()[xs.count / 2] }
                let w0 = median(without.map(\.rate)), w1 = median(with.map(\.rate))
                let c0 = median(without.map { Double(n) / $0.cpu }), c1 = median(with.map { Double(n) / $0.cpu })
                print(String(format: "events=%d parallelism=%d, median of %d: %.0f events/s with %lld ms checkpoints = %.1f%% of %.0f without; per CPU second %.0f vs %.0f = %.1f%%",
                             n, p, repeats, w1, interval, w1 / w0 * 100, w0, c1, c0, c1 / c0 * 100))
            }
        }
        if dataDir == nil { removeTree(root) }
    }

    /// CPU time of this process (every thread), seconds.
    static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func makeTempDir() -> String {
        var template = Array("/tmp/flinkcloud-bench-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        return String(cString: p!)
    }

    static func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// SplitMix64: a small deterministic generator (the Python script's Mersenne Twister is not needed).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func double() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func int(_ lo: Int, _ hi: Int) -> Int { lo + Int(next() % UInt64(hi - lo + 1)) }
    }

    static func generate(dir: String, events n: Int, partitions: Int) {
        guard let store = try? TopicStore(directory: dir, fsync: .never) else { fatalError("cannot open \(dir)") }
        if let t = store.topic("rss_events"), t.partitions.reduce(0, { $0 + Int($1.endOffset) }) == n { return }
        if store.topic("rss_events") != nil { try? store.deleteTopic("rss_events") }
        let topic = try! store.createTopic("rss_events", partitions: partitions)
        var rnd = Random(state: 1)
        let startMs: Int64 = 1_704_067_200_000  // 2024-01-01 00:00:00 UTC
        let spanMs: Int64 = 6 * 3_600_000
        let slugs = (0..<100).map { i -> [UInt8] in Array("market-\(i < 10 ? "00" : (i < 100 ? "0" : ""))\(i)".utf8) }
        var pending = [[TopicRecord]](repeating: [], count: partitions)
        for i in 0..<n {
            var ts = startMs + Int64(i) * spanMs / Int64(n)
            if rnd.double() < 0.1 { ts = max(startMs, ts - Int64(rnd.int(0, 4999))) }
            let slug = slugs[rnd.int(0, 99)]
            let ks = Double(rnd.int(0, 640)) / 64, ars = Double(rnd.int(0, 160)) / 16, sw = Double(rnd.int(1, 16)) / 8
            var v: [UInt8] = []
            v.reserveCapacity(160)
            v.append(contentsOf: Array(#"{"market_slug":""#.utf8))
            v.append(contentsOf: slug)
            v.append(contentsOf: Array(#"","published_at":""#.utf8))
            v.append(contentsOf: Array(ValueText.timestamp(ts * 1000, precision: 3).utf8))
            v.append(contentsOf: Array(#"","keyword_score":"#.utf8))
            v.append(contentsOf: Array("\(ks)".utf8))
            v.append(contentsOf: Array(#","article_score":"#.utf8))
            v.append(contentsOf: Array("\(ars)".utf8))
            v.append(contentsOf: Array(#","source_weight":"#.utf8))
            v.append(contentsOf: Array("\(sw)".utf8))
            v.append(125)
            let p = Murmur2.partition(key: slug, partitions: partitions)
            pending[p].append(TopicRecord(timestamp: ts, key: slug, value: v))
            if pending[p].count >= 4096 {
                try! topic.partitions[p].append(pending[p])
                pending[p].removeAll(keepingCapacity: true)
            }
        }
        for p in 0..<partitions where !pending[p].isEmpty { try! topic.partitions[p].append(pending[p]) }
    }

    /// Runs one measurement in a child process; returns its events/s and CPU seconds (parsed from its output line).
    @discardableResult
    static func spawnChild(dataDir: String, events: Int, parallelism: Int, query: String,
                           checkpointInterval: Int64? = nil) -> (rate: Double, cpu: Double)? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = ["runtime", "--child", "--data", dataDir, "--events", "\(events)", "--parallelism", "\(parallelism)",
                             "--query", query] + (checkpointInterval.map { ["--checkpoint-interval", "\($0)"] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        do {
            try process.run()
        } catch {
            print("cannot start child: \(error)")
            return nil
        }
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(out, terminator: "")
        guard let r = out.range(of: " s  "), let rate = Double(out[r.upperBound...].prefix { $0 != " " }),
              let c = out.range(of: "cpu="), let cpu = Double(out[c.upperBound...].prefix { $0 != " " }) else { return nil }
        return (rate, cpu)
    }

    static func runJob(dataDir: String, events: Int, parallelism: Int, checkpointInterval: Int64? = nil) {
        let t0 = now()
        guard let store = try? TopicStore(directory: dataDir, fsync: .never) else { fatalError("cannot open \(dataDir)") }
        let openSeconds = now() - t0
        var g = JobGraph()
        var so = KafkaSource.Options(topic: "rss_events", width: 5,
                                     value: KafkaFormat(kind: .json, schema: schema, positions: [0, 1, 2, 3, 4]))
        so.bounded = true
        so.watermark = WatermarkSpec(rowtime: { $0.values[1] }, delayMillis: 5000)
        let sourceOptions = so
        let src = g.addSource(name: "rss_events", kind: "Source: KafkaSource", parallelism: parallelism) { i in
            KafkaSource(store: store, options: sourceOptions, subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let calc = g.addOperator(name: "Calc", kind: "Calc", parallelism: parallelism) { _ in
            CalcOperator(projections: [
                { $0.values[0] }, { $0.values[1] }, { $0.values[2] },
                { r in
                    if case let .double(a) = r.values[3], case let .double(b) = r.values[4] { return .double(a * b) }
                    return .null
                },
            ])
        }
        let aggs = [
            AggregateCall(.countStar, resultType: DataType(.bigint, nullable: false)),
            AggregateCall(.sum, argument: 2, inputType: DataType(.double), resultType: DataType(.double)),
            AggregateCall(.avg, argument: 3, inputType: DataType(.double), resultType: DataType(.double)),
        ]
        let win = g.addOperator(name: "GroupWindowAggregate", kind: "GroupWindowAggregate", parallelism: parallelism) { _ in
            WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 3_600_000), aggregates: aggs)
        }
        let result = CollectResult()
        let sink = g.addOperator(name: "Collect", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
        g.connect(src, to: calc)
        g.connect(calc, to: win, .hash(KeySelector([0])))
        g.connect(win, to: sink, .global)
        let t1 = now()
        let cpu0 = cpuSeconds()
        let status: JobStatus
        var failure: RuntimeError?
        var checkpoints = ""
        let startSeconds: Double
        if let interval = checkpointInterval {
            let dir = dataDir + "/checkpoints-\(getpid())"
            defer { removeTree(dir) }
            let job: SupervisedJob
            do {
                job = try SupervisedJob(job: "bench", graph: g, checkpoint: CheckpointConfig(interval: interval, directory: dir),
                                        store: InMemoryCheckpointStore(), restartStrategy: RestartStrategy.none)
                try job.start(from: .fresh, timerPeriodMillis: 10)
            } catch {
                print("failed to start: \(error)")
                return
            }
            startSeconds = now() - t1
            let end = job.awaitTermination(seconds: 3600)
            status = end == .finished ? .finished : .failed
            failure = job.failure
            let stats = CheckpointCoordinator.statistics(job: "bench", store: job.coordinator!.store)
            checkpoints = String(format: "  checkpoints every %lld ms: %d completed, %d failed, last %lld ms",
                                 interval, stats.counts.completed, stats.counts.failed, stats.latestCompleted?.duration ?? 0)
        } else {
            let runner = JobRunner(graph: g)
            do {
                try runner.start()
            } catch {
                print("failed to start: \(error)")
                return
            }
            startSeconds = now() - t1
            status = runner.awaitTermination()
            failure = runner.failure
        }
        let seconds = now() - t1
        let cpu = cpuSeconds() - cpu0
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let rows = result.changelog
        let counted = rows.reduce(Int64(0)) { acc, r in if case let .int(c) = r.values[1] { return acc + c }; return acc }
        print(String(format: "events=%d parallelism=%d status=%@ time=%.3f s  %.0f events/s  cpu=%.3f s  peak RSS %.1f MB  windows=%d counted=%lld  start=%.1f ms  (topic open %.2f s)",
                     events, parallelism, status.rawValue, seconds, Double(events) / seconds, cpu,
                     Double(usage.ru_maxrss) / 1024, rows.count, counted, startSeconds * 1000, openSeconds) + checkpoints)
        if let f = failure { print("failure: \(f.detail)") }
    }
}
