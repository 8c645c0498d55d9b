extension APIError {
    /// A Kafka REST v3 error: answered as `{"error_code": <errorCode>, "message": "…"}` with HTTP `status`.
    /// The numeric code travels in `code`.
    public static func kafka(_ status: Int, _ errorCode: Int, _ message: String) -> APIError {
        APIError(status: status, code: String(errorCode), title: "Kafka REST Error", detail: message)
    }

    /// Kafka REST's `error_code` for this error: the numeric `code`, else the HTTP status.
    public var kafkaErrorCode: Int { Int(code) ?? status }

    /// 404 for an unknown cluster id.
    public static func unknownKafkaCluster(_ id: String) -> APIError { .kafka(404, 404, "Cluster \(id) cannot be found.") }

    /// 404 `40403` for an unknown topic or partition.
    public static func unknownTopicOrPartition() -> APIError {
        .kafka(404, 40403, "This server does not host this topic-partition.")
    }
}
