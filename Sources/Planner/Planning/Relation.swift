import Runtime

/// A planned relation: the vertex producing its rows, the columns visible to the next clause, and
/// the changelog mode of its output.
struct Relation {
    var vertex: Int
    var scope: Scope
    var parallelism: Int
    /// Append-only (+I only) vs updating (+U/-U/-D).
    var appendOnly: Bool
    /// A window TVF not yet aggregated: `window_start`, `window_end`, `window_time` are virtual columns
    /// at `baseCount`, `baseCount + 1`, `baseCount + 2`.
    var pendingWindow: PendingWindow?
    /// The columns whose values identify a row of an updating relation (Confluent's `upsert_columns`: a
    /// GROUP BY's keys, as far as the projection keeps them), else nil.
    var upsertKey: [Int]?

    struct PendingWindow {
        var spec: Runtime.WindowSpec
        var timeIndex: Int
        var baseCount: Int
    }
}
