// libFuzzer target: the Flink SQL lexer and parser (whole scripts), compiled together with Sources/SQL by
// .ci/fuzz/run.sh. Properties: never crash, hang or blow the stack; errors carry a position inside the
// input; a statement that parses prints to SQL that parses again (the printer's round trip), unless
// FUZZ_SQL_NO_ROUNDTRIP is set.

import Glibc

let checkRoundTrip = getenv("FUZZ_SQL_NO_ROUNDTRIP") == nil

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSQL(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size <= 64 * 1024 else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let statements = try SQLParser.parseScript(text)
        guard checkRoundTrip else { return 0 }
        for s in statements {
            let printed = SQLPrinter.print(s.statement)
            do {
                let again = try SQLParser.parseStatement(printed)
                check(again == s.statement, "tree changed after printing:\n\(printed)")
            } catch {
                check(false, "printed SQL does not parse: \(error)\n\(printed)")
            }
        }
    } catch {
        check(error.line >= 1 && error.column >= 1, "error without a position: \(error)")
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
