import HTTP
import Synchronization

/// Encoded answers of hot GET routes (job lists and jobs), so a repeated read costs a lookup instead of a
/// query and a JSON encoding. An entry is labelled with the control plane's `readGeneration` read *before*
/// the data, and served only while that generation is current: every committed write moves it on before
/// the writing request is answered, so a client never reads an answer older than its own writes.
///
/// Keyed by method, path, query and base URL (links in the body depend on it); answers do not depend on
/// who asks (auth is checked before the lookup). Bounded in entries and bytes.
final class EncodedResponseCache: Sendable {
    private struct Entry {
        var generation: UInt64
        var response: HTTPResponse
    }

    private struct State {
        var generation: UInt64 = 0
        var entries: [String: Entry] = [:]
        var bytes = 0
    }

    /// Enough for every job of a large catalog read round-robin (the overflow policy drops everything).
    static let maxEntries = 8192
    static let maxBytes = 16 << 20
    private let state = Mutex(State())

    static func key(_ request: HTTPRequest, base: String) -> String {
        request.method + " " + request.path + "?" + request.query + " " + base
    }

    /// The cached answer for `key`, if it is of `generation`.
    func lookup(_ key: String, generation: UInt64) -> HTTPResponse? {
        state.withLock { s in
            guard let e = s.entries[key], e.generation == generation else { return nil }
            return e.response
        }
    }

    /// Whether a current answer is cached (the server then runs the request on its event loop).
    func contains(_ key: String, generation: UInt64) -> Bool {
        state.withLock { s in s.entries[key]?.generation == generation }
    }

    /// Remembers `response` (its body bytes only) as the answer at `generation`.
    func store(_ key: String, _ response: HTTPResponse, generation: UInt64) {
        guard case .bytes(let body) = response.body, body.count <= Self.maxBytes / 16 else { return }
        state.withLock { s in
            if generation > s.generation {
                // Everything older is stale now.
                s.entries.removeAll(keepingCapacity: true)
                s.bytes = 0
                s.generation = generation
            }
            guard generation == s.generation else { return }
            if s.entries.count >= Self.maxEntries || s.bytes + body.count > Self.maxBytes {
                s.entries.removeAll(keepingCapacity: true)
                s.bytes = 0
            }
            if let old = s.entries.updateValue(Entry(generation: generation, response: response), forKey: key),
               case .bytes(let oldBody) = old.response.body {
                s.bytes -= oldBody.count
            }
            s.bytes += body.count
        }
    }
}
