import Foundation
import HTTP
import Model

/// The CLI's only way to the server: JSON over HTTP with Basic auth, Confluent's error envelope turned into
/// `CLIFailure` (the `detail` and `resolution`), and list pages followed through `metadata.next`.
final class RESTClient: Sendable {
    let baseURL: String
    private let http: HTTPClient
    private let prefix: String
    private let authorization: String?

    init(url: String, apiKey: String?, apiSecret: String?, timeoutSeconds: Double = 30) throws(CLIFailure) {
        var trimmed = url
        while trimmed.hasSuffix("/") { trimmed.removeLast() }
        // The URL the real Confluent CLI is given (`…/confluent.cloud`) names the same server.
        if trimmed.hasSuffix("/confluent.cloud") { trimmed.removeLast("/confluent.cloud".count) }
        if trimmed.hasPrefix("https://") {
            throw CLIFailure("https URLs are not supported by this CLI: \(url)", resolution: "Use the server's http:// URL.")
        }
        guard let parts = HTTPClient.parse(url: trimmed.contains("://") ? trimmed : "http://" + trimmed) else {
            throw CLIFailure("invalid server URL \"\(url)\"", resolution: "Use a URL like http://127.0.0.1:8080")
        }
        baseURL = trimmed.contains("://") ? trimmed : "http://" + trimmed
        prefix = parts.path == "/" ? "" : parts.path
        http = HTTPClient(host: parts.host, port: parts.port, timeoutSeconds: timeoutSeconds)
        if let apiKey, let apiSecret {
            authorization = "Basic " + Data("\(apiKey):\(apiSecret)".utf8).base64EncodedString()
        } else {
            authorization = nil
        }
    }

    /// A client to the same server with another timeout (0 = wait forever, for `--follow`).
    func with(timeoutSeconds: Double) -> RESTClient {
        // The URL was already validated, so this cannot fail.
        (try? RESTClient(copying: self, timeoutSeconds: timeoutSeconds)) ?? self
    }

    private init(copying other: RESTClient, timeoutSeconds: Double) throws {
        baseURL = other.baseURL
        prefix = other.prefix
        authorization = other.authorization
        http = HTTPClient(host: other.http.host, port: other.http.port, timeoutSeconds: timeoutSeconds)
    }

    // MARK: Requests

    func get(_ path: String, query: [(String, String)] = []) throws(CLIFailure) -> JSONValue {
        try send("GET", path, query: query) ?? .null
    }

    /// Sends a request; returns the parsed body (nil when empty). Non-2xx statuses throw the server's error.
    @discardableResult
    func send(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
              contentType: String = "application/json") throws(CLIFailure) -> JSONValue? {
        let response = try raw(method, path, query: query, body: body, contentType: contentType)
        guard (200..<300).contains(response.status) else { throw Self.failure(status: response.status, body: response.body) }
        if response.body.isEmpty { return nil }
        do {
            return try JSONParser.parse(response.body)
        } catch {
            throw CLIFailure("the server answered \(response.status) with a body that is not JSON: \(String(response.text.prefix(200)))")
        }
    }

    /// Sends a request with a raw body and returns the response whatever its status.
    func raw(_ method: String, _ path: String, query: [(String, String)] = [], body: JSONValue? = nil,
             bytes: [UInt8]? = nil, contentType: String = "application/json") throws(CLIFailure) -> HTTPClientResponse {
        let payload = bytes ?? body?.encoded() ?? []
        do {
            return try http.request(method, prefix + path + QueryString.build(query), headers: headers(contentType, payload),
                                    body: payload)
        } catch {
            throw unreachable(error)
        }
    }

    /// Every item of a Confluent list, following `metadata.next` (its `page_token`) page by page.
    func listAll(_ path: String, query: [(String, String)] = [], pageSize: Int = 100) throws(CLIFailure) -> [JSONValue] {
        var items: [JSONValue] = []
        var token: String?
        var seen: Set<String> = []
        repeat {
            var q = query + [("page_size", String(pageSize))]
            if let token { q.append(("page_token", token)) }
            let page = try get(path, query: q)
            items.append(contentsOf: page["data"]?.arrayValue ?? [])
            let next = page["metadata"]?["next"]?.stringValue ?? ""
            token = next.isEmpty ? nil : QueryString.value(of: "page_token", in: next)
            if let t = token, !seen.insert(t).inserted { token = nil }
        } while token != nil
        return items
    }

    /// Streams a response line by line (chunked `?follow=true` answers); `onLine` returns false to stop.
    func streamLines(_ path: String, query: [(String, String)] = [], onLine: (String) -> Bool) throws(CLIFailure) {
        var errorBody: [String] = []
        var status = 0
        do {
            let result = try http.streamLines("GET", prefix + path + QueryString.build(query), headers: headers("application/json", [])) { line in
                if status == 0 || (200..<300).contains(status) { return onLine(line) }
                errorBody.append(line)
                return true
            }
            status = result.status
        } catch {
            throw unreachable(error)
        }
        if !(200..<300).contains(status) {
            throw Self.failure(status: status, body: Array(errorBody.joined(separator: "\n").utf8))
        }
    }

    // MARK: Errors

    private func headers(_ contentType: String, _ payload: [UInt8]) -> HTTPHeaders {
        var h = HTTPHeaders()
        if let authorization { h.set("Authorization", authorization) }
        h.set("Accept", "application/json")
        h.set("User-Agent", "flinkcloud-confluent-cli")
        if !payload.isEmpty { h.set("Content-Type", contentType) }
        return h
    }

    private func unreachable(_ error: any Error) -> CLIFailure {
        CLIFailure("cannot reach the server at \(baseURL): \(error)",
                   resolution: "Check that flinkcloud is running and that the URL given to \"confluent login --url\" is right.")
    }

    /// The server's error as the user should see it: Confluent's `errors[0].detail` (+ `resolution`),
    /// Kafka REST's `message`, or the status line.
    static func failure(status: Int, body: [UInt8]) -> CLIFailure {
        let json = try? JSONParser.parse(body)
        if let first = json?["errors"]?.arrayValue?.first {
            let detail = first["detail"]?.stringValue ?? first["title"]?.stringValue ?? "request failed"
            return CLIFailure(detail, resolution: first["resolution"]?.stringValue, status: status,
                              code: first["code"]?.stringValue)
        }
        if let message = json?["message"]?.stringValue {
            let code = json?["error_code"]?.intValue.map { String($0) }
            return CLIFailure(message, status: status, code: code)
        }
        if let message = json?["error"]?["message"]?.stringValue { return CLIFailure(message, status: status) }
        let text = String(decoding: body.prefix(300), as: UTF8.self)
        return CLIFailure("the server answered HTTP \(status)" + (text.isEmpty ? "" : ": " + text), status: status)
    }
}
