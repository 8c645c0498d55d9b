import Model

/// Helpers over CMF's free-form documents (`metadata`, `spec`, defaults).
enum CMFDocument {
    /// `base` with `overrides` merged in: objects merge member by member, anything else in `overrides` wins.
    static func merge(_ base: JSONObject, _ overrides: JSONObject) -> JSONObject {
        var out = base
        for (key, value) in overrides.members {
            if case .object(let o) = value, case .object(let b)? = out[key] {
                out[key] = .object(merge(b, o))
            } else {
                out[key] = value
            }
        }
        return out
    }

    /// The member at `path` (`["job", "parallelism"]`).
    static func value(_ object: JSONObject, _ path: String...) -> JSONValue? {
        var current: JSONValue = .object(object)
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current
    }

    static func string(_ object: JSONObject, _ path: String...) -> String? {
        var current: JSONValue = .object(object)
        for key in path {
            guard let next = current[key] else { return nil }
            current = next
        }
        return current.stringValue
    }

    static func object(_ object: JSONObject, _ key: String) -> JSONObject {
        object[key]?.objectValue ?? JSONObject()
    }

    /// `metadata` without the members the server owns.
    static func userMetadata(_ metadata: JSONObject) -> JSONObject {
        var out = JSONObject()
        for (key, value) in metadata.members
        where !["name", "uid", "creationTimestamp", "updateTimestamp", "resourceVersion"].contains(key) {
            out[key] = value
        }
        return out
    }

    /// A document's `metadata.name` (the CLI sends it there; environments also accept top-level `name`).
    static func name(_ document: JSONObject) -> String? {
        string(document, "metadata", "name")
    }

    /// Flink duration text (`10s`, `60 s`, `1 min`, `500 ms`, `2h`, plain milliseconds) in milliseconds.
    static func durationMillis(_ text: String) -> Int64? {
        let trimmed = text.filter { !$0.isWhitespace }.lowercased()
        let digits = trimmed.prefix { $0.isNumber }
        guard !digits.isEmpty, let n = Int64(digits) else { return nil }
        let unit = trimmed.dropFirst(digits.count)
        let factor: Int64? = switch unit {
        case "", "ms", "milli", "millis", "millisecond", "milliseconds": 1
        case "s", "sec", "secs", "second", "seconds": 1000
        case "m", "min", "mins", "minute", "minutes": 60_000
        case "h", "hour", "hours": 3_600_000
        case "d", "day", "days": 86_400_000
        default: nil
        }
        guard let factor else { return nil }
        let (product, overflow) = n.multipliedReportingOverflow(by: factor)
        return overflow ? nil : product
    }
}
