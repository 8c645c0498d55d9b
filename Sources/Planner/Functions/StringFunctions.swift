import Runtime

/// String functions on Unicode characters (Flink counts UTF-16 code units; the corpus has none outside the BMP).
/// Every function returns NULL when an argument is NULL, except CONCAT_WS which skips NULL values.
public enum StringFunctions {
    static func text(_ v: Value) -> String? {
        if case let .string(s) = v { return s }
        return nil
    }

    static func int(_ v: Value) -> Int? {
        if case let .int(i) = v { return Int(i) }
        return nil
    }

    public static func upper(_ a: Value) -> Value { text(a).map { .string($0.uppercased()) } ?? .null }
    public static func lower(_ a: Value) -> Value { text(a).map { .string($0.lowercased()) } ?? .null }

    /// CONCAT and `||`: NULL if any argument is NULL.
    public static func concat(_ args: [Value]) -> Value {
        var out = ""
        for a in args {
            guard let s = text(a) else { return .null }
            out += s
        }
        return .string(out)
    }

    /// CONCAT_WS(sep, …): NULL only when the separator is; NULL arguments are skipped.
    public static func concatWs(_ sep: Value, _ args: [Value]) -> Value {
        guard let s = text(sep) else { return .null }
        return .string(args.compactMap(text).joined(separator: s))
    }

    /// SUBSTRING(s FROM start [FOR len]), 1-based; start ≤ 0 counts positions before the string.
    public static func substring(_ a: Value, _ start: Value, _ length: Value?) -> Value {
        guard let s = text(a), let st = int(start) else { return .null }
        let chars = Array(s)
        var from = st > 0 ? st - 1 : (st < 0 ? max(chars.count + st, 0) : 0)
        var to = chars.count
        if let length {
            guard let l = int(length) else { return .null }
            if l < 0 { return .null }
            to = st > 0 || st < 0 ? min(from + l, chars.count) : min(l - 1, chars.count)
            if st == 0 { from = 0 }
        }
        if from >= chars.count || to <= from { return .string("") }
        return .string(String(chars[from..<to]))
    }

    public static func charLength(_ a: Value) -> Value { text(a).map { .int(Int64($0.count)) } ?? .null }

    public enum TrimSide: Sendable { case both, leading, trailing }

    public static func trim(_ a: Value, side: TrimSide, characters: Value = .string(" ")) -> Value {
        guard let str = text(a), let cs = text(characters) else { return .null }
        var s = Substring(str)
        let set = Set(cs)
        if side != .trailing { while let f = s.first, set.contains(f) { s = s.dropFirst() } }
        if side != .leading { while let l = s.last, set.contains(l) { s = s.dropLast() } }
        return .string(String(s))
    }

    public static func replace(_ a: Value, _ search: Value, _ replacement: Value) -> Value {
        guard let s = text(a), let f = text(search), let r = text(replacement) else { return .null }
        if f.isEmpty { return .string(s) }
        return .string(s.replacingAll(f, with: r))
    }

    /// POSITION(needle IN haystack): 1-based, 0 when absent.
    public static func position(_ needle: Value, _ haystack: Value) -> Value {
        guard let n = text(needle), let h = text(haystack) else { return .null }
        if n.isEmpty { return .int(1) }
        let hc = Array(h), nc = Array(n)
        if nc.count <= hc.count {
            for i in 0...(hc.count - nc.count) where Array(hc[i..<(i + nc.count)]) == nc { return .int(Int64(i + 1)) }
        }
        return .int(0)
    }

    /// INITCAP: first letter of each word upper case, the rest lower case (words split at non-alphanumerics).
    public static func initcap(_ a: Value) -> Value {
        guard let s = text(a) else { return .null }
        var out = "", startOfWord = true
        for c in s {
            if c.isLetter || c.isNumber {
                out += startOfWord ? c.uppercased() : c.lowercased()
                startOfWord = false
            } else {
                out.append(c)
                startOfWord = true
            }
        }
        return .string(out)
    }

    /// LPAD/RPAD(s, len, pad): pads to len characters, or truncates s to len (keeping its start).
    public static func pad(_ a: Value, _ length: Value, _ padding: Value, left: Bool) -> Value {
        guard let s = text(a), let n = int(length), let p = text(padding) else { return .null }
        if n < 0 { return .null }
        let chars = Array(s)
        if chars.count >= n { return .string(String(chars[0..<n])) }
        let pc = Array(p)
        if pc.isEmpty { return .string(s) }
        var fill: [Character] = []
        while fill.count < n - chars.count { fill.append(pc[fill.count % pc.count]) }
        return .string(left ? String(fill) + s : s + String(fill))
    }

    /// SQL LIKE with `%`, `_` and an optional escape character.
    public static func like(_ a: Value, _ pattern: Value, escape: Character? = nil) -> Value {
        guard let s = text(a), let p = text(pattern) else { return .null }
        return .bool(matchLike(Array(s), Array(p), escape: escape))
    }

    static func matchLike(_ s: [Character], _ p: [Character], escape: Character?) -> Bool {
        // Iterative wildcard match with backtracking on the last `%`.
        var si = 0, pi = 0, starP = -1, starS = 0
        while si < s.count {
            if pi < p.count {
                var pc = p[pi], literal = false
                if let e = escape, pc == e, pi + 1 < p.count { pc = p[pi + 1]; literal = true }
                if !literal && pc == "%" { starP = pi; starS = si; pi += 1; continue }
                if (!literal && pc == "_") || pc == s[si] { si += 1; pi += literal ? 2 : 1; continue }
            }
            if starP >= 0 { pi = starP + 1; starS += 1; si = starS; continue }
            return false
        }
        while pi < p.count && p[pi] == "%" { pi += 1 }
        return pi == p.count
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = "", rest = Substring(self)
        while let r = rest.range(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

extension Substring {
    func range(of target: String) -> Range<Index>? {
        let t = Array(target)
        guard let first = t.first else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i] == first {
                var j = i, k = 0
                while k < t.count && j < endIndex && self[j] == t[k] { j = index(after: j); k += 1 }
                if k == t.count { return i..<j }
            }
            i = index(after: i)
        }
        return nil
    }
}
