/// Durations on the command line: `90` (seconds), `500ms`, `30s`, `5m`, `2h`, `1d`.
enum DurationText {
    static func seconds(_ text: String) -> Double? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where text.hasSuffix(suffix) {
            guard let n = Double(text.dropLast(suffix.count)), n >= 0 else { return nil }
            return n * factor
        }
        guard let n = Double(text), n >= 0 else { return nil }
        return n
    }

    static func parse(_ text: String, flag: String) throws(UsageError) -> Double {
        guard let s = seconds(text) else {
            throw UsageError("invalid argument \"\(text)\" for \"--\(flag)\" flag: expected a duration like 30s, 5m or 1h")
        }
        return s
    }
}
