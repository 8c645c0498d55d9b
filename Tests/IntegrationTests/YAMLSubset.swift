/// A reader for the block-style YAML subset `openapi/openapi.yaml` is written in: mappings, sequences
/// (`- item`, including `- key: value` mappings), plain/quoted scalars, flow `[a, b]` and `{}`, and folded
/// `>-` blocks. Rejects tabs, duplicate keys and inconsistent indentation, so the test proves the file is
/// well-formed within that subset.
indirect enum YAML: Equatable {
    case scalar(String)
    case map([(String, YAML)])
    case seq([YAML])

    static func == (a: YAML, b: YAML) -> Bool {
        switch (a, b) {
        case (.scalar(let x), .scalar(let y)): x == y
        case (.seq(let x), .seq(let y)): x == y
        case (.map(let x), .map(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    subscript(key: String) -> YAML? {
        if case .map(let m) = self { return m.first(where: { $0.0 == key })?.1 }
        return nil
    }

    var keys: [String] { if case .map(let m) = self { m.map(\.0) } else { [] } }
    var string: String? { if case .scalar(let s) = self { s } else { nil } }

    struct ParseError: Error, CustomStringConvertible {
        let line: Int
        let message: String
        var description: String { "line \(line): \(message)" }
    }

    static func parse(_ text: String) throws -> YAML {
        var lines: [(number: Int, indent: Int, text: String)] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if raw.contains("\t") { throw ParseError(line: i + 1, message: "tab character") }
            let trimmed = raw.drop(while: { $0 == " " })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            var content = String(trimmed)
            while content.hasSuffix(" ") { content.removeLast() }
            lines.append((i + 1, raw.count - trimmed.count, content))
        }
        var reader = Reader(lines: lines)
        guard !lines.isEmpty else { return .map([]) }
        let doc = try reader.block(indent: lines[0].indent)
        if reader.pos < lines.count {
            throw ParseError(line: lines[reader.pos].number, message: "unexpected indentation")
        }
        return doc
    }

    struct Reader {
        let lines: [(number: Int, indent: Int, text: String)]
        var pos = 0

        mutating func block(indent: Int) throws -> YAML {
            guard pos < lines.count else { return .scalar("") }
            return lines[pos].text.hasPrefix("- ") || lines[pos].text == "-" ? try sequence(indent: indent) : try mapping(indent: indent)
        }

        mutating func mapping(indent: Int, first: (key: String, rest: String)? = nil) throws -> YAML {
            var members: [(String, YAML)] = []
            var pending = first
            while true {
                let key: String
                let rest: String
                let lineNo: Int
                if let p = pending {
                    (key, rest) = p
                    lineNo = lines[pos - 1].number
                    pending = nil
                } else {
                    guard pos < lines.count, lines[pos].indent == indent, !lines[pos].text.hasPrefix("- ") else { break }
                    lineNo = lines[pos].number
                    (key, rest) = try splitKey(lines[pos].text, line: lineNo)
                    pos += 1
                }
                if members.contains(where: { $0.0 == key }) { throw ParseError(line: lineNo, message: "duplicate key '\(key)'") }
                members.append((key, try value(rest, parentIndent: indent, line: lineNo)))
            }
            if pos < lines.count, lines[pos].indent > indent {
                throw ParseError(line: lines[pos].number, message: "unexpected indentation")
            }
            return .map(members)
        }

        mutating func sequence(indent: Int) throws -> YAML {
            var items: [YAML] = []
            while pos < lines.count, lines[pos].indent == indent, lines[pos].text.hasPrefix("- ") {
                let lineNo = lines[pos].number
                let body = String(lines[pos].text.dropFirst(2))
                pos += 1
                if let (k, r) = try? splitKey(body, line: lineNo), !body.hasPrefix("'"), !body.hasPrefix("\""), !body.hasPrefix("[") {
                    items.append(try mapping(indent: indent + 2, first: (k, r)))
                } else {
                    items.append(try scalar(body, line: lineNo))
                }
            }
            return .seq(items)
        }

        mutating func value(_ rest: String, parentIndent: Int, line: Int) throws -> YAML {
            if rest.isEmpty {
                guard pos < lines.count, lines[pos].indent > parentIndent || lines[pos].text.hasPrefix("- ") && lines[pos].indent == parentIndent else {
                    return .scalar("")
                }
                return try block(indent: lines[pos].indent)
            }
            if rest == ">-" || rest == ">" || rest == "|" || rest == "|-" {
                var parts: [String] = []
                while pos < lines.count, lines[pos].indent > parentIndent {
                    parts.append(lines[pos].text)
                    pos += 1
                }
                return .scalar(parts.joined(separator: rest.hasPrefix(">") ? " " : "\n"))
            }
            return try scalar(rest, line: line)
        }

        func splitKey(_ text: String, line: Int) throws -> (String, String) {
            var key: String
            var rest: Substring
            if text.hasPrefix("'") || text.hasPrefix("\"") {
                let q = text.first!
                guard let close = text.dropFirst().firstIndex(of: q) else { throw ParseError(line: line, message: "unterminated quoted key") }
                key = String(text[text.index(after: text.startIndex)..<close])
                rest = text[text.index(after: close)...]
                guard rest.hasPrefix(":") else { throw ParseError(line: line, message: "expected ':' after key") }
                rest = rest.dropFirst()
            } else {
                guard let r = text.range(of: ": ") ?? (text.hasSuffix(":") ? text.index(before: text.endIndex)..<text.endIndex : nil) else {
                    throw ParseError(line: line, message: "expected 'key: value'")
                }
                key = String(text[..<r.lowerBound])
                rest = text[r.upperBound...]
                if key.isEmpty || key.contains(" ") && !key.hasPrefix("$") { throw ParseError(line: line, message: "bad key '\(key)'") }
            }
            return (key, String(rest.drop(while: { $0 == " " })))
        }

        func scalar(_ text: String, line: Int) throws -> YAML {
            if text.hasPrefix("'") {
                guard text.count >= 2, text.hasSuffix("'") else { throw ParseError(line: line, message: "unterminated quote") }
                return .scalar(String(text.dropFirst().dropLast()).replacing("''", with: "'"))
            }
            if text.hasPrefix("\"") {
                guard text.count >= 2, text.hasSuffix("\"") else { throw ParseError(line: line, message: "unterminated quote") }
                return .scalar(String(text.dropFirst().dropLast()))
            }
            if text.hasPrefix("[") {
                guard text.hasSuffix("]") else { throw ParseError(line: line, message: "unterminated flow sequence") }
                let inner = text.dropFirst().dropLast()
                if inner.trimmingCharacters(in: " ").isEmpty { return .seq([]) }
                return .seq(try inner.split(separator: ",").map { try scalar($0.trimmingCharacters(in: " "), line: line) })
            }
            if text.hasPrefix("{") {
                guard text == "{}" else { throw ParseError(line: line, message: "only empty flow mappings are supported") }
                return .map([])
            }
            if text.hasPrefix("&") || text.hasPrefix("*") || text.hasPrefix("!") {
                throw ParseError(line: line, message: "anchors, aliases and tags are outside the subset")
            }
            return .scalar(text)
        }
    }
}

extension Substring {
    func trimmingCharacters(in set: Character) -> String {
        String(self.drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}
extension String {
    func trimmingCharacters(in set: Character) -> String { Substring(self).trimmingCharacters(in: set) }
}
