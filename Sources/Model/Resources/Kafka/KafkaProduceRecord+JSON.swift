extension KafkaProduceRecord {
    /// Why a produce request body is not a valid record: Kafka REST's `error_code` and message.
    public struct DecodingError: Error, Sendable, Equatable {
        public var errorCode: Int
        public var message: String
        public init(_ message: String, errorCode: Int = 400) {
            self.errorCode = errorCode
            self.message = message
        }
    }

    /// Decodes one `ProduceRequest` JSON object. `type` defaults to JSON when omitted (there is no Schema
    /// Registry to ask); unknown members are ignored.
    public static func decode(json bytes: [UInt8]) throws(DecodingError) -> KafkaProduceRecord {
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch {
            throw DecodingError("Bad Request: malformed JSON record: \(error.description)")
        }
        guard case .object(let object) = root else {
            throw DecodingError("Bad Request: a record must be a JSON object, not \(root.typeName).")
        }
        return try decode(object)
    }

    public static func decode(_ object: JSONObject) throws(DecodingError) -> KafkaProduceRecord {
        var record = KafkaProduceRecord()
        if let p = object["partition_id"], p != .null {
            guard let id = p.intValue, id >= 0, id <= Int64(Int32.max) else {
                throw DecodingError("Bad Request: partition_id must be a non-negative integer.")
            }
            record.partitionID = Int(id)
        }
        if let h = object["headers"], h != .null {
            guard let items = h.arrayValue else { throw DecodingError("Bad Request: headers must be an array.") }
            for item in items {
                guard let name = item["name"]?.stringValue else {
                    throw DecodingError("Bad Request: every header needs a string name.")
                }
                switch item["value"] {
                case nil, .null?:
                    record.headers.append(KafkaHeader(name: name, value: nil))
                case .string(let text)?:
                    guard let bytes = Base64.decode(text) else {
                        throw DecodingError("Bad Request: header \(name): value=\(text) is not a base64 string.")
                    }
                    record.headers.append(KafkaHeader(name: name, value: bytes))
                default:
                    throw DecodingError("Bad Request: header \(name): value must be a base64 string.")
                }
            }
        }
        record.key = try data(object["key"], what: "key")
        record.value = try data(object["value"], what: "value")
        if let t = object["timestamp"], t != .null {
            if let text = t.stringValue {
                guard let millis = RFC3339.epochMillis(text) else {
                    throw DecodingError("Bad Request: timestamp=\(text) is not an RFC 3339 date-time.")
                }
                record.timestamp = millis
            } else if let millis = t.intValue {
                record.timestamp = millis
            } else {
                throw DecodingError("Bad Request: timestamp must be an RFC 3339 date-time string.")
            }
        }
        return record
    }

    static func data(_ value: JSONValue?, what: String) throws(DecodingError) -> KafkaData? {
        guard let value, value != .null else { return nil }
        guard case .object(let o) = value else {
            throw DecodingError("Bad Request: \(what) must be an object like {\"type\":\"JSON\",\"data\":…}.")
        }
        var type = KafkaDataType.json
        if let t = o["type"], t != .null {
            guard let name = t.stringValue, let parsed = KafkaDataType(rawValue: name.uppercased()) else {
                throw DecodingError("Bad Request: \(what).type must be one of BINARY, JSON, STRING (there is no Schema Registry; AVRO, PROTOBUF and JSONSCHEMA are not supported).")
            }
            type = parsed
        }
        guard let data = o["data"], data != .null else { return KafkaData(type: type, bytes: nil) }
        switch type {
        case .json:
            return KafkaData(type: type, bytes: data.encoded())
        case .string:
            guard let s = data.stringValue else {
                throw DecodingError("Bad Request: \(what): data=\(String(decoding: data.encoded(), as: UTF8.self)) is not a string.")
            }
            return KafkaData(type: type, bytes: Array(s.utf8))
        case .binary:
            guard let s = data.stringValue, let bytes = Base64.decode(s) else {
                throw DecodingError("Bad Request: data=\(String(decoding: data.encoded(), as: UTF8.self)) is not a base64 string.")
            }
            return KafkaData(type: type, bytes: bytes)
        }
    }
}
