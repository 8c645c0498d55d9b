import Foundation
import Model
import Testing
import TestSupport

/// Kafka REST v3 over HTTP against the real server: topic CRUD and error shapes, produce (one record and
/// the chunked streaming mode), read-back, and records surviving kill -9.
@Suite(.serialized) struct KafkaRESTTests {
    @Test func topicCrudAndKafkaErrorShapes() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let http = server.client()
        let env = try server.defaultEnvironment()
        let clusters = try http.get("/kafka/v3/clusters")
        #expect(clusters.status == 200)
        #expect(clusters.json?["kind"] == .string("KafkaClusterList"))
        let first = clusters.json?["data"]?.arrayValue?.first
        #expect(first?["environment"]?["id"] == .string(env))
        let c = try server.defaultKafkaCluster()
        #expect(c.hasPrefix("lkc-"))
        #expect(try http.get("/kafka/v3/clusters/\(c)").json?["cluster_id"] == .string(c))
        let unknown = try http.get("/kafka/v3/clusters/lkc-nope/topics")
        #expect(unknown.status == 404)
        #expect(unknown.json?["error_code"] == .int(404))

        let base = "/kafka/v3/clusters/\(c)/topics"
        let created = try http.send("POST", base, json: #"{"topic_name":"orders"}"#)
        #expect(created.status == 201, "\(created.text)")
        #expect(created.json?["partitions_count"] == .int(6))
        #expect(created.json?["kind"] == .string("KafkaTopic"))
        #expect(created.header("Location")?.hasSuffix("/kafka/v3/clusters/\(c)/topics/orders") == true)
        let two = try http.send("POST", base, json: #"{"topic_name":"pairs","partitions_count":2,"configs":[{"name":"cleanup.policy","value":"compact"}]}"#)
        #expect(two.json?["partitions_count"] == .int(2))

        let again = try http.send("POST", base, json: #"{"topic_name":"orders"}"#)
        #expect(again.status == 400)
        #expect(again.json == .object(JSONObject([("error_code", .int(40002)), ("message", .string("Topic 'orders' already exists."))])))
        let missing = try http.send("POST", base, json: #"{"partitions_count":2}"#)
        #expect(missing.status == 400)
        #expect(missing.json?["error_code"] == .int(400))
        #expect(try http.send("POST", base, json: #"{"topic_name":"bad/name"}"#).json?["error_code"] == .int(40002))

        let list = try http.get(base)
        #expect(list.json?["kind"] == .string("KafkaTopicList"))
        #expect(list.json?["data"]?.arrayValue?.compactMap { $0["topic_name"]?.stringValue } == ["orders", "pairs"])
        #expect(try http.get(base + "/orders").json?["topic_name"] == .string("orders"))
        let parts = try http.get(base + "/orders/partitions")
        #expect(parts.json?["data"]?.arrayValue?.compactMap { $0["partition_id"]?.intValue } == [0, 1, 2, 3, 4, 5])
        #expect(try http.get(base + "/orders/partitions/5").json?["partition_id"] == .int(5))
        #expect(try http.get(base + "/orders/partitions/6").json?["error_code"] == .int(40403))

        let deleted = try http.send("DELETE", base + "/orders")
        #expect(deleted.status == 204)
        let gone = try http.get(base + "/orders")
        #expect(gone.status == 404)
        #expect(gone.json?["error_code"] == .int(40403))
        #expect(try http.send("DELETE", base + "/orders").json?["error_code"] == .int(40403))

        let anonymous = try server.client(auth: false).get(base)
        #expect(anonymous.status == 401)
        #expect(anonymous.json?["error_code"] == .int(40101))
    }

    @Test func produceOneRecordAndReadItBack() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let http = server.client()
        let c = try server.defaultKafkaCluster()
        let base = "/kafka/v3/clusters/\(c)/topics"
        _ = try http.send("POST", base, json: #"{"topic_name":"events","partitions_count":3}"#)
        let r = try http.send("POST", base + "/events/records", json: #"""
        {"partition_id":1,"headers":[{"name":"Header-1","value":"SGVhZGVyLTE="}],"key":{"type":"BINARY","data":"Zm9vYmFy"},
         "value":{"type":"JSON","data":{"foo":"bar"}},"timestamp":"2021-02-05T19:14:42Z"}
        """#)
        #expect(r.status == 200)
        #expect(r.json?["error_code"] == .int(200))
        #expect(r.json?["cluster_id"] == .string(c))
        #expect(r.json?["topic_name"] == .string("events"))
        #expect(r.json?["partition_id"] == .int(1))
        #expect(r.json?["offset"] == .int(0))
        #expect(r.json?["timestamp"] == .string("2021-02-05T19:14:42Z"))
        #expect(r.json?["key"] == .object(JSONObject([("type", .string("BINARY")), ("size", .int(6))])))
        #expect(r.json?["value"] == .object(JSONObject([("type", .string("JSON")), ("size", .int(13))])))

        // A string key lands where Kafka's default partitioner puts it: murmur2("foobar") % 3.
        let keyed = try http.send("POST", base + "/events/records", json: #"{"key":{"type":"STRING","data":"foobar"},"value":{"type":"STRING","data":"v"}}"#)
        #expect(keyed.json?["partition_id"] == .int(Int64((UInt32(bitPattern: -790_332_482) & 0x7fff_ffff) % 3)))

        let bad = try http.send("POST", base + "/events/records", json: #"{"value":{"type":"BINARY","data":1}}"#)
        #expect(bad.status == 200)
        #expect(bad.json?["error_code"] == .int(400))
        #expect(bad.json?["message"] == .string("Bad Request: data=1 is not a base64 string."))
        let empty = try http.send("POST", base + "/events/records", json: "")
        #expect(empty.status == 422)
        #expect(try http.send("POST", base + "/nope/records", json: "{}").json?["error_code"] == .int(40403))

        let p1 = try http.get(base + "/events/partitions/1/records?offset=0&max=10")
        #expect(p1.status == 200)
        let rec = p1.json?["data"]?.arrayValue?.first
        #expect(rec?["offset"] == .int(0))
        #expect(rec?["key"] == .object(JSONObject([("type", .string("STRING")), ("data", .string("foobar"))])))
        #expect(rec?["value"]?["data"]?["foo"] == .string("bar"))
        #expect(rec?["headers"]?.arrayValue?.first?["value"] == .string("SGVhZGVyLTE="))
        #expect(p1.json?["isolation_level"] == .string("read_committed"))

        let all = try http.get(base + "/events/records?max=100")
        #expect(all.json?["data"]?.arrayValue?.count == 2)
        #expect(all.json?["metadata"]?["next"] == .null)
        let bounded = try http.get(base + "/events/records?max=1")
        #expect(bounded.json?["data"]?.arrayValue?.count == 1)
        #expect(bounded.json?["metadata"]?["next"]?.stringValue?.contains("offsets=") == true)
        #expect(try http.get(base + "/events/records?isolation=dirty").json?["error_code"] == .int(400))
    }

    /// The streaming mode: records are produced and answered as they arrive, before the body ends; a record
    /// split across chunks is reassembled; one delivery report per record, in order.
    @Test func streamingProduceAnswersRecordsAsTheyArrive() throws {
        let server = try FlinkCloudProcess()
        defer { server.stop() }
        let http = server.client()
        let c = try server.defaultKafkaCluster()
        let base = "/kafka/v3/clusters/\(c)/topics"
        _ = try http.send("POST", base, json: #"{"topic_name":"stream","partitions_count":4}"#)
        let stream = try ChunkedStreamClient(port: server.port, path: base + "/stream/records",
                                             authorization: server.authorization)
        func record(_ i: Int) -> String { #"{"key":{"type":"STRING","data":"k\#(i % 17)"},"value":{"type":"JSON","data":{"i":\#(i)}}}"# }
        stream.send(Array((0..<3).map(record).joined().utf8))
        let early = stream.readLines(3)
        #expect(stream.status == 200)
        #expect(early.count == 3, "answers before the body ended")
        #expect(early.allSatisfy { $0.contains(#""error_code":200"#) })

        // 3000 more records, in chunks cut at arbitrary byte positions, plus one bad record in the middle.
        var text = (3..<1500).map(record).joined(separator: "\n")
        text += #"{"value":{"type":"BINARY","data":"%%"}}"#
        text += (1500..<3003).map(record).joined(separator: " ")
        let bytes = Array(text.utf8)
        var at = 0
        var step = 1
        while at < bytes.count {
            let n = min(bytes.count - at, 700 + (step * 7919) % 5000)
            stream.send(Array(bytes[at..<(at + n)]))
            at += n
            step += 1
        }
        stream.finish()
        let rest = stream.readToEnd()
        #expect(rest.count == 3001)
        let reports = (early + rest).compactMap { try? JSONParser.parse($0) }
        #expect(reports.count == 3004)
        #expect(reports.filter { $0["error_code"] == .int(200) }.count == 3003)
        #expect(reports[1500]["error_code"] == .int(400))
        var last: [Int64: Int64] = [:]
        var ordered = true
        for r in reports where r["error_code"] == .int(200) {
            let p = r["partition_id"]!.intValue!, o = r["offset"]!.intValue!
            if o != (last[p] ?? -1) + 1 { ordered = false }
            last[p] = o
        }
        #expect(ordered, "offsets per partition are consecutive, in report order")

        var count = 0
        var url = base + "/stream/records?max=1000"
        while true {
            let page = try http.get(url)
            count += page.json?["data"]?.arrayValue?.count ?? 0
            guard let next = page.json?["metadata"]?["next"]?.stringValue, let r = next.range(of: "/kafka/") else { break }
            url = String(next[r.lowerBound...])
        }
        #expect(count == 3003)
    }

    @Test func acknowledgedRecordsSurviveKillNine() throws {
        let dir = FlinkCloudProcess.temporaryDirectory("kafka-kill9")
        let server = try FlinkCloudProcess(dataDir: dir)
        let c = try server.defaultKafkaCluster()
        let base = "/kafka/v3/clusters/\(c)/topics"
        let http = server.client()
        _ = try http.send("POST", base, json: #"{"topic_name":"durable","partitions_count":2}"#)
        var acked = 0
        for i in 0..<50 {
            let r = try http.send("POST", base + "/durable/records", json: #"{"value":{"type":"STRING","data":"single-\#(i)"}}"#)
            if r.json?["error_code"] == .int(200) { acked += 1 }
        }
        let stream = try ChunkedStreamClient(port: server.port, path: base + "/durable/records", authorization: server.authorization)
        stream.send(Array((0..<500).map { #"{"value":{"type":"STRING","data":"streamed-\#($0)"}}"# }.joined().utf8))
        let reports = stream.readLines(500)
        acked += reports.filter { $0.contains(#""error_code":200"#) }.count
        server.kill9()     // mid-stream: the body never ended
        #expect(acked == 550)

        let restarted = try FlinkCloudProcess(dataDir: dir)
        defer { restarted.stop() }
        let page = try restarted.client().get(base + "/durable/records?max=10000")
        let values = page.json?["data"]?.arrayValue?.compactMap { $0["value"]?["data"]?.stringValue } ?? []
        #expect(values.count == 550)
        #expect(Set(values) == Set((0..<50).map { "single-\($0)" } + (0..<500).map { "streamed-\($0)" }))
        #expect(try restarted.client().get(base + "/durable").json?["partitions_count"] == .int(2))
    }
}
