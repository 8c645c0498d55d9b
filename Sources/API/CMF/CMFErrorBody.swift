import HTTP
import Model

/// CMF's error body: `{"errors":[{"message":"…"}]}` (the real CLI prints it verbatim), always JSON.
public enum CMFErrorBody {
    public static func response(_ error: APIError) -> HTTPResponse {
        var w = JSONWriter(capacity: 128 + error.detail.utf8.count)
        w.beginObject()
        w.key("errors")
        w.beginArray()
        w.beginObject()
        w.member("message", error.detail)
        w.endObject()
        w.endArray()
        w.endObject()
        var h = HTTPHeaders()
        h.set("Content-Type", "application/json")
        if error.status == 401 { h.set("WWW-Authenticate", #"Basic realm="flinkcloud""#) }
        return HTTPResponse(status: error.status, headers: h, body: w.bytes)
    }
}
