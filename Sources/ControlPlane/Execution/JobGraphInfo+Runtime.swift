import Runtime

extension JobGraphInfo {
    init(_ d: JobGraphDescription) {
        self.init(nodes: d.nodes.map { Node(id: $0.id, uid: $0.uid, name: $0.name, kind: $0.kind, parallelism: $0.parallelism) },
                  edges: d.edges.map { Edge(source: $0.source, target: $0.target, input: $0.input, shipStrategy: $0.shipStrategy) })
    }
}
