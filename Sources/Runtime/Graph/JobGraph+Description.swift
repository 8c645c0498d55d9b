/// A serializable view of a job graph for the graph endpoint and plans.
public struct JobGraphDescription: Sendable, Hashable {
    public struct Node: Sendable, Hashable {
        public var id: Int
        public var uid: String
        public var name: String
        public var kind: String
        public var parallelism: Int

        public init(id: Int, uid: String, name: String, kind: String, parallelism: Int) {
            self.id = id
            self.uid = uid
            self.name = name
            self.kind = kind
            self.parallelism = parallelism
        }
    }
    public struct Edge: Sendable, Hashable {
        public var source: Int
        public var target: Int
        public var input: Int
        public var shipStrategy: String

        public init(source: Int, target: Int, input: Int, shipStrategy: String) {
            self.source = source
            self.target = target
            self.input = input
            self.shipStrategy = shipStrategy
        }
    }
    public var nodes: [Node]
    public var edges: [Edge]

    public init(nodes: [Node], edges: [Edge]) {
        self.nodes = nodes
        self.edges = edges
    }
}

extension JobGraph {
    public var graphDescription: JobGraphDescription {
        JobGraphDescription(
            nodes: vertices.map { .init(id: $0.id, uid: $0.uid, name: $0.name, kind: $0.kind, parallelism: $0.parallelism) },
            edges: edges.map { .init(source: $0.from, target: $0.to, input: $0.input, shipStrategy: $0.strategy.displayName) })
    }
}
