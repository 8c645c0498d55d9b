import Synchronization

/// Shared result of a collect sink: the raw changelog in arrival order (per subtask interleaving) and its
/// materialization.
public final class CollectResult: Sendable {
    private let rows = Mutex<[Row]>([])

    public init() {}

    func append(_ batch: [Row]) { rows.withLock { $0.append(contentsOf: batch) } }

    /// Every row received, with its kind.
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
        if pending.count >= 1024 { result.append(pending); pending.removeAll(keepingCapacity: true) }
    }

    public func processWatermark(_ watermark: Int64, output: Output) throws {
        if !pending.isEmpty { result.append(pending); pending.removeAll(keepingCapacity: true) }
    }

    public func finish(output: Output) throws {
        if !pending.isEmpty { result.append(pending); pending.removeAll() }
    }
}
