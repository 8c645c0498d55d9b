import HTTP
import Model

/// Writes `APIError`s in Confluent's envelope:
/// `{"errors":[{"id","status":"400","code","title","detail","source":{"pointer"|"parameter"},"resolution"}]}`.
public enum ErrorEnvelope {
    public static func response(_ error: APIError, requestID: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var w = JSONWriter(capacity: 256)
        w.beginObject()
        w.key("errors")
        w.beginArray()
        write(error, into: &w)
        w.endArray()
        w.endObject()
        var h = headers
        h.set("Content-Type", "application/json")
        if error.status == 401 {
            h.set("WWW-Authenticate", #"Basic error="invalid_key", error_description="The API Key is invalid""#)
        }
        return HTTPResponse(status: error.status, headers: h, body: w.bytes)
    }

    /// One error object (`{"id","status","code","title","detail","source","resolution"}`); a SQL error's
    /// position is written in `source` next to its pointer: `{"pointer":"/sql","line":3,"column":7}`.
    public static func write(_ error: APIError, into w: inout JSONWriter) {
        w.beginObject()
        w.member("id", occurrenceID())
        w.member("status", String(error.status))
        w.member("code", error.code)
        w.member("title", error.title)
        w.member("detail", error.detail)
        if error.source != nil || error.line != nil {
            w.key("source")
            w.beginObject()
            switch error.source {
            case .pointer(let p): w.member("pointer", p)
            case .parameter(let p): w.member("parameter", p)
            case nil: break
            }
            if let line = error.line { w.member("line", line) }
            if let column = error.column { w.member("column", column) }
            w.endObject()
        }
        if let resolution = error.resolution { w.member("resolution", resolution) }
        w.endObject()
    }

    /// A random UUID-shaped id, unique per error occurrence.
    static func occurrenceID() -> String {
        var rng = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            out.append(hex[Int(rng.next() % 16)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension APIError {
    /// A request body problem (malformed JSON, wrong type, missing field) as a 400 with its pointer.
    public init(_ e: JSONFieldError) {
        let code = switch e.kind {
        case .malformed: "malformed_request"
        case .missing: "missing_field"
        case .wrongType: "invalid_type"
        case .invalidValue: "invalid_value"
        }
        self = .badRequest(e.detail, code: code, pointer: e.pointer)
    }
}
