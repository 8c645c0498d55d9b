/// A serializable view of a job graph for the graph endpoint and plans.
public struct JobGraphDescription: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public var id: Int
        public var uid: String
        public var name: String
        public var kind: String
        public var parallelism: Int
    }
    public struct Edge: Sendable, Hashable {
        public var source: Int
        public var target: Int
        public var input: Int
        public var shipStrategy: String
    }
    public var nodes: [Node]
    public var edges: [Edge]
}

extension JobGraph {
    public var graphDescription: JobGraphDescription {
        JobGraphDescription(
            nodes: vertices.map { .init(id: $0.id, uid: $0.uid, name: $0.name, kind: $0.kind, parallelism: $0.parallelism) },
            edges: edges.map { .init(source: $0.from, target: $0.to, input: $0.input, shipStrategy: $0.strategy.displayName) })
    }
}
