/// How records travel along an edge between two vertices.
public enum ShipStrategy: Sendable {
    case forward
    case hash(KeySelector)
    case rebalance
    case global
    case broadcast

    public var displayName: String {
        switch self {
        case .forward: return "FORWARD"
        case let .hash(k): return "HASH[\(k.indices.map { "$\($0)" }.joined(separator: ", "))]"
        case .rebalance: return "REBALANCE"
        case .global: return "GLOBAL"
        case .broadcast: return "BROADCAST"
        }
    }
}
