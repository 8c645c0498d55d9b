import Model
import Planner

/// Whether a plan can restore another plan's state: its stateful operators (aggregations, joins, ranks,
/// deduplication — not sources, sinks, Calc, Union or watermark assigners) must match the old ones by
/// their stable uid (`StableOperatorUids`), both ways. Sources and sinks always take their table's
/// offsets and commit handles, so an incompatible plan still starts where the old one stopped reading.
public struct StateCompatibility: Sendable, Equatable {
    public var compatible: Bool
    public var reason: String

    /// Compares the operator uids of the old plan (or of the savepoint being restored) with the new plan's.
    public static func check(from old: some Sequence<String>, to new: some Sequence<String>,
                             parallelism: (from: Int, to: Int)? = nil) -> StateCompatibility {
        let before = Set(old.filter(StableOperatorUids.isStateful))
        let after = Set(new.filter(StableOperatorUids.isStateful))
        guard before == after else {
            var parts: [String] = []
            let added = after.subtracting(before).sorted(), dropped = before.subtracting(after).sorted()
            if !added.isEmpty { parts.append("new plan's stateful operators without state in the old one: " + added.joined(separator: ", ")) }
            if !dropped.isEmpty { parts.append("old state no operator of the new plan takes: " + dropped.joined(separator: ", ")) }
            return StateCompatibility(compatible: false, reason: "Stateful operators changed (" + parts.joined(separator: "; ")
                                        + "): the new version starts from the old version's source offsets with fresh state.")
        }
        var reason = after.isEmpty
            ? "No stateful operators: source offsets carry over."
            : "All \(after.count) stateful operator(s) match by uid (\(after.sorted().joined(separator: ", "))): operator state and source offsets carry over."
        if let p = parallelism, p.from != p.to {
            reason += " Rescale \(p.from) → \(p.to): keyed state is redistributed by key group."
        }
        return StateCompatibility(compatible: true, reason: reason)
    }

    /// As a version's state restore record.
    public func restore(fromVersion: Int?, path: String? = nil) -> JobVersion.StateRestore {
        JobVersion.StateRestore(mode: compatible ? .carriedOver : .offsetsOnly, reason: reason, fromVersion: fromVersion, path: path)
    }
}
