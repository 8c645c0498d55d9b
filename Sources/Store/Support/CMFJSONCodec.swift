import Model
import SQLite

/// CMF documents as JSON text columns.
enum CMFJSONCodec {
    static func encode(_ object: JSONObject) -> String {
        String(decoding: JSONValue.object(object).encoded(), as: UTF8.self)
    }

    static func encode(_ value: JSONValue?) -> SQLValue {
        guard let value, value != .null else { return .null }
        return .text(String(decoding: value.encoded(), as: UTF8.self))
    }

    /// A stored object (written by `encode`); `{}` if the text is not an object.
    static func object(_ text: String) -> JSONObject {
        (try? JSONParser.parse(text))?.objectValue ?? JSONObject()
    }

    static func value(_ text: String?) -> JSONValue? {
        guard let text else { return nil }
        return try? JSONParser.parse(text)
    }
}
