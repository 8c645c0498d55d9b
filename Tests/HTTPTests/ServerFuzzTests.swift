import HTTP
import Testing
import TestSupport

@Suite struct ServerFuzzTests {
    /// Random and mutated requests: every one gets a well-formed answer or a close, and the server survives.
    @Test func garbageNeverHurtsTheServer() throws {
        var config = TestServer.defaultConfiguration()
        config.headerReadTimeout = .milliseconds(300)
        let s = try TestServer(configuration: config, router: protocolRouter())
        defer { s.stop() }
        var rng = SeededGenerator(seed: 42)
        let seeds = [
            "GET /jobs/x HTTP/1.1\r\nHost: a\r\n\r\n",
            "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
            "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        ].map { Array($0.utf8) }
        for round in 0..<120 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(rng.next() % 6)) {
                let pos = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 4 {
                case 0: bytes[pos] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: pos)
                case 2: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: pos)
                default: bytes.insert(contentsOf: [13, 10], at: pos)
                }
            }
            let raw = try s.raw(timeoutSeconds: 2)
            raw.send(bytes)
            raw.shutdownWrite()
            let answer = raw.readAll()
            #expect(answer.isEmpty || answer.hasPrefix("HTTP/1.1 ") || answer.hasPrefix("HTTP/1.0 "),
                    "round \(round): \(answer.prefix(60))")
        }
        #expect(try s.client().get("/fast").text == "fast")
    }
}

struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
