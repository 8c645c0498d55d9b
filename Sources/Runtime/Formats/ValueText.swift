/// Text renderings of values: Flink's `print`/`toString` style and SQL literal text.
public enum ValueText {
    static func pad(_ x: Int64, _ n: Int) -> String {
        let s = String(x)
        return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
    }

    public static func date(_ days: Int32) -> String {
        let c = TextParsing.civil(Int64(days))
        return "\(pad(Int64(c.year), 4))-\(pad(Int64(c.month), 2))-\(pad(Int64(c.day), 2))"
    }

    /// `yyyy-MM-dd HH:mm:ss` plus exactly `precision` fractional digits when precision > 0.
    public static func timestamp(_ micros: Int64, precision: Int = 3) -> String {
        let days = TimeMath.floorDiv(micros, 86_400_000_000)
        let rem = micros - days * 86_400_000_000
        let sec = rem / 1_000_000
        var s = date(Int32(days)) + " \(pad(sec / 3600, 2)):\(pad(sec / 60 % 60, 2)):\(pad(sec % 60, 2))"
        if precision > 0 {
            let frac = pad(rem % 1_000_000, 6)
            s += "." + (precision <= 6 ? String(frac.prefix(precision)) : frac + String(repeating: "0", count: precision - 6))
        }
        return s
    }

    public static func decimal(_ u: Int128, scale: Int) -> String {
        let neg = u < 0
        var digits = String(neg ? -u : u)
        if scale > 0 {
            while digits.count <= scale { digits = "0" + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return (neg ? "-" : "") + digits
    }

    /// Java's `Double.toString` is approximated by Swift's shortest round-trip form.
    public static func double(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return "\(d)"
    }

    /// Rendering used by the print connector (like Flink's `Row.toString`).
    public static func print(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d): return double(d)
        case let .decimal(u, s): return decimal(u, scale: s)
        case let .string(s): return s
        case let .bytes(b): return "[" + b.map { String(Int8(bitPattern: $0)) }.joined(separator: ", ") + "]"
        case let .date(d): return date(d)
        case let .time(us): return String(timestamp(us, precision: 0).suffix(8))
        case let .timestamp(us):
            var s = timestamp(us, precision: 6)
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
            return s.replacingFirst(" ", with: "T")
        case let .interval(ms): return String(ms)
        case let .intervalMonths(m): return String(m)
        case let .array(a): return "[" + a.map(print).joined(separator: ", ") + "]"
        case let .row(a): return "(" + a.map(print).joined(separator: ", ") + ")"
        case let .map(es): return "{" + es.map { print($0.key) + "=" + print($0.value) }.joined(separator: ", ") + "}"
        }
    }
}

extension String {
    func replacingFirst(_ a: Character, with b: Character) -> String {
        guard let i = firstIndex(of: a) else { return self }
        var s = self
        s.replaceSubrange(i...i, with: String(b))
        return s
    }
}
