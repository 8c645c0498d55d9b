/// Calendar arithmetic on epoch days / microseconds (proleptic Gregorian, UTC) and text forms.
public enum TimeFormat {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 → (year, month, day). Howard Hinnant's civil_from_days.
    public static func civil(_ days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return isLeap(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Floor division for negative timestamps.
    @inlinable public static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    public struct Parts: Sendable {
        public var year, month, day, hour, minute, second: Int
        public var micros: Int
    }

    public static func parts(micros ts: Int64) -> Parts {
        let day = floorDiv(ts, microsPerDay)
        let rest = ts - day * microsPerDay
        let (y, mo, d) = civil(day)
        let secs = Int(rest / microsPerSecond)
        return Parts(year: y, month: mo, day: d, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60,
                     micros: Int(rest % microsPerSecond))
    }

    public static func micros(_ p: Parts) -> Int64 {
        days(year: p.year, month: p.month, day: p.day) * microsPerDay
            + Int64(p.hour * 3600 + p.minute * 60 + p.second) * microsPerSecond + Int64(p.micros)
    }

    static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `yyyy-MM-dd`.
    public static func formatDate(_ days: Int32) -> String {
        let (y, m, d) = civil(Int64(days))
        return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
    }

    /// `yyyy-MM-dd HH:mm:ss` plus `.` and exactly `precision` fractional digits when precision > 0.
    public static func formatTimestamp(_ ts: Int64, precision: Int) -> String {
        let p = parts(micros: ts)
        var s = pad(p.year, 4) + "-" + pad(p.month, 2) + "-" + pad(p.day, 2) + " "
            + pad(p.hour, 2) + ":" + pad(p.minute, 2) + ":" + pad(p.second, 2)
        if precision > 0 {
            let frac = pad(p.micros, 6)
            if precision <= 6 { s += "." + frac.prefix(precision) } else { s += "." + frac + String(repeating: "0", count: precision - 6) }
        }
        return s
    }

    /// Flink's CAST(ts AS STRING): fraction printed only as far as needed, at least `precision`? — Flink
    /// pads to the type's precision, so this is `formatTimestamp(ts, precision:)`.
    public static func castTimestampToString(_ ts: Int64, precision: Int) -> String {
        formatTimestamp(ts, precision: precision)
    }

    /// Parses `yyyy-MM-dd`, optionally followed by ` `/`T` and `HH:mm[:ss[.fffffffff]]`; nil when malformed.
    public static func parseTimestamp(_ text: String) -> Int64? {
        let u = Array(text.trimmingWhitespace().utf8)
        var i = 0
        func number(_ maxDigits: Int, min minDigits: Int = 1) -> Int? {
            var n = 0, c = 0
            while i < u.count, c < maxDigits, u[i] >= 48, u[i] <= 57 { n = n * 10 + Int(u[i] - 48); i += 1; c += 1 }
            return c >= minDigits ? n : nil
        }
        func expect(_ ch: UInt8) -> Bool { if i < u.count && u[i] == ch { i += 1; return true }; return false }
        guard let y = number(4, min: 4), expect(45), let mo = number(2), expect(45), let d = number(2) else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= daysInMonth(y, mo) else { return nil }
        var p = Parts(year: y, month: mo, day: d, hour: 0, minute: 0, second: 0, micros: 0)
        if i < u.count {
            guard u[i] == 32 || u[i] == 84 else { return nil }
            i += 1
            guard let h = number(2), expect(58), let mi = number(2) else { return nil }
            p.hour = h; p.minute = mi
            if expect(58) {
                guard let s = number(2) else { return nil }
                p.second = s
                if expect(46) {
                    var frac = 0, c = 0
                    while i < u.count, u[i] >= 48, u[i] <= 57 {
                        if c < 6 { frac = frac * 10 + Int(u[i] - 48) }
                        c += 1; i += 1
                    }
                    guard c > 0 else { return nil }
                    for _ in c..<max(c, 6) { frac *= 10 }
                    p.micros = frac
                }
            }
            guard i == u.count, h < 24, mi < 60, p.second < 60 else { return nil }
        }
        return micros(p)
    }

    public static func parseDate(_ text: String) -> Int32? {
        let t = text.trimmingWhitespace()
        guard t.utf8.count <= 10, let ts = parseTimestamp(t) else { return nil }
        return Int32(floorDiv(ts, microsPerDay))
    }

    /// Formats with a Java SimpleDateFormat pattern (the letters Flink users write: y M d H h m s S a E, quoted text).
    public static func format(_ ts: Int64, pattern: String) -> String {
        let p = parts(micros: ts)
        let chars = Array(pattern)
        var out = ""
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                var j = i + 1
                if j < chars.count && chars[j] == "'" { out.append("'"); i += 2; continue }
                while j < chars.count && chars[j] != "'" { out.append(chars[j]); j += 1 }
                i = j + 1
                continue
            }
            guard c.isLetter, c.isASCII else { out.append(c); i += 1; continue }
            var n = 1
            while i + n < chars.count && chars[i + n] == c { n += 1 }
            i += n
            switch c {
            case "y": out += n == 2 ? pad(p.year % 100, 2) : pad(p.year, n)
            case "M":
                if n >= 4 { out += monthNames[p.month - 1] } else if n == 3 { out += String(monthNames[p.month - 1].prefix(3)) } else { out += pad(p.month, n) }
            case "d": out += pad(p.day, n)
            case "H": out += pad(p.hour, n)
            case "h": out += pad(p.hour % 12 == 0 ? 12 : p.hour % 12, n)
            case "m": out += pad(p.minute, n)
            case "s": out += pad(p.second, n)
            case "S": out += pad(p.micros / 1000, 3).prefix(n) + String(repeating: "0", count: max(0, n - 3))
            case "a": out += p.hour < 12 ? "AM" : "PM"
            case "E":
                let dow = Int((floorDiv(ts, microsPerDay) % 7 + 7 + 3) % 7)  // 0 = Monday
                out += n >= 4 ? dayNames[dow] : String(dayNames[dow].prefix(3))
            case "D":
                out += pad(Int(days(year: p.year, month: p.month, day: p.day) - days(year: p.year, month: 1, day: 1)) + 1, n)
            default: out += String(repeating: c, count: n)
            }
        }
        return out
    }

    /// Parses text with a SimpleDateFormat pattern of numeric fields (y M d H m s S and literals).
    public static func parse(_ text: String, pattern: String) -> Int64? {
        let chars = Array(pattern), u = Array(text.utf8)
        var p = Parts(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0, micros: 0)
        var i = 0, j = 0
        while i < chars.count {
            let c = chars[i]
            if c == "'" {
                i += 1
                while i < chars.count && chars[i] != "'" { guard j < u.count, Character(UnicodeScalar(u[j])) == chars[i] else { return nil }; i += 1; j += 1 }
                i += 1
                continue
            }
            guard c.isLetter, c.isASCII else {
                guard j < u.count, Character(UnicodeScalar(u[j])) == c else { return nil }
                i += 1; j += 1
                continue
            }
            var n = 1
            while i + n < chars.count && chars[i + n] == c { n += 1 }
            i += n
            let nextIsLetter = i < chars.count && chars[i].isLetter
            let maxDigits = nextIsLetter ? n : (c == "y" ? 9 : (c == "S" ? 9 : max(n, 2)))
            var v = 0, k = 0
            while j < u.count, k < maxDigits, u[j] >= 48, u[j] <= 57 { v = v * 10 + Int(u[j] - 48); j += 1; k += 1 }
            guard k > 0 else { return nil }
            switch c {
            case "y": p.year = v
            case "M": p.month = v
            case "d": p.day = v
            case "H", "h": p.hour = v
            case "m": p.minute = v
            case "s": p.second = v
            case "S":
                var f = v
                for _ in k..<max(k, 3) { f *= 10 }
                p.micros = k <= 3 ? f * 1000 : v  // SimpleDateFormat reads S as milliseconds
            default: return nil
            }
        }
        guard j == u.count, (1...12).contains(p.month), p.day >= 1, p.day <= daysInMonth(p.year, p.month) else { return nil }
        return micros(p)
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]
    static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
}
