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
