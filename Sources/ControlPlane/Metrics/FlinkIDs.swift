import Model

/// Flink-style 32-hex ids for jobs and vertices (Flink's JobID/JobVertexID shape), derived stably from
/// our ids so Flink tooling can address the same job across restarts.
public enum FlinkIDs {
    public static func job(_ jobID: String) -> String { hex32("job:" + jobID) }
    public static func vertex(jobID: String, uid: String) -> String { hex32("vertex:" + jobID + ":" + uid) }

    static func hex32(_ s: String) -> String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for b in SHA256.hash(Array(s.utf8)).prefix(16) {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
