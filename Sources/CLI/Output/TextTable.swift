/// The human tables: a list (header row, dashes, one row per item) and a describe box
/// (`| Field | value |` rows), laid out like the real CLI's.
enum TextTable {
    static func list(headers: [String], rows: [[String]]) -> String {
        let widths = columnWidths(headers: headers, rows: rows)
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { i, c in " " + c.padding(widths[i]) + " " }
            return trimTrailing(padded.joined(separator: "|"))
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "\n"
        for r in rows { out += line(r) + "\n" }
        return out
    }

    static func describe(_ pairs: [(String, String)]) -> String {
        let kw = pairs.map(\.0.count).max() ?? 0
        let vw = pairs.map { $0.1.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0 }.max() ?? 0
        let border = "+" + String(repeating: "-", count: kw + 2) + "+" + String(repeating: "-", count: vw + 2) + "+\n"
        var out = border
        for (k, v) in pairs {
            let lines = v.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (i, l) in (lines.isEmpty ? [""] : lines).enumerated() {
                out += "| " + (i == 0 ? k : "").padding(kw) + " | " + l.padding(vw) + " |\n"
            }
        }
        return out + border
    }

    private static func columnWidths(headers: [String], rows: [[String]]) -> [Int] {
        var widths = headers.map(\.count)
        for r in rows {
            for (i, c) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) }
        }
        return widths
    }

    private static func trimTrailing(_ s: String) -> String {
        var s = Substring(s)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
