import Model
import Testing

@Suite struct KafkaRecordDecodingTests {
    @Test func decodesTypesHeadersPartitionAndTimestamp() throws {
        let r = try KafkaProduceRecord.decode(json: Array(#"""
        {"partition_id":1,"headers":[{"name":"Header-1","value":"SGVhZGVyLTE="},{"name":"n","value":null}],
         "key":{"type":"BINARY","data":"Zm9vYmFy"},"value":{"type":"JSON","data":{"foo": "bar"}},
         "timestamp":"2021-02-05T19:14:42Z"}
        """#.utf8))
        #expect(r.partitionID == 1)
        #expect(r.headers == [KafkaHeader(name: "Header-1", value: Array("Header-1".utf8)), KafkaHeader(name: "n", value: nil)])
        #expect(r.key == KafkaData(type: .binary, bytes: Array("foobar".utf8)))
        #expect(r.value == KafkaData(type: .json, bytes: Array(#"{"foo":"bar"}"#.utf8)))
        #expect(r.timestamp == 1_612_552_482_000)
        let s = try KafkaProduceRecord.decode(json: Array(#"{"key":{"data":1000},"value":{"type":"string","data":"hi"}}"#.utf8))
        #expect(s.key == KafkaData(type: .json, bytes: Array("1000".utf8)))
        #expect(s.value == KafkaData(type: .string, bytes: Array("hi".utf8)))
        #expect(s.partitionID == nil && s.timestamp == nil)
    }

    @Test func rejectsBadRecordsWithKafkaMessages() {
        func message(_ json: String) -> String? {
            do { _ = try KafkaProduceRecord.decode(json: Array(json.utf8)); return nil } catch { return error.message }
        }
        #expect(message(#"{"value":{"type":"BINARY","data":1}}"#) == "Bad Request: data=1 is not a base64 string.")
        #expect(message(#"{"value":{"type":"AVRO","data":1}}"#)?.contains("BINARY, JSON, STRING") == true)
        #expect(message(#"{"value":{"type":"STRING","data":{}}}"#)?.contains("is not a string") == true)
        #expect(message(#"{"partition_id":-1}"#)?.contains("partition_id") == true)
        #expect(message(#"{"timestamp":"yesterday"}"#)?.contains("timestamp") == true)
        #expect(message("[1]")?.contains("JSON object") == true)
        #expect(message("{") != nil)
    }

    @Test func base64RoundTripsAndRFC3339Parses() {
        for n in 0..<10 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + 11) & 0xff) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.decode("Zm9vYg==") == Array("foob".utf8))
        #expect(Base64.decode("not base64!") == nil)
        #expect(RFC3339.epochMillis("1970-01-01T00:00:00Z") == 0)
        #expect(RFC3339.epochMillis("2021-02-05T19:14:42.5Z") == 1_612_552_482_500)
        #expect(RFC3339.epochMillis("2021-02-05T20:14:42+01:00") == 1_612_552_482_000)
        #expect(RFC3339.epochMillis("2021-02-05") == nil)
        for ms: Int64 in [0, 1_612_552_482_123, 951_782_400_000, 4_102_444_800_000] {
            #expect(RFC3339.epochMillis(RFC3339.string(epochMillis: ms, fractional: true)) == ms)
        }
    }
}
