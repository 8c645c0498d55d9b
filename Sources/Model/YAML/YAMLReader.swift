/// A reader for the YAML subset Kubernetes-style resource files use (CMF accepts `application/yaml`
/// bodies: `curl -H "Content-Type: application/yaml" --data-binary @app.yaml`): block mappings and
/// sequences (also a sequence at its key's indentation), plain, single- and double-quoted scalars, literal
/// (`|`, `|-`, `|+`) and folded (`>`) block scalars, flow collections (`[a, b]`, `{k: v}`), comments and a
/// leading `---`. Not supported (an error names the line): anchors/aliases, tags, multi-document streams,
/// multi-line plain scalars, complex keys. Plain scalars resolve like YAML 1.2's core schema (null, true/false,
/// integers, floats, else strings).
public struct YAMLReader {
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "YAML line \(line): \(message)" }
    }

    struct Line {
        var number: Int
        var indent: Int
        var text: String   // without indentation and trailing comment/spaces
        var raw: String
    }

    private var lines: [Line] = []
    private var raw: [String] = []
    private var i = 0

    public static func parse(_ text: String) throws(Error) -> JSONValue {
        var r = YAMLReader()
        r.raw = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        for (n, line) in r.raw.enumerated() {
            let indent = line.prefix { $0 == " " }.count
            if line.dropFirst(indent).hasPrefix("\t") { throw Error(line: n + 1, message: "tabs are not allowed for indentation") }
            let text = stripComment(String(line.dropFirst(indent)))
            if text.isEmpty { continue }
            if text == "---" && r.lines.isEmpty { continue }
            if text == "---" || text == "..." { throw Error(line: n + 1, message: "only one YAML document is supported") }
            r.lines.append(Line(number: n + 1, indent: indent, text: text, raw: line))
        }
        guard !r.lines.isEmpty else { return .null }
        let value = try r.node(minIndent: 0)
        if r.i < r.lines.count { throw Error(line: r.lines[r.i].number, message: "unexpected content (check the indentation)") }
        return value
    }

    // MARK: block structure

    private mutating func node(minIndent: Int) throws(Error) -> JSONValue {
        let line = lines[i]
        guard line.indent >= minIndent else { return .null }
        if Self.isSequenceItem(line.text) { return try sequence(indent: line.indent) }
        if Self.keySplit(line.text) != nil { return try mapping(indent: line.indent) }
        i += 1
        return try Self.inlineValue(line.text, line: line.number)
    }

    private mutating func mapping(indent: Int) throws(Error) -> JSONValue {
        var object = JSONObject()
        while i < lines.count, lines[i].indent == indent {
            let line = lines[i]
            guard let (keyText, rest) = Self.keySplit(line.text) else {
                throw Error(line: line.number, message: "expected 'key: value'")
            }
            let key = try Self.key(keyText, line: line.number)
            if object[key] != nil { throw Error(line: line.number, message: "duplicate key '\(key)'") }
            i += 1
            object[key] = try value(after: rest, parentIndent: indent, line: line)
        }
        if i < lines.count, lines[i].indent > indent {
            throw Error(line: lines[i].number, message: "bad indentation")
        }
        return .object(object)
    }

    private mutating func sequence(indent: Int) throws(Error) -> JSONValue {
        var items: [JSONValue] = []
        while i < lines.count, lines[i].indent == indent, Self.isSequenceItem(lines[i].text) {
            let line = lines[i]
            let afterDash = line.text.dropFirst()
            let spaces = afterDash.prefix { $0 == " " }.count
            let content = String(afterDash.dropFirst(spaces))
            if content.isEmpty {
                i += 1
                items.append(i < lines.count && lines[i].indent > indent ? try node(minIndent: indent + 1) : .null)
            } else if Self.isSequenceItem(content) || Self.keySplit(content) != nil {
                // `- key: v` / `- - x`: the item is a block node whose indentation is the content's column.
                lines[i] = Line(number: line.number, indent: indent + 1 + spaces, text: content, raw: line.raw)
                items.append(try node(minIndent: indent + 1))
            } else {
                i += 1
                items.append(try Self.inlineValue(content, line: line.number))
            }
        }
        return .array(items)
    }

    /// The value of `key: rest`: inline, a block scalar, or the nested block below.
    private mutating func value(after rest: String, parentIndent: Int, line: Line) throws(Error) -> JSONValue {
        if let first = rest.first, first == "|" || first == ">" {
            return .string(try blockScalar(header: rest, parentIndent: parentIndent, line: line))
        }
        if !rest.isEmpty { return try Self.inlineValue(rest, line: line.number) }
        guard i < lines.count else { return .null }
        let next = lines[i]
        if next.indent > parentIndent { return try node(minIndent: parentIndent + 1) }
        if next.indent == parentIndent && Self.isSequenceItem(next.text) { return try sequence(indent: parentIndent) }
        return .null
    }

    /// `|`, `|-`, `|+`, `>` (and an explicit indentation digit): the raw lines below, more indented than
    /// the key.
    private mutating func blockScalar(header: String, parentIndent: Int, line: Line) throws(Error) -> String {
        let folded = header.hasPrefix(">")
        let chomp: Character? = header.contains("-") ? "-" : header.contains("+") ? "+" : nil
        // Raw lines after the header line up to the next line (of the parsed ones) at or left of the key.
        let start = line.number        // raw index of the line after the header
        var end = raw.count
        while i < lines.count, lines[i].indent > parentIndent { i += 1 }
        if i < lines.count { end = lines[i].number - 1 }
        var body = Array(raw[start..<end])
        while let last = body.last, last.allSatisfy({ $0 == " " }) { body.removeLast() }
        let trailingBlank = raw[start..<end].count - body.count
        let indents = body.filter { !$0.allSatisfy { $0 == " " } }.map { $0.prefix { $0 == " " }.count }
        let blockIndent = header.first(where: \.isNumber).map { parentIndent + Int(String($0))! } ?? (indents.min() ?? 0)
        if blockIndent <= parentIndent && !body.isEmpty {
            throw Error(line: line.number + 1, message: "the block scalar's lines must be indented more than its key")
        }
        let texts = body.map { $0.count >= blockIndent ? String($0.dropFirst(blockIndent)) : "" }
        var out: String
        if folded {
            out = ""
            for (k, t) in texts.enumerated() {
                if k > 0 { out += t.isEmpty || texts[k - 1].isEmpty || t.hasPrefix(" ") ? "\n" : " " }
                out += t
            }
        } else {
            out = texts.joined(separator: "\n")
        }
        switch chomp {
        case "-": break
        case "+": out += String(repeating: "\n", count: 1 + trailingBlank)
        default: if !texts.isEmpty { out += "\n" }
        }
        return out
    }

    // MARK: scalars and flow collections

    static func isSequenceItem(_ text: String) -> Bool { text == "-" || text.hasPrefix("- ") }

    /// `key: rest` split at the first `:` followed by a space or the end, outside quotes and brackets.
    static func keySplit(_ text: String) -> (String, String)? {
        var quote: Character?
        var depth = 0
        var idx = text.startIndex
        if let f = text.first, f == "[" || f == "{" { return nil }   // a flow collection, not a key
        while idx < text.endIndex {
            let c = text[idx]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                if idx == text.startIndex { quote = c }
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth -= 1
            } else if c == ":" && depth == 0 {
                let next = text.index(after: idx)
                if next == text.endIndex || text[next] == " " {
                    let key = String(text[..<idx]).trimmingSpaces()
                    let rest = next == text.endIndex ? "" : String(text[next...]).trimmingSpaces()
                    return key.isEmpty ? nil : (key, rest)
                }
            }
            idx = text.index(after: idx)
        }
        return nil
    }

    static func key(_ text: String, line: Int) throws(Error) -> String {
        switch try inlineValue(text, line: line) {
        case .string(let s): return s
        case .int, .double, .bool, .null: return text
        default: throw Error(line: line, message: "complex keys are not supported")
        }
    }

    /// `# comment` removed (only when `#` starts the line or follows a space, outside quotes).
    static func stripComment(_ text: String) -> String {
        var quote: Character?
        var prev: Character = " "
        var out = ""
        for c in text {
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                if prev == " " || prev == "[" || prev == "{" || prev == "," || prev == ":" { quote = c }
            } else if c == "#" && prev == " " {
                break
            }
            out.append(c)
            prev = c
        }
        return out.trimmingSpaces()
    }

    static func inlineValue(_ text: String, line: Int) throws(Error) -> JSONValue {
        if text.hasPrefix("&") || text.hasPrefix("*") || text.hasPrefix("!") {
            throw Error(line: line, message: "anchors, aliases and tags are not supported")
        }
        if text.hasPrefix("[") || text.hasPrefix("{") {
            var flow = FlowParser(text: Array(text), line: line)
            let v = try flow.value()
            flow.skipSpaces()
            guard flow.atEnd else { throw Error(line: line, message: "unexpected text after a flow collection") }
            return v
        }
        return try scalar(text, line: line)
    }

    static func scalar(_ text: String, line: Int) throws(Error) -> JSONValue {
        if text.hasPrefix("\"") {
            guard text.count >= 2, text.hasSuffix("\""), let v = try? JSONParser.parse(Array(text.utf8)), case .string = v else {
                throw Error(line: line, message: "bad double-quoted string")
            }
            return v
        }
        if text.hasPrefix("'") {
            guard text.count >= 2, text.hasSuffix("'") else { throw Error(line: line, message: "unterminated single-quoted string") }
            return .string(String(text.dropFirst().dropLast()).replacingAll("''", with: "'"))
        }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        default: break
        }
        if let i = Int64(text) { return .int(i) }
        if text.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) == true, let d = Double(text), d.isFinite {
            return .double(d)
        }
        return .string(text)
    }

    /// `[a, "b", {k: v}]`, `{k: v, n: [1, 2]}`.
    struct FlowParser {
        let text: [Character]
        let line: Int
        var p = 0

        var atEnd: Bool { p >= text.count }

        mutating func skipSpaces() { while p < text.count, text[p] == " " { p += 1 } }

        mutating func value() throws(Error) -> JSONValue {
            skipSpaces()
            guard p < text.count else { throw Error(line: line, message: "unterminated flow collection") }
            switch text[p] {
            case "[":
                p += 1
                var items: [JSONValue] = []
                skipSpaces()
                if p < text.count, text[p] == "]" { p += 1; return .array([]) }
                while true {
                    items.append(try value())
                    skipSpaces()
                    guard p < text.count else { throw Error(line: line, message: "unterminated flow sequence") }
                    if text[p] == "," { p += 1; continue }
                    if text[p] == "]" { p += 1; return .array(items) }
                    throw Error(line: line, message: "expected ',' or ']' in a flow sequence")
                }
            case "{":
                p += 1
                var object = JSONObject()
                skipSpaces()
                if p < text.count, text[p] == "}" { p += 1; return .object(object) }
                while true {
                    let keyValue = try value(stopAt: [":", ",", "}"])
                    let key: String
                    switch keyValue {
                    case .string(let s): key = s
                    case .int(let n): key = String(n)
                    case .bool(let b): key = String(b)
                    default: throw Error(line: line, message: "bad key in a flow mapping")
                    }
                    skipSpaces()
                    guard p < text.count, text[p] == ":" else { throw Error(line: line, message: "expected ':' in a flow mapping") }
                    p += 1
                    object[key] = try value()
                    skipSpaces()
                    guard p < text.count else { throw Error(line: line, message: "unterminated flow mapping") }
                    if text[p] == "," { p += 1; skipSpaces(); continue }
                    if text[p] == "}" { p += 1; return .object(object) }
                    throw Error(line: line, message: "expected ',' or '}' in a flow mapping")
                }
            default:
                return try value(stopAt: [",", "]", "}"])
            }
        }

        /// A scalar inside a flow collection, up to one of `stops` (outside quotes).
        mutating func value(stopAt stops: Set<Character>) throws(Error) -> JSONValue {
            skipSpaces()
            guard p < text.count else { throw Error(line: line, message: "unterminated flow collection") }
            if text[p] == "[" || text[p] == "{" { return try value() }
            let start = p
            if text[p] == "\"" || text[p] == "'" {
                let q = text[p]
                p += 1
                while p < text.count {
                    if text[p] == "\\" && q == "\"" { p += 2; continue }
                    if text[p] == q {
                        if q == "'" && p + 1 < text.count && text[p + 1] == "'" { p += 2; continue }
                        break
                    }
                    p += 1
                }
                guard p < text.count else { throw Error(line: line, message: "unterminated quoted string") }
                p += 1
                return try YAMLReader.scalar(String(text[start..<p]), line: line)
            }
            while p < text.count, !stops.contains(text[p]) {
                if text[p] == ":" && (p + 1 >= text.count || text[p + 1] == " ") && stops.contains(":") { break }
                if text[p] == ":" && !stops.contains(":") && (p + 1 >= text.count || text[p + 1] == " ") { break }
                p += 1
            }
            return try YAMLReader.scalar(String(text[start..<p]).trimmingSpaces(), line: line)
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }

    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
