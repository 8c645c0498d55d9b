/// Numbers the input channels of every receiving subtask: one channel per (edge, sending subtask) that can
/// reach it.
struct ChannelPlan {
    struct Channel {
        let edge: Int
        let input: Int
        let sender: Int
    }
    /// [vertex][subtask] → channels of that subtask.
    var channels: [[[Channel]]]
    /// [edge][receiver][sender] → channel index at the receiver.
    var channelIndex: [[[Int?]]]
    /// [vertex] → number of inputs (max input index + 1).
    var inputCount: [Int]

    init(graph: JobGraph) {
        channels = graph.vertices.map { Array(repeating: [], count: $0.parallelism) }
        channelIndex = []
        inputCount = graph.vertices.map { v in (graph.inputs(of: v.id).map(\.input).max() ?? -1) + 1 }
        for (ei, e) in graph.edges.enumerated() {
            let pIn = graph.vertices[e.from].parallelism
            let pOut = graph.vertices[e.to].parallelism
            var table = Array(repeating: [Int?](repeating: nil, count: pIn), count: pOut)
            for r in 0..<pOut {
                let senders: [Int]
                switch e.strategy {
                case .forward: senders = r < pIn ? [r] : []
                case .global: senders = r == 0 ? Array(0..<pIn) : []
                default: senders = Array(0..<pIn)
                }
                for s in senders {
                    table[r][s] = channels[e.to][r].count
                    channels[e.to][r].append(Channel(edge: ei, input: e.input, sender: s))
                }
            }
            channelIndex.append(table)
        }
    }
}
