// libFuzzer target: the Kafka REST produce body path — `JSONRecordSplitter` (streamed body → one record
// per top-level JSON value), Model's `JSONParser` and the record decoder `KafkaProduceRecord.decode(json:)`
// on each record, compiled together with HTTP's splitter and all of Model by .ci/fuzz/run.sh. Properties: never crash or hang; splitting the body in one piece or in
// arbitrary pieces (chosen by the first input byte) gives the same records; each record the splitter
// returns is within the limit.

import Glibc

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKafka(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let all = Array(UnsafeBufferPointer(start: data, count: size))
    let step = Int(all[0] % 17) + 1
    let body = Array(all.dropFirst())
    let limit = 4096

    let whole = split(body, pieces: [body], limit: limit)
    var pieces: [[UInt8]] = []
    var i = 0
    while i < body.count { pieces.append(Array(body[i..<min(body.count, i + step)])); i += step }
    let chunked = split(body, pieces: pieces, limit: limit)
    check(whole == chunked, "records depend on how the body was split")

    if case .records(let records) = whole {
        for r in records {
            check(!r.isEmpty && r.count <= limit)
            if let record = try? KafkaProduceRecord.decode(json: r) {
                // JSON data is stored re-encoded: it must parse again.
                for d in [record.key, record.value] {
                    if let d, d.type == .json, let bytes = d.bytes { check((try? JSONParser.parse(bytes)) != nil) }
                }
                check((record.partitionID ?? 0) >= 0)
            }
            if let value = try? JSONParser.parse(r) {
                // What parsed must write back to JSON that parses to the same value.
                var w = JSONWriter()
                w.value(value)
                let again = try? JSONParser.parse(w.bytes)
                check(again.map { sameJSON($0, value) } ?? false, "JSON round trip changed a value: \(value) -> \(String(decoding: w.bytes, as: UTF8.self))")
            }
        }
    }
    _ = try? JSONParser.parse(body)
    return 0
}

/// Equal JSON values, where an integer equals a number of the same value (the writer may print
/// `-1.5e3` as `-1500`, which parses back as an integer).
func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
    case (.object(let x), .object(let y)):
        return x.members.count == y.members.count
            && zip(x.members, y.members).allSatisfy { $0.0 == $1.0 && sameJSON($0.1, $1.1) }
    default: return a == b
    }
}

enum SplitOutcome: Equatable { case records([[UInt8]]), tooLarge, malformed }

func split(_ body: [UInt8], pieces: [[UInt8]], limit: Int) -> SplitOutcome {
    var splitter = JSONRecordSplitter(maxRecordBytes: limit)
    var out: [[UInt8]] = []
    do {
        for p in pieces { out += try splitter.feed(p) }
        if let last = try splitter.finish() { out.append(last) }
        return .records(out)
    } catch is JSONRecordSplitter.RecordTooLarge {
        return .tooLarge
    } catch {
        return .malformed
    }
}

/// `precondition` that prints its message in optimized builds too (libFuzzer saves the input).
func check(_ ok: Bool, _ message: @autoclosure () -> String = "", line: Int = #line) {
    guard !ok else { return }
    let text = Array("fuzz check failed (line \(line)): \(message())\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}
