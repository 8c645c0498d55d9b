/// A job graph as the API shows it (validate endpoint, a running job's graph): operators with their
/// stable uid, kind and parallelism; edges with their ship strategy (`FORWARD`, `HASH[…]`, …).
public struct JobGraphInfo: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var id: Int
        /// Stable across plans of the same script (state is matched by it across versions).
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

    public struct Edge: Sendable, Equatable {
        public var source: Int
        public var target: Int
        /// Input index of the target (0, or 1 for a join's right side).
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
