/// Checkpoint steps of a subtask: snapshot at a barrier, forward the barrier, and pass completion
/// notifications to the operators.
extension SubtaskTask {
    /// Takes checkpoint `id` for this thread (head and chained operators), then sends the barrier on.
    /// The snapshot functions run on the coordinator's writer threads; a failure declines the checkpoint.
    func checkpoint(_ id: Int64, output: Output) throws {
        let key = TaskKey(vertex: vertex.id, subtask: info.subtaskIndex)
        if let handler = runner.checkpointHandler {
            do {
                try headOperator?.prepareSnapshotPreBarrier(checkpointId: id)
                for c in chain { try c.op.prepareSnapshotPreBarrier(checkpointId: id) }
                try chainCheck(output)
                var parts: [SnapshotPart] = []
                if let reader = headReader {
                    let snap = try reader.snapshotState(checkpointId: id)
                    parts.append(part(vertex, { snap }))
                }
                if let op = headOperator { parts.append(part(vertex, try op.snapshotStateAsync())) }
                for (k, c) in chain.enumerated() { parts.append(part(chainSpec[k].0, try c.op.snapshotStateAsync())) }
                handler.snapshotTaken(checkpointId: id, task: key, parts: parts)
            } catch {
                handler.snapshotFailed(checkpointId: id, task: key, error: error)
            }
        }
        output.flush()
        output.emitBarrier(id)
        for c in chain { c.output.emitBarrier(id) }
    }

    private func part(_ v: JobVertex, _ build: @escaping @Sendable () throws -> OperatorSnapshot) -> SnapshotPart {
        SnapshotPart(vertexUid: v.uid, vertex: v.id, subtask: info.subtaskIndex, parallelism: v.parallelism, build: build)
    }

    /// Hands the latest completed checkpoint to every operator of this thread (once per id).
    func notifyCompletions() throws {
        let c = runner.completedCheckpoint.load(ordering: .acquiring)
        guard c > lastNotified else { return }
        lastNotified = c
        try headReader?.notifyCheckpointComplete(c)
        try headOperator?.notifyCheckpointComplete(c)
        for ch in chain { try ch.op.notifyCheckpointComplete(c) }
        runner.noteNotified(TaskKey(vertex: vertex.id, subtask: info.subtaskIndex), c)
    }
}
