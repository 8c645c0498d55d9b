/// Restoring part of a checkpoint: a new job version whose stateful operators do not match keeps only
/// the state of some operators (its sources' offsets and its sinks' commit handles).
extension RestoredCheckpoint {
    /// The operator uids this checkpoint holds state for.
    public var uids: Set<String> { Set(metadata.files.map(\.vertexUid)) }

    /// The same checkpoint restoring only the operators whose uid `keep` accepts; the others start with
    /// empty state.
    public func keeping(uids keep: (String) -> Bool) -> RestoredCheckpoint {
        var meta = metadata
        meta.files = meta.files.filter { keep($0.vertexUid) }
        return RestoredCheckpoint(path: path, metadata: meta)
    }
}
