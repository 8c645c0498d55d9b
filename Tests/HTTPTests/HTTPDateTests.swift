import Foundation
@testable import HTTP
import Testing
import TestSupport

/// The `Date` header: IMF-fixdate formatting, and present on every kind of response.
@Suite struct HTTPDateTests {
    @Test func formatsKnownInstants() {
        #expect(HTTPDate.format(epochSeconds: 784_111_777) == "Sun, 06 Nov 1994 08:49:37 GMT")   // RFC 7231's example
        #expect(HTTPDate.format(epochSeconds: 0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
        #expect(HTTPDate.format(epochSeconds: 4_102_444_799) == "Thu, 31 Dec 2099 23:59:59 GMT")
        #expect(HTTPDate.format(epochSeconds: -1) == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test func agreesWithTheCLibraryOverManyInstants() {
        var rng = SystemRandomNumberGenerator()
        var instants = (0..<5_000).map { _ in Int.random(in: 0..<4_102_444_800, using: &rng) }
        instants += [68_169_600, 946_684_799, 946_684_800, 1_709_164_800, 4_107_542_400 - 1]
        for t in instants {
            var tt = time_t(t)
            var parts = tm()
            gmtime_r(&tt, &parts)
            var buffer = [Int8](repeating: 0, count: 64)
            let n = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            let expected = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(HTTPDate.format(epochSeconds: t) == expected, "\(t)")
        }
    }

    @Test func everyResponseCarriesTheCurrentDate() throws {
        let s = try TestServer(router: protocolRouter())
        defer { s.stop() }
        let raw = try s.raw()
        // Inline handler, worker-pool handler, router 404, streamed request body.
        for request in ["GET /health HTTP/1.1\r\nHost: x\r\n\r\n", "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n",
                        "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n",
                        "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"] {
            raw.send(request)
            let r = try #require(raw.readResponse())
            try Self.expectCurrentDate(r.header("Date"))
        }
        // A protocol error answered by the server itself (400, connection closed).
        let bad = try s.raw()
        bad.send("GET / HTTP/1.1\r\nbroken header\r\n\r\n")
        let r = try #require(bad.readResponse())
        #expect(r.status == 400)
        try Self.expectCurrentDate(r.header("Date"))
    }

    /// `value` is an IMF-fixdate within a few seconds of now.
    static func expectCurrentDate(_ value: String?) throws {
        let value = try #require(value)
        #expect(value.utf8.count == HTTPDate.length)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let date = try #require(formatter.date(from: value), "not an IMF-fixdate: \(value)")
        #expect(abs(date.timeIntervalSinceNow) < 5, "\(value)")
    }
}
