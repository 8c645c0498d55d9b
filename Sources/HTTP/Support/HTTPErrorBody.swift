/// HTTP-level error responses in Confluent's error envelope, written by hand (this module imports no JSON library):
/// `{"errors":[{"id":"…","status":"413","code":"payload_too_large","title":"…","detail":"…"}]}`.
public enum HTTPErrorBody {
    public static func response(status: Int, code: String, detail: String, requestID: String = RequestID.generate(),
                                headers extra: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        var headers = extra
        headers.set("Content-Type", "application/json")
        if headers["X-Request-Id"] == nil { headers.set("X-Request-Id", requestID) }
        return HTTPResponse(status: status, headers: headers,
                            body: json(status: status, code: code, detail: detail, id: requestID))
    }

    public static func json(status: Int, code: String, detail: String, id: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + detail.utf8.count)
        out.append(contentsOf: #"{"errors":[{"id":"#.utf8)
        appendString(&out, id)
        out.append(contentsOf: #","status":"#.utf8)
        appendString(&out, String(status))
        out.append(contentsOf: #","code":"#.utf8)
        appendString(&out, code)
        out.append(contentsOf: #","title":"#.utf8)
        appendString(&out, HTTPStatus.reason(status))
        out.append(contentsOf: #","detail":"#.utf8)
        appendString(&out, detail)
        out.append(contentsOf: "}]}".utf8)
        return out
    }

    /// Appends `s` as a JSON string literal.
    public static func appendString(_ out: inout [UInt8], _ s: String) {
        out.append(34)
        for c in s.utf8 {
            switch c {
            case 34: out.append(contentsOf: [92, 34])
            case 92: out.append(contentsOf: [92, 92])
            case 10: out.append(contentsOf: [92, 110])
            case 13: out.append(contentsOf: [92, 114])
            case 9: out.append(contentsOf: [92, 116])
            case 0..<32:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [92, 117, 48, 48, hex[Int(c >> 4)], hex[Int(c & 15)]])
            default: out.append(c)
            }
        }
        out.append(34)
    }
}
