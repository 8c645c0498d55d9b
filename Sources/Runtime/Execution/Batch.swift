/// A batch of rows travelling over one channel, with watermarks interleaved at row positions:
/// mark `(position: n, watermark: w)` takes effect after the first `n` rows of the batch.
public struct Batch: Sendable {
    public var rows: [Row] = []
    public var marks: [Mark] = []
    /// When the oldest row of this batch was ingested by its source (`LatencyHistogram.nowMicros()`), or 0:
    /// carried through operators so sinks measure end-to-end latency.
    public var ingestMicros: Int64 = 0

    public struct Mark: Sendable {
        public var position: Int32
        public var watermark: Int64
    }

    /// A mark with this watermark means "this channel is idle" (not a time).
    public static let idleMarker = Int64.min

    public init() {}
    public var isEmpty: Bool { rows.isEmpty && marks.isEmpty }
}

/// What a channel carries to a receiving subtask.
enum ChannelMessage: Sendable {
    case batch(channel: Int, Batch)
    case end(channel: Int)
    /// Checkpoint barrier `id` on a channel (after every row sent before it).
    case barrier(channel: Int, id: Int64)
    /// No data: wakes the receiver so it looks at checkpoint notifications.
    case wake
}
