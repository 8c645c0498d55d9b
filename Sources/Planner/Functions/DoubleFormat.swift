/// Shortest round-trip text of doubles in the two spellings the project needs: Python's `repr`
/// (the conformance encoding) and Java's `Double.toString` (Flink's `CAST(double AS STRING)`).
public enum DoubleFormat {
    /// The shortest digits that round-trip, and the decimal exponent: value = 0.DIGITS × 10^exp.
    static func shortestDigits(_ d: Double) -> (digits: String, exp: Int, negative: Bool) {
        let negative = d.sign == .minus
        if d == 0 { return ("0", 1, negative) }
        let text = "\(Swift.abs(d))"  // Swift's description is the shortest round-trip form
        var mantissa = Substring(text), exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exp = Int(text[text.index(after: e)...]) ?? 0
            mantissa = text[..<e]
        }
        var intPart = mantissa, frac: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            intPart = mantissa[..<dot]
            frac = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(intPart) + String(frac)
        var pointPos = intPart.count + exp
        while digits.first == "0" && digits.count > 1 { digits.removeFirst(); pointPos -= 1 }
        while digits.last == "0" && digits.count > 1 { digits.removeLast() }
        return (digits, pointPos, negative)
    }

    /// Python `repr(float)`: `3.0`, `4.05`, `1e-05`, `1e+16`, `-0.0`.
    public static func python(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let (digits, exp, negative) = shortestDigits(d)
        let sign = negative ? "-" : ""
        let x = exp - 1  // scientific exponent
        if x < -4 || x >= 16 {
            var m = String(digits.first!)
            if digits.count > 1 { m += "." + digits.dropFirst() }
            let e = x < 0 ? "-" + pad2(-x) : "+" + pad2(x)
            return sign + m + "e" + e
        }
        return sign + plain(digits, exp, minFraction: 1)
    }

    /// Java `Double.toString`: plain for 1e-3 ≤ |d| < 1e7 (`0.25`, `147.0`), else `1.0E7`, `1.0E-5`.
    public static func java(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        let (digits, exp, negative) = shortestDigits(d)
        let sign = negative ? "-" : ""
        let a = Swift.abs(d)
        if a == 0 || (a >= 1e-3 && a < 1e7) { return sign + plain(digits, exp, minFraction: 1) }
        var m = String(digits.first!) + "."
        m += digits.count > 1 ? String(digits.dropFirst()) : "0"
        return sign + m + "E" + String(exp - 1)
    }

    static func plain(_ digits: String, _ exp: Int, minFraction: Int) -> String {
        if exp <= 0 { return "0." + String(repeating: "0", count: -exp) + digits }
        if exp >= digits.count { return digits + String(repeating: "0", count: exp - digits.count) + ".0" }
        let i = digits.index(digits.startIndex, offsetBy: exp)
        return String(digits[..<i]) + "." + String(digits[i...])
    }

    static func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
