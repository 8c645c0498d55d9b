import Glibc

/// Filesystem sink (Flink's `filesystem` connector, append-only): each subtask writes rows as JSON lines
/// or CSV into an in-progress file `<path>/.part-<prefix>-<subtask>-<n>.inprogress`, which becomes the
/// visible part file `<path>/part-<prefix>-<subtask>-<n>` when committed: on checkpoint completion
/// (`commit`) or at the end of bounded input. Uncommitted files of a failed run stay hidden.
public final class FileSink: SinkFunction {
    public enum Format: Sendable {
        case json(JSONRowEncoder)
        case csv(KafkaFormat)
    }

    let directory: String
    let format: Format
    let prefix: String
    var subtask = 0
    var counter = 0
    var fd: Int32 = -1
    var current: String?
    var buffer: [UInt8] = []
    var rowsInFile = 0

    public init(path: String, format: Format, prefix: String) {
        directory = path.hasSuffix("/") ? String(path.dropLast()) : path
        self.format = format
        self.prefix = prefix
    }

    public func open(_ context: OperatorContext) throws {
        subtask = context.info.subtaskIndex
        TopicStore.mkdirs(directory)
        // After a restart, continue after the part files an earlier run left (never overwrite one).
        while access(finalName(counter), F_OK) == 0 || access(pendingName(counter), F_OK) == 0 { counter += 1 }
    }

    func pendingName(_ n: Int) -> String { "\(directory)/.part-\(prefix)-\(subtask)-\(n).pending" }

    func inProgressName(_ n: Int) -> String { "\(directory)/.part-\(prefix)-\(subtask)-\(n).inprogress" }
    func finalName(_ n: Int) -> String { "\(directory)/part-\(prefix)-\(subtask)-\(n)" }

    public func write(_ row: Row) throws {
        if fd < 0 {
            let name = inProgressName(counter)
            fd = Glibc.open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw RuntimeError(code: "file_io", detail: "Cannot create \(name): errno \(errno)") }
            current = name
        }
        switch format {
        case let .json(enc): enc.encode(row, into: &buffer)
        case let .csv(f): buffer.append(contentsOf: f.encode(row))
        }
        buffer.append(10)
        rowsInFile += 1
        if buffer.count >= 1 << 16 { try flushBuffer() }
    }

    func flushBuffer() throws {
        guard fd >= 0, !buffer.isEmpty else { return }
        var off = 0
        try buffer.withUnsafeBytes { raw in
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { throw RuntimeError(code: "file_io", detail: "Write to \(current ?? directory) failed: errno \(errno)") }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Closes the in-progress file and renames it to its final name.
    func rollAndCommit() throws {
        guard fd >= 0, let name = current else { return }
        try flushBuffer()
        fsync(fd)
        Glibc.close(fd)
        fd = -1
        guard rename(name, finalName(counter)) == 0 else {
            throw RuntimeError(code: "file_io", detail: "Cannot commit part file \(name): errno \(errno)")
        }
        counter += 1
        current = nil
        rowsInFile = 0
    }

    /// Pre-commit: the in-progress file is closed (fsynced) and renamed to a pending name; the handle
    /// (pending name, final name) is committed when the checkpoint completes.
    public func prepareCommit(checkpointId: Int64) throws -> [Value] {
        guard fd >= 0, let name = current else { return [] }
        try flushBuffer()
        fsync(fd)
        Glibc.close(fd)
        fd = -1
        let pending = pendingName(counter)
        guard rename(name, pending) == 0 else {
            throw RuntimeError(code: "file_io", detail: "Cannot pre-commit part file \(name): errno \(errno)")
        }
        let handle: [Value] = [.string(pending), .string(finalName(counter))]
        counter += 1
        current = nil
        rowsInFile = 0
        return handle
    }

    /// Renames pending files to their final names (idempotent: an already committed file is skipped).
    public func commit(_ handles: [Value]) throws {
        var i = 0
        while i + 1 < handles.count {
            if case let .string(pending) = handles[i], case let .string(final) = handles[i + 1],
               access(pending, F_OK) == 0, rename(pending, final) != 0 {
                throw RuntimeError(code: "file_io", detail: "Cannot commit part file \(pending): errno \(errno)")
            }
            i += 2
        }
    }

    public func finish() throws { try rollAndCommit() }

    public func close() {
        if fd >= 0 { Glibc.close(fd); fd = -1 }
    }
}
