import HTTP
import Testing

@Suite struct JSONRecordSplitterTests {
    @Test func splitsConcatenatedRecordsAcrossFeeds() throws {
        var s = JSONRecordSplitter(maxRecordBytes: 100)
        let text = #"{"a":"}{\"x"} [1,{"b":2}]"# + "\n" + #"{"c":3}"# + " 42 \"s\""
        var records: [String] = []
        for b in Array(text.utf8) { records += try s.feed([b]).map { String(decoding: $0, as: UTF8.self) } }
        if let last = try s.finish() { records.append(String(decoding: last, as: UTF8.self)) }
        #expect(records == [#"{"a":"}{\"x"}"#, #"[1,{"b":2}]"#, #"{"c":3}"#, "42", "\"s\""])
    }

    @Test func enforcesPerRecordLimitAndTruncation() throws {
        var s = JSONRecordSplitter(maxRecordBytes: 8)
        #expect(try s.feed(Array(#"{"a":1}"#.utf8)).count == 1)
        #expect(throws: JSONRecordSplitter.RecordTooLarge.self) { try s.feed(Array(#"{"a":"long value"}"#.utf8)) }
        var t = JSONRecordSplitter(maxRecordBytes: 100)
        _ = try t.feed(Array(#"{"a":"#.utf8))
        #expect(throws: JSONRecordSplitter.Malformed.self) { try t.finish() }
        var u = JSONRecordSplitter(maxRecordBytes: 100)
        #expect(throws: JSONRecordSplitter.Malformed.self) { try u.feed(Array("}".utf8)) }
    }
}
