import Glibc
import Synchronization
import Testing
@testable import Runtime

@Suite struct TopicTests {
    /// Test vectors of Kafka's `UtilsTest.testMurmur2`.
    @Test func murmur2MatchesKafka() {
        #expect(Murmur2.hash(Array("21".utf8)) == -973_932_308)
        #expect(Murmur2.hash(Array("foobar".utf8)) == -790_332_482)
        #expect(Murmur2.hash(Array("a-little-bit-long-string".utf8)) == -985_981_536)
        #expect(Murmur2.hash(Array("a-little-bit-longer-string".utf8)) == -1_486_304_829)
        #expect(Murmur2.hash(Array("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8".utf8)) == -58_897_971)
        #expect(Murmur2.hash(Array("abc".utf8)) == 479_470_107)
    }

    @Test func crc32MatchesZlib() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        // Every length and alignment against the bitwise definition (the 8-byte path and the tail).
        var bytes: [UInt8] = []
        var x: UInt32 = 12345
        for _ in 0..<300 { x = x &* 1_103_515_245 &+ 12345; bytes.append(UInt8(truncatingIfNeeded: x >> 16)) }
        func bitwise(_ b: ArraySlice<UInt8>) -> UInt32 {
            var c: UInt32 = 0xFFFF_FFFF
            for byte in b {
                c ^= UInt32(byte)
                for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            }
            return ~c
        }
        for start in 0..<9 {
            for end in stride(from: start, through: 300, by: 7) {
                let slice = bytes[start..<end]
                let got = slice.withUnsafeBytes { CRC32.checksum($0) }
                #expect(got == bitwise(slice), "bytes \(start)..<\(end)")
            }
        }
    }

    static func record(_ i: Int) -> TopicRecord {
        TopicRecord(timestamp: Int64(1000 + i), key: Array("k\(i)".utf8), value: Array("value-\(i)".utf8),
                    headers: i % 2 == 0 ? [.init(name: "h", value: [1, 2])] : [])
    }

    @Test(arguments: [true, false])
    func appendAndReadByOffset(durable: Bool) throws {
        let dir = durable ? TestGraphs.tempDir() : nil
        let store = try TopicStore(directory: dir, fsync: .never)
        let topic = try store.createTopic("orders", partitions: 3)
        #expect(throws: RuntimeError.self) { try store.createTopic("orders", partitions: 1) }
        let log = topic.partitions[1]
        #expect(try log.append((0..<1000).map(Self.record)) == 0)
        #expect(try log.append([Self.record(1000)]) == 1000)
        #expect(log.endOffset == 1001)
        let some = log.records(from: 500, max: 3)
        #expect(some.map(\.offset) == [500, 501, 502])
        #expect(some[0].value == Array("value-500".utf8) && some[0].timestamp == 1500)
        #expect(log.records(from: 990, max: 100).count == 11)
        #expect(log.records(from: 1001, max: 10).isEmpty)
        #expect(log.offset(forTimestamp: 1777) == 777)
        #expect(topic.partitions[0].endOffset == 0)
    }

    @Test func reopensDurableLogAndTruncatesTornTail() throws {
        let dir = TestGraphs.tempDir()
        do {
            let store = try TopicStore(directory: dir)
            let topic = try store.createTopic("t", partitions: 2)
            try topic.partitions[0].append((0..<10).map(Self.record))
        }
        let path = "\(dir)/t/0/00000000000000000000.log"
        var st = stat()
        stat(path, &st)
        let size = Int(st.st_size)
        // Tear the last record in half.
        truncate(path, off_t(size - 5))
        let lines = Mutex<[String]>([])
        let store = try TopicStore(directory: dir, log: { l in lines.withLock { $0.append(l) } })
        let topic = try #require(store.topic("t"))
        #expect(topic.partitionCount == 2)
        #expect(topic.partitions[0].endOffset == 9)
        #expect(lines.withLock { $0.count } == 1)
        // Appending continues at the truncated end and survives another reopen.
        try topic.partitions[0].append([Self.record(42)])
        let again = try TopicStore(directory: dir)
        let recs = try #require(again.topic("t")).partitions[0].records(from: 0, max: 100)
        #expect(recs.count == 10)
        #expect(recs.last?.value == Array("value-42".utf8) && recs.last?.offset == 9)
    }

    @Test func corruptRecordIsDetectedByCRC() throws {
        let dir = TestGraphs.tempDir()
        do {
            let store = try TopicStore(directory: dir)
            try store.createTopic("c", partitions: 1).partitions[0].append((0..<5).map(Self.record))
        }
        let path = "\(dir)/c/0/00000000000000000000.log"
        var st = stat()
        stat(path, &st)
        let fd = open(path, O_RDWR)
        var byte: UInt8 = 0x5A
        pwrite(fd, &byte, 1, off_t(st.st_size) - 3)  // flip a byte inside the last record's value
        close(fd)
        let store = try TopicStore(directory: dir)
        #expect(store.topic("c")?.partitions[0].endOffset == 4)
    }

    @Test func transactionsAreInvisibleUntilCommit() throws {
        let store = try TopicStore(directory: nil)
        let topic = try store.createTopic("out", partitions: 1)
        let tx = store.beginTransaction("sink-0")
        try tx.send(topic: "out", Self.record(1))
        try tx.send(topic: "out", Self.record(2))
        #expect(topic.partitions[0].endOffset == 0)
        try tx.commit()
        #expect(topic.partitions[0].endOffset == 2)
        let aborted = store.beginTransaction("sink-0")
        try aborted.send(topic: "out", Self.record(3))
        aborted.abort()
        #expect(topic.partitions[0].endOffset == 2)
        #expect(throws: RuntimeError.self) { try aborted.send(topic: "out", Self.record(4)) }
    }

    @Test func keyedRecordsUseDefaultPartitioner() throws {
        let store = try TopicStore(directory: nil)
        let topic = try store.createTopic("keyed", partitions: 6)
        let r = try topic.produce(TopicRecord(timestamp: 0, key: Array("foobar".utf8), value: nil))
        #expect(r.partition == Int(UInt32(bitPattern: -790_332_482) & 0x7fff_ffff) % 6)
    }

    @Test(arguments: [1, 2])
    func kafkaSourceToWindowToKafkaSink(parallelism: Int) throws {
        let store = try TopicStore(directory: nil)
        let input = try store.createTopic("events", partitions: 4)
        let schema = RowSchema([.init("k", DataType(.string)), .init("ts", DataType(.timestamp(precision: 3))), .init("v", DataType(.bigint))])
        let enc = JSONRowEncoder(schema: schema)
        for i in 0..<400 {
            let row = Row([.string("k\(i % 5)"), .timestamp(Int64(i) * 1_000_000), .int(Int64(i))])
            try input.produce(TopicRecord(timestamp: Int64(i) * 1000, key: Array("k\(i % 5)".utf8), value: enc.encode(row)))
        }
        let output = try store.createTopic("counts", partitions: 2)
        var g = JobGraph()
        var so = KafkaSource.Options(topic: "events", width: 3, value: KafkaFormat(kind: .json, schema: schema, positions: [0, 1, 2]))
        so.bounded = true
        so.watermark = WatermarkSpec(rowtime: { $0.values[1] }, delayMillis: 0)
        let sourceOptions = so
        let src = g.addSource(name: "events", parallelism: parallelism) { i in
            KafkaSource(store: store, options: sourceOptions, subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint)),
                    AggregateCall(.sum, argument: 2, inputType: DataType(.bigint), resultType: DataType(.bigint))]
        let win = g.addOperator(name: "win", kind: "Window", parallelism: parallelism) { _ in
            WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 100_000), aggregates: aggs)
        }
        let outSchema = RowSchema([.init("k", DataType(.string)), .init("n", DataType(.bigint)), .init("s", DataType(.bigint)),
                                   .init("ws", DataType(.timestamp(precision: 3)))])
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: parallelism) { _ in
            var o = KafkaSink.Options(topic: "counts", value: KafkaFormat(kind: .json, schema: outSchema, positions: [0, 1, 2, 3]))
            o.key = KafkaFormat(kind: .raw, schema: RowSchema([.init("k", DataType(.string))]), positions: [0])
            o.transactionalId = "job1"
            return SinkOperator(KafkaSink(store: store, options: o))
        }
        g.connect(src, to: win, .hash(KeySelector([0])))
        g.connect(win, to: sink)
        try JobRunner.runToCompletion(g)
        let recs = output.partitions.flatMap { $0.records(from: 0, max: 1000) }
        #expect(recs.count == 20)  // 5 keys × 4 windows of 100 s
        let total = recs.reduce(0) { acc, r in
            let row = try? JSONRowDecoder(schema: outSchema).decode(r.value!)
            if case let .int(n)? = row?.values[1] { return acc + Int(n) }
            return acc
        }
        #expect(total == 400)
    }
}

@Suite struct IdleSourceTests {
    /// A source subtask without partitions goes idle after `idleTimeoutMillis`, so windows downstream fire
    /// on the other subtask's watermarks (without it they would wait forever).
    @Test func idleSubtaskDoesNotHoldBackWatermarks() throws {
        let store = try TopicStore(directory: nil)
        let topic = try store.createTopic("single", partitions: 1)
        let schema = RowSchema([.init("k", DataType(.string)), .init("ts", DataType(.timestamp(precision: 3)))])
        let enc = JSONRowEncoder(schema: schema)
        for i in 0..<50 {
            try topic.produce(TopicRecord(timestamp: 0, key: nil, value: enc.encode(Row([.string("a"), .timestamp(Int64(i) * 60_000_000)]))))
        }
        var so = KafkaSource.Options(topic: "single", width: 2, value: KafkaFormat(kind: .json, schema: schema, positions: [0, 1]))
        so.watermark = WatermarkSpec(rowtime: { $0.values[1] }, delayMillis: 0, idleTimeoutMillis: 20)
        let opts = so
        var g = JobGraph()
        let src = g.addSource(name: "src", parallelism: 2) { i in KafkaSource(store: store, options: opts, subtask: i.subtaskIndex, parallelism: i.parallelism) }
        let aggs = [AggregateCall(.countStar, resultType: DataType(.bigint))]
        let win = g.addOperator(name: "win", kind: "Window", parallelism: 2) { _ in
            WindowAggregateOperator(keys: [0], timeIndex: 1, window: .tumble(size: 600_000), aggregates: aggs)
        }
        let result = CollectResult()
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1) { _ in CollectSink(result) }
        g.connect(src, to: win, .hash(KeySelector([0])))
        g.connect(win, to: sink, .global)
        let runner = JobRunner(graph: g)
        try runner.start()
        var waited = 0
        while result.changelog.count < 4 && waited < 5000 { usleep(10_000); waited += 10 }
        runner.cancel()
        runner.awaitTermination()
        // Windows [0,10), [10,20), [20,30), [30,40) min have fired; [40,50) waits for a later watermark.
        #expect(result.changelog.count == 4)
    }
}
