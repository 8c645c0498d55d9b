// libFuzzer target: the HTTP/1.1 request parser (request line, headers, target decoding) and the chunked
// body decoder, fed with whatever bytes the fuzzer makes. Compiled together with the HTTP parsing sources
// by .ci/fuzz/run.sh (the parser is internal to the HTTP module).
//
// Properties: never crash or hang; `consumed` stays within the input; a parsed head's fields are
// consistent (no Content-Length with chunked); parsing the same bytes twice gives the same answer.

import Glibc

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let buf = UnsafeBufferPointer(start: data, count: size)
    // The first byte picks the header limit so the 431 paths are reached too.
    let limit = size > 0 ? 64 + Int(buf[0]) * 64 : 8192
    let result = RequestParser.parseHead(buf, maxHeaderBytes: limit)
    switch result {
    case .incomplete:
        break
    case .failure(let e):
        check((400...599).contains(e.status), "protocol error outside 4xx/5xx: \(e.status)")
    case .head(let head, let consumed):
        check(consumed > 0 && consumed <= size, "consumed \(consumed) of \(size)")
        check(!(head.chunked && head.contentLength != nil), "chunked with Content-Length")
        check(RequestParser.knownMethods.contains(head.method))
        check(head.path.utf8.first == UInt8(ascii: "/") || head.path == "*", "path \(head.path)")
        if case .head(let again, let c2) = RequestParser.parseHead(buf, maxHeaderBytes: limit) {
            check(c2 == consumed && again.path == head.path && again.query == head.query)
        } else {
            check(false, "second parse differs")
        }
        if head.chunked {
            let rest = UnsafeBufferPointer(rebasing: buf[consumed...])
            var decoder = ChunkedDecoder(maxTrailerBytes: 1024)
            var total = 0
            do {
                let used = try decoder.decode(rest) { total += $0.count }
                check(used <= rest.count)
                check(total <= rest.count)
            } catch {
                // A protocol error is a fine answer to a bad body.
            }
        }
    }
    return 0
}

/// `precondition` that prints its message in optimized builds too (libFuzzer saves the input).
func check(_ ok: Bool, _ message: @autoclosure () -> String = "", line: Int = #line) {
    guard !ok else { return }
    let text = Array("fuzz check failed (line \(line)): \(message())\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    abort()
}
