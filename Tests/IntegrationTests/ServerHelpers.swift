import Foundation
import Model
import TestSupport

extension TestHTTPClient.Response {
    var json: JSONValue? { try? JSONParser.parse(body) }
    var firstError: JSONValue? { json?["errors"]?.arrayValue?.first }
}

extension FlinkCloudProcess {
    func client(auth: Bool = true) -> TestHTTPClient {
        TestHTTPClient(host: host, port: port, authorization: auth ? authorization : nil)
    }

    /// Id of the default environment.
    func defaultEnvironment() throws -> String {
        let r = try client().get("/org/v2/environments")
        guard let id = r.json?["data"]?.arrayValue?.first?["id"]?.stringValue else {
            throw StartError(description: "no default environment: \(r.text)")
        }
        return id
    }

    /// Id of the default Kafka cluster (`lkc-…`).
    func defaultKafkaCluster() throws -> String {
        let r = try client().get("/kafka/v3/clusters")
        guard let id = r.json?["data"]?.arrayValue?.first?["cluster_id"]?.stringValue else {
            throw StartError(description: "no Kafka cluster: \(r.text)")
        }
        return id
    }

    /// `/kafka/v3/clusters/{default cluster}/topics`.
    func topicsPath() throws -> String { "/kafka/v3/clusters/\(try defaultKafkaCluster())/topics" }

    /// Creates a topic over Kafka REST; returns the HTTP status (201 when created).
    func createTopic(_ name: String, partitions: Int) throws -> Int {
        try client().send("POST", try topicsPath(), json: #"{"topic_name":"\#(name)","partitions_count":\#(partitions)}"#).status
    }

    /// Resident set size in KiB (Linux /proc).
    var rssKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        }
        return nil
    }
}

/// Runs `body` on `count` threads at once and waits for all.
func concurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for i in 0..<count {
        group.enter()
        Thread.detachNewThread {
            body(i)
            group.leave()
        }
    }
    group.wait()
}
