import Foundation
import Synchronization

/// Shared result of a collect sink: the raw changelog in arrival order (per subtask interleaving) and its
/// materialization. Unlimited by default; with a `limit`, a reader `drain`s it and the sink either waits
/// while `limit` rows are pending (backpressure, `.block`) or fails the job (`.fail`).
public final class CollectResult: Sendable {
    public enum WhenFull: Sendable { case block, fail }

    private let rows = Mutex<[Row]>([])
    private let limit: Int?
    private let whenFull: WhenFull
    private let closed = Atomic<Bool>(false)

    public init(limit: Int? = nil, whenFull: WhenFull = .block) {
        self.limit = limit
        self.whenFull = whenFull
    }

    func append(_ batch: [Row]) throws {
        guard let limit else { rows.withLock { $0.append(contentsOf: batch) }; return }
        var rest = batch[...]
        while !rest.isEmpty {
            let taken = rows.withLock { r -> Int in
                let n = min(rest.count, limit - r.count)
                if n > 0 { r.append(contentsOf: rest.prefix(n)) }
                return max(n, 0)
            }
            rest = rest.dropFirst(taken)
            if rest.isEmpty { return }
            if whenFull == .fail {
                throw RuntimeError(code: "result_too_large", detail: "The result has more than \(limit) rows.")
            }
            if closed.load(ordering: .acquiring) { return }
            if taken == 0 { usleep(2_000) }
        }
    }

    /// How many rows the sink buffers before handing them over: 1 when a reader drains the result live.
    var flushEvery: Int { limit == nil ? 1024 : 1 }

    /// Removes and returns up to `max` rows received so far (oldest first).
    public func drain(max: Int = .max) -> [Row] {
        rows.withLock { r in
            let n = min(max, r.count)
            let out = Array(r.prefix(n))
            r.removeFirst(n)
            return out
        }
    }

    /// Stops waiting for a reader: a blocked sink drops what it cannot hand over (the job is being stopped).
    public func close() { closed.store(true, ordering: .releasing) }

    /// Every row received (and not drained), with its kind.
    public var changelog: [Row] { rows.withLock { $0 } }

    /// Applies the changelog: +I/+U add a row, -U/-D remove one equal row. Result rows carry kind +I.
    public var materialized: [Row] { Self.materialize(changelog) }

    public static func materialize(_ changelog: [Row]) -> [Row] {
        var counts: [[Value]: Int] = [:]
        var order: [[Value]] = []
        for r in changelog {
            if r.kind.isAccumulate {
                if counts[r.values] == nil { order.append(r.values) }
                counts[r.values, default: 0] += 1
            } else if let c = counts[r.values], c > 0 {
                counts[r.values] = c - 1
            }
        }
        var out: [Row] = []
        for v in order {
            for _ in 0..<(counts[v] ?? 0) { out.append(Row(v)) }
            counts[v] = 0
        }
        return out
    }
}

/// A sink that hands every row to a `CollectResult` (run it at parallelism 1 for a global order, or at any
/// parallelism for a multiset).
public final class CollectSink: StreamOperator {
    let result: CollectResult
    var pending: [Row] = []

    public init(_ result: CollectResult) { self.result = result }

    public func processElement(_ row: Row, input: Int, output: Output) throws {
        pending.append(row)
        if pending.count >= result.flushEvery { try result.append(pending); pending.removeAll(keepingCapacity: true) }
    }

    public func processWatermark(_ watermark: Int64, output: Output) throws {
        if !pending.isEmpty { try result.append(pending); pending.removeAll(keepingCapacity: true) }
    }

    public func finish(output: Output) throws {
        if !pending.isEmpty { try result.append(pending); pending.removeAll() }
    }
}
