import ControlPlane
import Testing

@Suite struct LineDiffTests {
    /// Applies an edit script to recover both sides.
    func sides(_ ops: [LineDiff.Operation]) -> ([Substring], [Substring]) {
        var a: [Substring] = [], b: [Substring] = []
        for op in ops {
            switch op {
            case .equal(let s): a.append(s); b.append(s)
            case .delete(let s): a.append(s)
            case .insert(let s): b.append(s)
            }
        }
        return (a, b)
    }

    @Test func minimalEditScriptOnClassicExample() {
        let a = "ABCABBA".map { Substring(String($0)) }
        let b = "CBABAC".map { Substring(String($0)) }
        let ops = LineDiff.diff(a, b)
        let edits = ops.filter { if case .equal = $0 { return false } else { return true } }.count
        #expect(edits == 5) // Myers' paper: D = 5
        let (x, y) = sides(ops)
        #expect(x == a)
        #expect(y == b)
    }

    @Test func randomInputsRoundTrip() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...12, using: &rng)).map { _ in Substring(String(Int.random(in: 0...3, using: &rng))) }
            let b = (0..<Int.random(in: 0...12, using: &rng)).map { _ in Substring(String(Int.random(in: 0...3, using: &rng))) }
            let ops = LineDiff.diff(a, b)
            let (x, y) = sides(ops)
            #expect(x == a)
            #expect(y == b)
            let edits = ops.filter { if case .equal = $0 { return false } else { return true } }.count
            #expect(edits == a.count + b.count - 2 * lcs(a, b)) // minimal
        }
    }

    func lcs(_ a: [Substring], _ b: [Substring]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test func unifiedSplitsDistantChangesIntoHunks() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        var newLines = (1...20).map { "line \($0)" }
        newLines[1] = "changed 2"
        newLines[17] = "changed 18"
        let diff = LineDiff.unified(from: old, to: newLines.joined(separator: "\n"), fromLabel: "a", toLabel: "b")
        #expect(diff.split(separator: "\n").filter { $0.hasPrefix("@@") }.count == 2)
        #expect(diff.contains("@@ -1,5 +1,5 @@\n line 1\n-line 2\n+changed 2\n"))
        #expect(diff.contains("@@ -15,6 +15,6 @@\n"))
    }

    @Test func unifiedHandlesEmptySides() {
        #expect(LineDiff.unified(from: "", to: "a\nb", fromLabel: "x", toLabel: "y") == "--- x\n+++ y\n@@ -0,0 +1,2 @@\n+a\n+b\n")
        #expect(LineDiff.unified(from: "a", to: "", fromLabel: "x", toLabel: "y") == "--- x\n+++ y\n@@ -1,1 +0,0 @@\n-a\n")
    }

    @Test func largeTotallyDifferentInputsStayBounded() {
        let a = (0..<5000).map { Substring("a\($0)") }
        let b = (0..<5000).map { Substring("b\($0)") }
        let (x, y) = sides(LineDiff.diff(a, b))
        #expect(x == a)
        #expect(y == b)
    }
}
