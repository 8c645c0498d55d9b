/// Typed, pointer-aware access to the members of a JSON object, for decoding request bodies.
///
/// Absent and `null` members read as `nil`; a member of the wrong type throws a `JSONFieldError`
/// whose pointer names it (e.g. `/spec/max_cfu`). Unknown members are ignored.
public struct JSONFields: Sendable {
    public let object: JSONObject
    /// Pointer of this object within the document ("" for the root).
    public let pointer: String

    public init(_ object: JSONObject, pointer: String = "") {
        self.object = object
        self.pointer = pointer
    }

    /// Parses a request body that must be a JSON object. An empty body reads as `{}` when `allowEmpty`.
    public static func decode(body: [UInt8], allowEmpty: Bool = false) throws(JSONFieldError) -> JSONFields {
        if allowEmpty, body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return JSONFields(JSONObject())
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(body)
        } catch {
            throw JSONFieldError(.malformed, pointer: "", detail: "Malformed JSON request body: \(error.description)")
        }
        guard case .object(let object) = value else {
            throw JSONFieldError(.wrongType, pointer: "", detail: "The request body must be a JSON object, not \(value.typeName)")
        }
        return JSONFields(object)
    }

    public func path(_ key: String) -> String {
        var out = pointer + "/"
        for c in key {
            switch c {
            case "~": out += "~0"
            case "/": out += "~1"
            default: out.append(c)
            }
        }
        return out
    }

    public func has(_ key: String) -> Bool {
        if let v = object[key], v != .null { return true }
        return false
    }

    public func value(_ key: String) -> JSONValue? {
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    // MARK: optional members

    public func string(_ key: String) throws(JSONFieldError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw wrongType(key, "a string", v) }
        return s
    }

    public func int(_ key: String) throws(JSONFieldError) -> Int? {
        guard let v = value(key) else { return nil }
        guard let i = v.intValue, let small = Int(exactly: i) else { throw wrongType(key, "an integer", v) }
        return small
    }

    public func double(_ key: String) throws(JSONFieldError) -> Double? {
        guard let v = value(key) else { return nil }
        guard let d = v.doubleValue else { throw wrongType(key, "a number", v) }
        return d
    }

    public func bool(_ key: String) throws(JSONFieldError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw wrongType(key, "a boolean", v) }
        return b
    }

    public func object(_ key: String) throws(JSONFieldError) -> JSONFields? {
        guard let v = value(key) else { return nil }
        guard case .object(let o) = v else { throw wrongType(key, "an object", v) }
        return JSONFields(o, pointer: path(key))
    }

    public func array(_ key: String) throws(JSONFieldError) -> [JSONValue]? {
        guard let v = value(key) else { return nil }
        guard case .array(let a) = v else { throw wrongType(key, "an array", v) }
        return a
    }

    /// An object whose values must all be strings (labels, properties).
    public func stringMap(_ key: String) throws(JSONFieldError) -> [(key: String, value: String)]? {
        guard let fields = try object(key) else { return nil }
        var out: [(key: String, value: String)] = []
        for (k, v) in fields.object.members {
            guard case .string(let s) = v else { throw fields.wrongType(k, "a string", v) }
            out.append((key: k, value: s))
        }
        return out
    }

    // MARK: required members

    public func requiredString(_ key: String) throws(JSONFieldError) -> String {
        guard let s = try string(key) else { throw missing(key) }
        return s
    }

    public func requiredInt(_ key: String) throws(JSONFieldError) -> Int {
        guard let i = try int(key) else { throw missing(key) }
        return i
    }

    public func requiredObject(_ key: String) throws(JSONFieldError) -> JSONFields {
        guard let o = try object(key) else { throw missing(key) }
        return o
    }

    // MARK: errors

    public func missing(_ key: String) -> JSONFieldError {
        JSONFieldError(.missing, pointer: path(key), detail: "Missing required field '\(path(key))'")
    }

    public func invalid(_ key: String, _ detail: String) -> JSONFieldError {
        JSONFieldError(.invalidValue, pointer: path(key), detail: detail)
    }

    private func wrongType(_ key: String, _ expected: String, _ got: JSONValue) -> JSONFieldError {
        JSONFieldError(.wrongType, pointer: path(key),
                       detail: "Field '\(path(key))' must be \(expected), got \(got.typeName)")
    }
}
