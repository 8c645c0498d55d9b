/// A line diff (Myers' O((N+M)·D) algorithm) and its unified-diff rendering.
public enum LineDiff {
    public enum Operation: Equatable, Sendable {
        case equal(Substring)
        case delete(Substring)
        case insert(Substring)
    }

    /// Above this many edits the diff degrades to "replace everything" (bounded time and memory).
    public static let maxEdits = 1_000

    /// The edit script turning `a` into `b`, with a minimal number of inserted and deleted lines.
    public static func diff(_ a: [Substring], _ b: [Substring]) -> [Operation] {
        var prefix = 0
        while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix && suffix < b.count - prefix && a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        let middleA = Array(a[prefix..<(a.count - suffix)])
        let middleB = Array(b[prefix..<(b.count - suffix)])
        var ops = a[..<prefix].map(Operation.equal)
        ops += myers(middleA, middleB)
        ops += a[(a.count - suffix)...].map(Operation.equal)
        return ops
    }

    private static func myers(_ a: [Substring], _ b: [Substring]) -> [Operation] {
        let n = a.count, m = b.count
        if n == 0 { return b.map(Operation.insert) }
        if m == 0 { return a.map(Operation.delete) }
        let maxD = min(n + m, maxEdits)
        let offset = maxD + 1
        var v = [Int](repeating: 0, count: 2 * maxD + 3)
        // trace[d] = v[-d-1 … d+1] at the start of round d (all backtracking needs): O(D²) memory.
        var trace: [[Int]] = []
        for d in 0...maxD {
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] { x += 1; y += 1 }
                v[offset + k] = x
                if x >= n && y >= m { return backtrack(a, b, trace: trace) }
            }
        }
        return a.map(Operation.delete) + b.map(Operation.insert)
    }

    private static func backtrack(_ a: [Substring], _ b: [Substring], trace: [[Int]]) -> [Operation] {
        var ops: [Operation] = []
        var x = a.count, y = b.count
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let v = trace[d]
            let base = d + 1 // index of k = 0 in the slice
            let k = x - y
            let prevK = (k == -d || (k != d && v[base + k - 1] < v[base + k + 1])) ? k + 1 : k - 1
            let prevX = v[base + prevK]
            let prevY = prevX - prevK
            while x > prevX && y > prevY {
                ops.append(.equal(a[x - 1]))
                x -= 1
                y -= 1
            }
            if d > 0 {
                if x == prevX { ops.append(.insert(b[y - 1])) } else { ops.append(.delete(a[x - 1])) }
            }
            x = prevX
            y = prevY
        }
        return ops.reversed()
    }

    /// Splits text into lines (a trailing newline does not make an extra empty line).
    public static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A unified diff with `context` lines around each change; "" when the texts are equal.
    public static func unified(from old: String, to new: String, fromLabel: String, toLabel: String,
                               context: Int = 3) -> String {
        let ops = diff(lines(old), lines(new))
        // Per operation: its marker, text, and how many old/new lines precede it.
        var entries: [(marker: Character, text: Substring, oldBefore: Int, newBefore: Int)] = []
        var oldCount = 0, newCount = 0
        for op in ops {
            switch op {
            case .equal(let text):
                entries.append((" ", text, oldCount, newCount)); oldCount += 1; newCount += 1
            case .delete(let text):
                entries.append(("-", text, oldCount, newCount)); oldCount += 1
            case .insert(let text):
                entries.append(("+", text, oldCount, newCount)); newCount += 1
            }
        }
        let changes = entries.indices.filter { entries[$0].marker != " " }
        guard let firstChange = changes.first else { return "" }
        var output = "--- \(fromLabel)\n+++ \(toLabel)\n"
        var hunkStart = max(0, firstChange - context)
        var hunkEnd = min(entries.count, firstChange + context + 1)
        func emit(_ start: Int, _ end: Int) {
            let slice = entries[start..<end]
            let oldLines = slice.filter { $0.marker != "+" }.count
            let newLines = slice.filter { $0.marker != "-" }.count
            let oldStart = oldLines == 0 ? entries[start].oldBefore : entries[start].oldBefore + 1
            let newStart = newLines == 0 ? entries[start].newBefore : entries[start].newBefore + 1
            output += "@@ -\(oldStart),\(oldLines) +\(newStart),\(newLines) @@\n"
            for entry in slice { output += String(entry.marker) + entry.text + "\n" }
        }
        for change in changes.dropFirst() {
            if change - context <= hunkEnd {
                hunkEnd = min(entries.count, change + context + 1)
            } else {
                emit(hunkStart, hunkEnd)
                hunkStart = change - context
                hunkEnd = min(entries.count, change + context + 1)
            }
        }
        emit(hunkStart, hunkEnd)
        return output
    }
}
