import Testing
@testable import Model

@Suite struct JSONParserTests {
    @Test func scalars() throws {
        #expect(try JSONParser.parse("null") == .null)
        #expect(try JSONParser.parse(" true ") == .bool(true))
        #expect(try JSONParser.parse("false") == .bool(false))
        #expect(try JSONParser.parse("0") == .int(0))
        #expect(try JSONParser.parse("-12") == .int(-12))
        #expect(try JSONParser.parse("9223372036854775807") == .int(.max))
        #expect(try JSONParser.parse("-9223372036854775808") == .int(.min))
        #expect(try JSONParser.parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try JSONParser.parse("1.5") == .double(1.5))
        #expect(try JSONParser.parse("-1e3") == .double(-1000))
        #expect(try JSONParser.parse("2E+2") == .double(200))
        #expect(try JSONParser.parse(#""hi""#) == .string("hi"))
    }

    @Test func objectsKeepKeyOrder() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":2,"c":{"y":[],"x":{}}}"#)
        guard case .object(let o) = v else { Issue.record("not an object"); return }
        #expect(o.keys == ["b", "a", "c"])
        #expect(o["a"] == .int(2))
        #expect(v["c"]?["y"] == .array([]))
    }

    @Test func stringEscapesAndUnicode() throws {
        let v = try JSONParser.parse(#""a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00 é😀""#)
        #expect(v == .string("a\"b\\c/d\u{08}\u{0C}\n\r\tAé€😀 é😀"))
    }

    @Test func roundTripsArbitraryStrings() throws {
        let samples = ["", "plain", "\u{0}\u{1}\u{1F}", "quote\"back\\", "日本語", "emoji 🧪🚀", "\u{7F}\u{80}\u{FFFF}",
                       String(repeating: "x", count: 10_000)]
        for s in samples {
            var w = JSONWriter()
            w.string(s)
            #expect(try JSONParser.parse(w.bytes) == .string(s))
        }
    }

    @Test func roundTripsDocuments() throws {
        let docs = [#"[]"#, #"{}"#, #"[1,2.5,"x",null,true,false,{"a":[{"b":{}}]}]"#,
                    #"{"name":"job-1","labels":{"team":"ml"},"parallelism":4,"ratio":0.25}"#]
        for d in docs {
            let v = try JSONParser.parse(d)
            #expect(String(decoding: v.encoded(), as: UTF8.self) == d)
            #expect(try JSONParser.parse(v.encoded()) == v)
        }
    }

    private func failure(_ text: String) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        "", " ", "{", "}", "[", "[1,", "[1,]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}", "{'a':1}",
        "tru", "nul", "falsey", "01", "-", "1.", ".5", "1e", "1e+", "+1", "--1", "0x10", "1 2", "[1 2]",
        "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\ud800\"", "\"\\udc00\"", "\"\\ud800\\u0041\"",
        "\"a\nb\"", "\"\t\"", "NaN", "Infinity", "1e999", "[1]]", "{\"a\":1}}", "\u{FEFF}{}",
    ])
    func rejectsMalformed(_ text: String) {
        let e = failure(text)
        #expect(e != nil, "accepted: \(text.debugDescription)")
        if let e {
            #expect(!e.message.isEmpty)
            #expect(e.offset <= text.utf8.count)
            #expect(e.line >= 1 && e.column >= 1)
        }
    }

    @Test func errorPositions() throws {
        let e = try #require(failure("{\n  \"a\": 1,\n  \"b\": ?\n}"))
        #expect(e.line == 3)
        #expect(e.column == 8)
        #expect(e.offset == 19)
        #expect(e.message.contains("'?'"))
        let t = try #require(failure("[1, 2"))
        #expect(t.message.contains("end of input"))
        #expect(t.offset == 5)
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        #expect(throws: Never.self) { try JSONParser.parse(ok) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let e = try #require(failure(deep))
        #expect(e.message.contains("nesting"))
        let deepObj = String(repeating: "{\"a\":", count: 300) + "1" + String(repeating: "}", count: 300)
        #expect(failure(deepObj)?.message.contains("nesting") == true)
    }

    @Test func survivesRandomBytes() {
        var rng = SplitMix(seed: 42)
        let alphabet = Array("{}[]\":,0123456789.eE+-tfnrulasx\\ \n\u{1}é".utf8)
        for _ in 0..<3000 {
            let n = Int(rng.next() % 40)
            let bytes = (0..<n).map { _ in
                rng.next() % 7 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[Int(rng.next() % UInt64(alphabet.count))]
            }
            _ = try? JSONParser.parse(bytes)
        }
    }
}

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
