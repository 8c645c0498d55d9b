#if canImport(Glibc)
import Glibc
#endif

/// The `Date` response header (RFC 7231 §7.1.1.2): the IMF-fixdate of now, e.g.
/// `Sun, 06 Nov 1994 08:49:37 GMT`. Formatted by integer arithmetic (no DateFormatter, no locale) at
/// most once per second per thread: each thread keeps its last formatted header line.
public enum HTTPDate {
    /// Byte length of an IMF-fixdate.
    public static let length = 29

    /// The IMF-fixdate of `epochSeconds` (seconds since 1970-01-01T00:00:00Z; proleptic Gregorian).
    public static func format(epochSeconds: Int) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(length)
        append(epochSeconds: epochSeconds, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `Date: <now>\r\n`.
    static func appendHeader(_ out: inout [UInt8]) {
        let now = time(nil)
        let cache = ThreadCache.current
        if cache.second != now {
            cache.second = now
            cache.line.removeAll(keepingCapacity: true)
            cache.line.append(contentsOf: "Date: ".utf8)
            append(epochSeconds: now, to: &cache.line)
            cache.line.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: cache.line)
    }

    private static let dayNames: [[UInt8]] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].map { Array($0.utf8) }
    private static let monthNames: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .map { Array($0.utf8) }

    static func append(epochSeconds: Int, to out: inout [UInt8]) {
        let days = epochSeconds >= 0 ? epochSeconds / 86_400 : (epochSeconds - 86_399) / 86_400
        let secondOfDay = epochSeconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = ((days % 7) + 11) % 7          // 1970-01-01 was a Thursday (4)
        out.append(contentsOf: dayNames[weekday])
        out.append(contentsOf: ", ".utf8)
        two(day, &out)
        out.append(32)
        out.append(contentsOf: monthNames[month - 1])
        out.append(32)
        let y = max(0, min(9999, year))
        two(y / 100, &out)
        two(y % 100, &out)
        out.append(32)
        two(secondOfDay / 3600, &out)
        out.append(58)
        two(secondOfDay / 60 % 60, &out)
        out.append(58)
        two(secondOfDay % 60, &out)
        out.append(contentsOf: " GMT".utf8)
    }

    private static func two(_ v: Int, _ out: inout [UInt8]) {
        out.append(UInt8(48 + v / 10))
        out.append(UInt8(48 + v % 10))
    }

    /// Year, month (1–12) and day (1–31) of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays z: Int) -> (year: Int, month: Int, day: Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// One thread's last header line and the second it is for.
    private final class ThreadCache {
        var second = -1
        var line: [UInt8] = []

        init() { line.reserveCapacity(37) }

        private static let key: pthread_key_t = {
            var key = pthread_key_t()
            pthread_key_create(&key) { pointer in
                if let pointer { Unmanaged<ThreadCache>.fromOpaque(pointer).release() }
            }
            return key
        }()

        static var current: ThreadCache {
            if let pointer = pthread_getspecific(key) {
                return Unmanaged<ThreadCache>.fromOpaque(pointer).takeUnretainedValue()
            }
            let cache = ThreadCache()
            pthread_setspecific(key, Unmanaged.passRetained(cache).toOpaque())
            return cache
        }
    }
}
