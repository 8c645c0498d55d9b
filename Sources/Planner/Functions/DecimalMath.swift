import Foundation
import Runtime

/// DECIMAL arithmetic on `Value.decimal(unscaled, scale)` with Int128 and Flink's HALF_UP rounding.
public enum DecimalMath {
    public static func pow10(_ n: Int) -> Int128 {
        var r: Int128 = 1
        for _ in 0..<max(0, n) { r &*= 10 }
        return r
    }

    /// Rescales `unscaled` from scale `from` to scale `to`, rounding half away from zero when scale drops.
    public static func rescale(_ unscaled: Int128, from: Int, to: Int) -> Int128 {
        if to == from { return unscaled }
        if to > from { return unscaled &* pow10(to - from) }
        return divideHalfUp(unscaled, pow10(from - to))
    }

    /// a / b rounded half away from zero.
    public static func divideHalfUp(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b, r = a % b
        if r == 0 { return q }
        let twice = (r < 0 ? -r : r) * 2
        let bAbs = b < 0 ? -b : b
        if twice >= bAbs { return (a < 0) != (b < 0) ? q - 1 : q + 1 }
        return q
    }

    /// Whether `unscaled` fits in `precision` digits (Flink yields NULL on DECIMAL overflow).
    public static func fits(_ unscaled: Int128, precision: Int) -> Bool {
        let m = unscaled < 0 ? -unscaled : unscaled
        return m < pow10(precision)
    }

    public static func toDouble(_ unscaled: Int128, scale: Int) -> Double {
        Double(unscaled) / pow(10.0, Double(scale))
    }

    /// The exact decimal of a double, HALF_UP to `scale` (via its shortest decimal representation, like Java's BigDecimal.valueOf).
    public static func fromDouble(_ d: Double, scale: Int) -> Int128? {
        guard d.isFinite else { return nil }
        let (digits, exp10, negative) = DoubleFormat.shortestDigits(d)
        // value = 0.digits × 10^exp10
        var unscaled: Int128 = 0
        for c in digits.utf8 { unscaled = unscaled &* 10 &+ Int128(c - 48) }
        let currentScale = digits.count - exp10
        if currentScale > 60 || scale - currentScale > 38 { return currentScale > scale ? 0 : nil }
        let v = currentScale >= scale ? divideHalfUp(unscaled, pow10(currentScale - scale)) : unscaled &* pow10(scale - currentScale)
        return negative ? -v : v
    }

    /// Parses a decimal string ("-12.345") to unscaled at `scale`, HALF_UP; nil when not a number.
    public static func parse(_ text: String, scale: Int) -> Int128? {
        var s = Substring(text.trimmingWhitespace())
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        var mantissa = s, exponent = 0
        if let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let x = Int(s[s.index(after: e)...]) else { return nil }
            exponent = x
            mantissa = s[..<e]
        }
        var unscaled: Int128 = 0, fracDigits = 0, seenDot = false, any = false
        for c in mantissa {
            if c == "." { if seenDot { return nil }; seenDot = true; continue }
            guard let d = c.wholeNumberValue, c.isASCII else { return nil }
            any = true
            if unscaled > Int128.max / 100 { return nil }
            unscaled = unscaled * 10 + Int128(d)
            if seenDot { fracDigits += 1 }
        }
        guard any else { return nil }
        let current = fracDigits - exponent
        let v = current >= scale ? divideHalfUp(unscaled, pow10(current - scale)) : unscaled &* pow10(scale - current)
        return negative ? -v : v
    }

    /// Plain text with exactly `scale` fractional digits: `"12.30"`, `"-0.50"`, `"12"`.
    public static func format(_ unscaled: Int128, scale: Int) -> String {
        let negative = unscaled < 0
        var digits = String(negative ? -unscaled : unscaled)
        if scale > 0 {
            if digits.count <= scale { digits = String(repeating: "0", count: scale - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -scale))
        }
        return negative ? "-" + digits : digits
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\n" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
