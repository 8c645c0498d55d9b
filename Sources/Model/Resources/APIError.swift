/// A domain error as Confluent's API reports it: one entry of `{"errors":[…]}`.
/// ControlPlane throws these; the API layer writes them (adding the per-occurrence `id`).
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where in the request the problem is: a JSON pointer into the body or a query/path parameter name.
    public enum Source: Sendable, Equatable {
        case pointer(String)
        case parameter(String)
    }

    /// HTTP status (400, 404, 409, …).
    public var status: Int
    /// Application code, e.g. `resource_already_exists`, `parallelism_exceeds_cfu`.
    public var code: String
    public var title: String
    public var detail: String
    public var source: Source?
    public var resolution: String?
    /// 1-based position of a SQL error in the submitted script (written inside `source`).
    public var line: Int?
    public var column: Int?

    public init(status: Int, code: String, title: String, detail: String,
                source: Source? = nil, resolution: String? = nil, line: Int? = nil, column: Int? = nil) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.source = source
        self.resolution = resolution
        self.line = line
        self.column = column
    }

    public var description: String { "\(status) \(code): \(detail)" }

    // MARK: common errors

    /// 400 with a code (default `invalid_request`) and usually a body pointer such as `/parallelism`.
    public static func badRequest(_ detail: String, code: String = "invalid_request", pointer: String? = nil,
                                  resolution: String? = nil) -> APIError {
        APIError(status: 400, code: code, title: "Bad Request", detail: detail,
                 source: pointer.map(Source.pointer), resolution: resolution)
    }

    /// 400 for a bad query/path parameter.
    public static func badParameter(_ detail: String, parameter: String, code: String = "invalid_parameter") -> APIError {
        APIError(status: 400, code: code, title: "Bad Request", detail: detail, source: .parameter(parameter))
    }

    public static func notFound(_ detail: String) -> APIError {
        APIError(status: 404, code: "not_found", title: "Not Found", detail: detail)
    }

    /// 409 `resource_already_exists`.
    public static func alreadyExists(_ detail: String, pointer: String? = nil) -> APIError {
        APIError(status: 409, code: "resource_already_exists", title: "Resource Already Exists", detail: detail,
                 source: pointer.map(Source.pointer))
    }

    /// 409 for an operation the resource's current state forbids.
    public static func conflict(_ detail: String, code: String = "conflict", resolution: String? = nil) -> APIError {
        APIError(status: 409, code: code, title: "Conflict", detail: detail, resolution: resolution)
    }

    /// 409 `resource_version_conflict`: the caller's `resource_version` is stale.
    public static func staleResourceVersion(expected: String, actual: String) -> APIError {
        APIError(status: 409, code: "resource_version_conflict", title: "Conflict",
                 detail: "The resource has changed since it was fetched (resource_version \(expected) is stale; current is \(actual)).",
                 source: .pointer("/metadata/resource_version"),
                 resolution: "Fetch the resource again and retry with its current resource_version.")
    }

    public static func unauthenticated(_ detail: String = "Valid authentication credentials must be provided") -> APIError {
        APIError(status: 401, code: "user_unauthenticated", title: "Authentication Required", detail: detail)
    }

    /// 500 for unexpected failures (the API layer logs the underlying error with the request id).
    public static func internalError(_ detail: String = "An internal error occurred.") -> APIError {
        APIError(status: 500, code: "internal_error", title: "Internal Server Error", detail: detail)
    }
}
