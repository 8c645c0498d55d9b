/// Percent-encoding for query strings and path segments (RFC 3986 unreserved characters stay as they are).
enum QueryString {
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF")
                out += "%" + String(hex[Int(b >> 4)]) + String(hex[Int(b & 15)])
            }
        }
        return out
    }

    static func build(_ pairs: [(String, String)]) -> String {
        pairs.isEmpty ? "" : "?" + pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// The decoded value of `name` in a URL's query, if present.
    static func value(of name: String, in url: String) -> String? {
        guard let q = url.firstIndex(of: "?") else { return nil }
        for pair in url[url.index(after: q)...].split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if kv.first.map(String.init) == name { return kv.count > 1 ? decode(String(kv[1])) : "" }
        }
        return nil
    }

    static func decode(_ s: String) -> String {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b == UInt8(ascii: "+") ? 32 : b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
