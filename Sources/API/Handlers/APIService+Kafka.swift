import ControlPlane
import HTTP
import Model

/// Kafka REST v3: clusters, topics, partitions, produce (one record or a chunked stream of them) and the
/// read-back extension. Errors leave in Kafka REST's `{"error_code","message"}` shape (see `handle`).
extension APIService {
    /// Longest JSON text of one produced record (a record's data, base64 included). Streams have no total limit.
    static let maxRecordJSONBytes = 2 << 20

    func listKafkaClusters(_ c: Call) throws -> HTTPResponse {
        let clusters = try controlPlane.allKafkaClusters()
        let org = controlPlane.defaults.organizationID
        return json(200, capacity: 1024) { KafkaJSON.clusters(clusters, organizationID: org, base: c.base, into: &$0) }
    }

    func getKafkaCluster(_ c: Call) throws -> HTTPResponse {
        let cluster = try controlPlane.kafkaClusterInfo(id: try c.path("cluster"))
        let org = controlPlane.defaults.organizationID
        return json(200) { KafkaJSON.cluster(cluster, organizationID: org, base: c.base, into: &$0) }
    }

    func listTopics(_ c: Call) throws -> HTTPResponse {
        let cluster = try c.path("cluster")
        let topics = try controlPlane.topics(clusterID: cluster)
        return json(200, capacity: 1024) { KafkaJSON.topics(topics, clusterID: cluster, base: c.base, into: &$0) }
    }

    func createTopic(_ c: Call) throws -> HTTPResponse {
        let body = try c.body()
        var configs: [(name: String, value: String)] = []
        for (i, item) in (try body.array("configs") ?? []).enumerated() {
            guard let name = item["name"]?.stringValue else {
                throw APIError.kafka(400, 400, "Bad Request: configs[\(i)].name must be a string.")
            }
            let value: String
            switch item["value"] {
            case .string(let s)?: value = s
            case .int(let n)?: value = String(n)
            case .bool(let b)?: value = String(b)
            case .double(let d)?: value = String(d)
            default: throw APIError.kafka(400, 400, "Bad Request: configs[\(i)].value must be a string.")
            }
            configs.append((name, value))
        }
        let request = CreateTopicRequest(name: try body.requiredString("topic_name"),
                                         partitionsCount: try body.int("partitions_count"),
                                         replicationFactor: try body.int("replication_factor"),
                                         configs: configs, validateOnly: try body.bool("validate_only") ?? false)
        let topic = try controlPlane.createTopic(clusterID: try c.path("cluster"), request)
        var h = HTTPHeaders()
        h.set("Location", KafkaJSON.clusterURL(topic.clusterID, base: c.base) + "/topics/" + topic.name)
        return json(request.validateOnly ? 200 : 201, headers: h) { KafkaJSON.topic(topic, base: c.base, into: &$0) }
    }

    func getTopic(_ c: Call) throws -> HTTPResponse {
        let topic = try controlPlane.topic(clusterID: try c.path("cluster"), name: try c.path("topic"))
        return json(200) { KafkaJSON.topic(topic, base: c.base, into: &$0) }
    }

    func deleteTopic(_ c: Call) throws -> HTTPResponse {
        try controlPlane.deleteTopic(clusterID: try c.path("cluster"), name: try c.path("topic"))
        return noContent()
    }

    func listPartitions(_ c: Call) throws -> HTTPResponse {
        let cluster = try c.path("cluster"), topic = try c.path("topic")
        let partitions = try controlPlane.partitions(clusterID: cluster, topic: topic)
        return json(200, capacity: 2048) {
            KafkaJSON.partitions(partitions, clusterID: cluster, topic: topic, base: c.base, into: &$0)
        }
    }

    func getPartition(_ c: Call) throws -> HTTPResponse {
        let p = try controlPlane.partition(clusterID: try c.path("cluster"), topic: try c.path("topic"),
                                           partitionID: try partitionParameter(c))
        return json(200) { KafkaJSON.partition(p, base: c.base, into: &$0) }
    }

    func partitionParameter(_ c: Call) throws -> Int {
        guard let p = Int(try c.path("partition")), p >= 0 else { throw APIError.unknownTopicOrPartition() }
        return p
    }

    // MARK: produce

    /// `POST …/records`. A body with a length (the usual single record) is read whole and answered with
    /// its result(s); a chunked body is the streaming mode: records are produced as they arrive (each at
    /// most `maxRecordJSONBytes`, no total limit) and one result per record is streamed back, in order.
    func produceRecords(_ c: Call) throws -> HTTPResponse {
        let producer = try controlPlane.producer(clusterID: try c.path("cluster"), topic: try c.path("topic"))
        let body: any BodyStream = c.request.bodyStream ?? BufferedBody(c.request.body)
        let chunked = c.request.headers["Transfer-Encoding"]?.lowercased().contains("chunked") ?? false
        let length = Int(c.request.headers["Content-Length"] ?? "") ?? 0
        var h = HTTPHeaders()
        h.set("Content-Type", "application/json")
        if !chunked && length <= Self.maxRecordJSONBytes {
            var bytes: [UInt8] = []
            while let chunk = body.read() { bytes += chunk }
            var splitter = JSONRecordSplitter(maxRecordBytes: Self.maxRecordJSONBytes)
            var records: [[UInt8]]
            do {
                records = try splitter.feed(bytes)
                if let last = try splitter.finish() { records.append(last) }
            } catch {
                return KafkaErrorBody.response(.kafka(400, 400, "Bad Request: \(Self.describe(error))"))
            }
            guard !records.isEmpty else {
                return KafkaErrorBody.response(.kafka(422, 422, "Payload error. Request body is empty. Data is required."))
            }
            var w = JSONWriter(capacity: 256 * records.count)
            for r in producer.produce(Self.decode(records)) {
                KafkaJSON.produceResult(r, into: &w)
                if records.count > 1 { w.newline() }
            }
            return HTTPResponse(status: 200, headers: h, body: w.bytes)
        }
        return HTTPResponse(status: 200, headers: h, stream: { writer in
            Self.streamProduce(body, producer: producer, to: writer)
        })
    }

    /// The streaming mode's loop: split what arrived into records, decode and append them, and hand each
    /// batch to the producer's durability pipeline, which writes the reports once the records are durable
    /// (fsyncs overlap with reading the next records). Stops at the end of the body, when the client
    /// goes away, or at a framing error (reported as a last result, after all earlier reports: the rest
    /// of the stream cannot be split reliably).
    static func streamProduce(_ body: any BodyStream, producer: KafkaTopicProducer, to writer: any ChunkWriter) {
        var splitter = JSONRecordSplitter(maxRecordBytes: maxRecordJSONBytes)
        let stream = producer.stream { results in
            var w = JSONWriter(capacity: results.count * 220)
            for r in results {
                KafkaJSON.produceResult(r, into: &w)
                w.newline()
            }
            return writer.write(w.bytes)
        }
        var failure: (any Error)?
        reading: while let chunk = body.read() {
            do {
                let records = try splitter.feed(chunk)
                if records.isEmpty { continue }
                guard stream.submit(producer.append(decode(records))) else { break reading }
            } catch {
                failure = error
                break reading
            }
        }
        if failure == nil {
            do {
                if let last = try splitter.finish() { _ = stream.submit(producer.append(decode([last]))) }
            } catch {
                failure = error
            }
        }
        stream.finish()
        if let failure {
            let tooLarge = failure is JSONRecordSplitter.RecordTooLarge
            var w = JSONWriter(capacity: 256)
            KafkaJSON.produceResult(producer.failure(tooLarge ? 413 : 400, (tooLarge ? "" : "Bad Request: ") + describe(failure)), into: &w)
            w.newline()
            writer.write(w.bytes)
        }
    }

    /// Decodes request records; a bad one becomes its error in place.
    static func decode(_ records: [[UInt8]]) -> [Result<KafkaProduceRecord, KafkaProduceRecord.DecodingError>] {
        records.map { raw in
            do throws(KafkaProduceRecord.DecodingError) {
                return .success(try KafkaProduceRecord.decode(json: raw))
            } catch {
                return .failure(error)
            }
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let e as JSONRecordSplitter.RecordTooLarge: "Record too large: a record's JSON exceeds \(e.limit) bytes."
        case let e as JSONRecordSplitter.Malformed: "malformed record stream: \(e.detail)"
        default: "\(error)"
        }
    }

    // MARK: read-back (extension)

    func readTopicRecords(_ c: Call) throws -> HTTPResponse {
        var request = try readRequest(c)
        if let spec = c.query["offsets"], !spec.isEmpty {
            for part in spec.split(separator: ",") {
                let pair = part.split(separator: ":")
                guard pair.count == 2, let p = Int(pair[0]), let o = Int64(pair[1]) else {
                    throw APIError.kafka(400, 400, "Bad Request: offsets must look like 0:12,1:40 (partition:offset, …).")
                }
                request.offsets[p] = o
            }
        }
        return try readRecords(c, request) { batch in
            let spec = batch.nextOffsets.keys.sorted().map { "\($0):\(batch.nextOffsets[$0]!)" }.joined(separator: ",")
            return "offsets=" + spec
        }
    }

    func readPartitionRecords(_ c: Call) throws -> HTTPResponse {
        var request = try readRequest(c)
        let p = try partitionParameter(c)
        request.partition = p
        if let text = c.query["offset"] {
            guard let o = Int64(text), o >= 0 else {
                throw APIError.kafka(400, 400, "Bad Request: offset must be a non-negative integer.")
            }
            request.offsets[p] = o
        }
        return try readRecords(c, request) { batch in "offset=\(batch.nextOffsets[p] ?? 0)" }
    }

    func readRequest(_ c: Call) throws -> KafkaReadRequest {
        var request = KafkaReadRequest()
        if let text = c.query["max"] {
            guard let n = Int(text), n >= 1, n <= KafkaReadRequest.maxMax else {
                throw APIError.kafka(400, 400, "Bad Request: max must be an integer between 1 and \(KafkaReadRequest.maxMax).")
            }
            request.max = n
        }
        if let text = c.query["isolation"] ?? c.query["isolation_level"] {
            guard let level = KafkaIsolation(rawValue: text) else {
                throw APIError.kafka(400, 400, "Bad Request: isolation must be read_committed or read_uncommitted.")
            }
            request.isolation = level
        }
        return request
    }

    func readRecords(_ c: Call, _ request: KafkaReadRequest, continuation: (KafkaRecordBatch) -> String) throws -> HTTPResponse {
        let batch = try controlPlane.readRecords(clusterID: try c.path("cluster"), topic: try c.path("topic"), request)
        let url = c.base + c.request.path
        let selfURL = c.request.query.isEmpty ? url : url + "?" + c.request.query
        var next = url + "?" + continuation(batch) + "&max=\(request.max)"
        if request.isolation != .readCommitted { next += "&isolation=" + request.isolation.rawValue }
        let nextURL = batch.atEnd ? nil : next
        return json(200, capacity: 1024 + 256 * batch.records.count) {
            KafkaJSON.records(batch, selfURL: selfURL, nextURL: nextURL, into: &$0)
        }
    }
}
