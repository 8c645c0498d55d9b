import Dispatch
import Foundation
import Testing
@testable import Runtime

@Suite struct IdleWakeupTests {
    static func millis(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    }

    @Test func sleepsItsTimeWhenNothingWakesIt() {
        let wakeup = IdleWakeup()
        #expect(Self.millis { wakeup.sleep(micros: 30_000) } >= 29)
    }

    @Test func aWakeWhileAwakeEndsTheNextSleepAtOnce() {
        let wakeup = IdleWakeup()
        wakeup.wake()
        #expect(Self.millis { wakeup.sleep(micros: 5_000_000) } < 1_000)
        // Consumed: the sleep after it lasts again.
        #expect(Self.millis { wakeup.sleep(micros: 30_000) } >= 29)
    }

    @Test func aWakeDuringTheSleepEndsIt() {
        let wakeup = IdleWakeup()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { wakeup.wake() }
        let slept = Self.millis { wakeup.sleep(micros: 10_000_000) }
        #expect(slept >= 45 && slept < 5_000)
    }

    /// Many wakes racing with short sleeps never leave a sleep hanging nor a signal behind.
    @Test func racingWakesKeepItBalanced() {
        let wakeup = IdleWakeup()
        let waker = Thread {
            for _ in 0..<20_000 { wakeup.wake() }
        }
        waker.start()
        let elapsed = Self.millis { for _ in 0..<2_000 { wakeup.sleep(micros: 200) } }
        #expect(elapsed < 10_000)
        while !waker.isFinished { usleep(1000) }
        _ = Self.millis { wakeup.sleep(micros: 1) }   // takes a wake left pending by the last racing one
        #expect(Self.millis { wakeup.sleep(micros: 30_000) } >= 29)
    }

    /// An idle Kafka source sleeping up to 5 s still sees a new record at once: the append wakes it.
    @Test func anAppendWakesAnIdleKafkaSource() throws {
        let store = try TopicStore(directory: nil)
        let topic = try store.createTopic("in", partitions: 1)
        var config = ExecutionConfig()
        config.maxWakeableIdleSleepMicros = 5_000_000
        let schema = RowSchema([.init("v", DataType(.string))])
        let options = KafkaSource.Options(topic: "in", width: 1, value: KafkaFormat(kind: .json, schema: schema, positions: [0]))
        var g = JobGraph()
        let source = g.addSource(name: "in", parallelism: 1, uid: "source-in") { i in
            KafkaSource(store: store, options: options, subtask: i.subtaskIndex, parallelism: i.parallelism)
        }
        let sink = g.addOperator(name: "sink", kind: "Sink", parallelism: 1, uid: "sink") { _ in SinkOperator(BlackholeSink()) }
        g.connect(source, to: sink)
        let runner = JobRunner(graph: g, config: config)
        try runner.start()
        defer {
            runner.cancel()
            _ = runner.awaitTermination(seconds: 10)
        }
        usleep(2_500_000)   // 16 quick polls, then doubling: the source now sleeps for seconds
        let produced = DispatchTime.now().uptimeNanoseconds
        _ = try topic.produce(TopicRecord(timestamp: 0, key: nil, value: Array(#"{"v":"x"}"#.utf8)))
        func read() -> Int64 { runner.metricsSnapshot()[0].recordsOut }
        while read() == 0 && DispatchTime.now().uptimeNanoseconds - produced < 4_000_000_000 { usleep(500) }
        let latency = Double(DispatchTime.now().uptimeNanoseconds - produced) / 1e6
        #expect(read() == 1)
        #expect(latency < 300, "the record took \(latency) ms to be read")
        // A cancel wakes it too: the runner ends well before the sleep would.
        let cancelled = DispatchTime.now().uptimeNanoseconds
        runner.cancel()
        _ = runner.awaitTermination(seconds: 10)
        #expect(Double(DispatchTime.now().uptimeNanoseconds - cancelled) / 1e6 < 1_000)
    }
}
