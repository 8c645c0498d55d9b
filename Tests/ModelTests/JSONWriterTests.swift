import Testing
@testable import Model

@Suite struct JSONWriterTests {
    private func text(_ build: (inout JSONWriter) -> Void) -> String {
        var w = JSONWriter()
        build(&w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func objectsAndArraysGetCommas() {
        let s = text { w in
            w.beginObject()
            w.member("a", 1)
            w.key("b"); w.beginArray(); w.int(1); w.string("x"); w.bool(false); w.null(); w.beginObject(); w.endObject(); w.endArray()
            w.member("c", "d")
            w.key("e"); w.beginArray(); w.endArray()
            w.endObject()
        }
        #expect(s == #"{"a":1,"b":[1,"x",false,null,{}],"c":"d","e":[]}"#)
    }

    @Test func stringEscapes() {
        let s = text { $0.string("q\"b\\n\nr\rt\tb\u{08}f\u{0C}c\u{01}\u{1F}/é😀") }
        #expect(s == "\"q\\\"b\\\\n\\nr\\rt\\tb\\bf\\fc\\u0001\\u001f/é😀\"")
    }

    /// The 8-bytes-at-a-time scan finds every byte that needs escaping at every position, and never
    /// flags multi-byte UTF-8 or the bytes right around the special ones.
    @Test func escapingFastPathMatchesByteByByteReference() {
        func reference(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                default:
                    if u.value < 0x20 {
                        let hex = String(u.value, radix: 16)
                        out += "\\u00" + (hex.count == 1 ? "0" : "") + hex
                    } else {
                        out.unicodeScalars.append(u)
                    }
                }
            }
            return out + "\""
        }
        let specials: [Character] = ["\"", "\\", "\n", "\u{01}", "\u{1F}", " ", "!", "#", "[", "]", "é", "😀", "\u{7F}", "ÿ"]
        for length in 0..<20 {
            for position in 0..<max(1, length) {
                for special in specials {
                    var chars = Array(repeating: Character("a"), count: length)
                    if length > 0 { chars[position] = special }
                    let s = String(chars)
                    #expect(text { $0.string(s) } == reference(s), "\(Array(s.utf8))")
                }
            }
        }
        let long = String(repeating: "plain-ascii-é-", count: 50) + "\"end"
        #expect(text { $0.string(long) } == reference(long))
    }

    @Test func integers() {
        let s = text { w in
            w.beginArray()
            for v in [0, 1, -1, 9, 10, 1234567890, Int.max, Int.min] { w.int(v) }
            w.endArray()
        }
        #expect(s == "[0,1,-1,9,10,1234567890,9223372036854775807,-9223372036854775808]")
    }

    @Test func doublesRoundTripShortest() throws {
        let values: [Double] = [0, -0.0, 1, 1.5, -2.25, 0.1, 1e-5, 1e21, 123456789.125, 3.141592653589793,
                                Double.leastNonzeroMagnitude, Double.greatestFiniteMagnitude, 1e15, 5e-324]
        for v in values {
            var w = JSONWriter()
            w.double(v)
            let parsed = try JSONParser.parse(w.bytes)
            #expect(parsed.doubleValue == v, "\(v) → \(String(decoding: w.bytes, as: UTF8.self))")
        }
        #expect(text { $0.double(0.1) } == "0.1")
        #expect(text { $0.double(2) } == "2")
        #expect(text { $0.double(.nan) } == "null")
        #expect(text { $0.double(.infinity) } == "null")
    }

    @Test func writesValueTrees() throws {
        let doc = #"{"z":1,"a":[true,null,"s",{"k":-1.5}],"m":{}}"#
        let v = try JSONParser.parse(doc)
        #expect(String(decoding: v.encoded(), as: UTF8.self) == doc)
    }
}

@Suite struct RFC3339Tests {
    @Test func formatsKnownInstants() {
        #expect(RFC3339.string(epochMillis: 0) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.string(epochMillis: 1_748_772_003_000) == "2025-06-01T10:00:03Z")
        #expect(RFC3339.string(epochMillis: 951_782_400_123, fractional: true) == "2000-02-29T00:00:00.123Z")
        #expect(RFC3339.string(epochMillis: -1) == "1969-12-31T23:59:59Z")
        #expect(RFC3339.string(epochMillis: 4_102_444_799_000) == "2099-12-31T23:59:59Z")
    }

    @Test func writerEmitsQuotedTimestamp() {
        var w = JSONWriter()
        w.beginObject(); w.key("t"); w.timestamp(epochMillis: 0); w.endObject()
        #expect(String(decoding: w.bytes, as: UTF8.self) == #"{"t":"1970-01-01T00:00:00Z"}"#)
    }
}
