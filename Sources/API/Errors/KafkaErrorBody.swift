import HTTP
import Model

/// Writes errors of the Kafka REST v3 routes in their own shape: `{"error_code": 40002, "message": "…"}`.
public enum KafkaErrorBody {
    public static func response(_ error: APIError) -> HTTPResponse {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.member("error_code", error.kafkaErrorCode)
        w.member("message", error.detail)
        w.endObject()
        var h = HTTPHeaders()
        h.set("Content-Type", "application/json")
        if error.status == 401 { h.set("WWW-Authenticate", #"Basic realm="kafka-rest""#) }
        return HTTPResponse(status: error.status, headers: h, body: w.bytes)
    }

    /// A Confluent-envelope error raised on a Kafka route (bad query parameter, body field) in Kafka's shape.
    static func kafkaShaped(_ error: APIError) -> APIError {
        if Int(error.code) != nil { return error }
        let message = error.status == 404 ? error.detail : "\(error.status == 400 ? "Bad Request: " : "")\(error.detail)"
        return APIError.kafka(error.status, error.status == 401 ? 40101 : error.status, message)
    }
}
