import Foundation
import Synchronization
import Testing
@testable import SQL

/// Bad input never crashes: every prefix of the corpus scripts, random mutations and random bytes either
/// parse or fail with a positioned `SQLParseError`.
struct RobustnessTests {
    static let sample: String = {
        let names = ConformanceCorpusParseTests.caseNames
        return names.compactMap { try? ConformanceCorpusParseTests.script($0) }.joined(separator: "\n;\n")
    }()

    func check(_ sql: String) {
        do {
            _ = try SQLParser.parseScript(sql)
        } catch {
            #expect(error.line >= 1 && error.column >= 1, "bad position for \(sql.debugDescription)")
            #expect(error.message.hasPrefix("SQL parse failed."))
        }
    }

    @Test func truncationsOfEveryCorpusScript() throws {
        for name in ConformanceCorpusParseTests.caseNames {
            let bytes = Array(try ConformanceCorpusParseTests.script(name).utf8)
            var k = 0
            while k <= bytes.count {
                check(String(decoding: bytes[0..<k], as: UTF8.self))
                k += 5
            }
        }
    }

    @Test func randomMutations() {
        var rng = SplitMix(seed: 42)
        let base = Array(Self.sample.utf8)
        let alphabet = Array("()[],;.'`\"*+-/%|<>=!?:@#$ \n\tSELECTFROMWHEREGROUPBYAS0123456789éx".utf8)
        for _ in 0..<300 {
            var b = base
            let start = Int(rng.next() % UInt64(b.count))
            let len = min(b.count - start, 200 + Int(rng.next() % 800))
            var piece = Array(b[start..<(start + len)])
            for _ in 0..<(1 + Int(rng.next() % 6)) where !piece.isEmpty {
                let at = Int(rng.next() % UInt64(piece.count))
                switch rng.next() % 3 {
                case 0: piece[at] = alphabet[Int(rng.next() % UInt64(alphabet.count))]
                case 1: piece.remove(at: at)
                default: piece.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                }
            }
            b = piece
            check(String(decoding: b, as: UTF8.self))
        }
    }

    @Test func randomBytesAndDeepNesting() {
        var rng = SplitMix(seed: 7)
        for _ in 0..<200 {
            let n = Int(rng.next() % 64)
            let bytes = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            check(String(decoding: bytes, as: UTF8.self))
        }
        check("SELECT " + String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500))
        check("SELECT " + String(repeating: "-", count: 1) + String(repeating: "(-", count: 300) + "1")
        check("SELECT " + Array(repeating: "a", count: 2000).joined(separator: " + ") + " FROM t")
    }

    static let deepInputs: [(String, Bool)] = {
        func nest(_ open: String, _ inner: String, _ close: String, _ n: Int) -> String {
            String(repeating: open, count: n) + inner + String(repeating: close, count: n)
        }
        var out: [(String, Bool)] = []
        for (n, ok) in [(90, true), (5_000, false)] {
            out.append(("SELECT " + nest("(", "1", ")", n), ok))
            out.append(("SELECT " + String(repeating: "NOT ", count: n) + "TRUE", ok))
            out.append(("SELECT " + String(repeating: "- ", count: n) + "1", ok))
            out.append(("SELECT " + nest("f(", "1", ")", n), ok))
            out.append(("SELECT " + nest("CASE WHEN a THEN ", "1", " END", n), ok))
            out.append((nest("(", "SELECT 1", ")", n), ok))
            out.append(("SELECT * FROM " + nest("(SELECT * FROM ", "t", ")", n), ok))
            out.append(("CREATE TABLE t (a " + nest("ARRAY<", "INT", ">", n) + ")", ok))
            out.append((String(repeating: "EXPLAIN ", count: n) + "SELECT 1", ok))
            out.append(("SELECT " + String(repeating: "a[", count: n) + "1" + String(repeating: "]", count: n), ok))
        }
        return out
    }()

    /// Deep nesting is refused with a parse error instead of overflowing a thread stack (4 MiB, as the HTTP
    /// worker threads have; debug frames are several times larger than release ones).
    @Test func deepNestingIsRefusedWithoutExhaustingTheStack() {
        let failures = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            for (sql, ok) in Self.deepInputs {
                do {
                    _ = try SQLParser.parseScript(sql)
                    if !ok { failures.withLock { $0.append("accepted: \(sql.prefix(40))") } }
                } catch {
                    if ok { failures.withLock { $0.append("rejected: \(sql.prefix(40)) \(error)") } }
                }
            }
            done.signal()
        }
        thread.stackSize = 4 << 20
        thread.start()
        done.wait()
        #expect(failures.withLock { $0 } == [])
    }
}

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
