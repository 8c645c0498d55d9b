/// The `_metadata` file of a completed checkpoint or savepoint: which file holds which operator
/// subtask's state. Written last (after every state file is durable), so a directory without a valid
/// `_metadata` is not a complete checkpoint.
public struct CheckpointMetadata: Sendable, Equatable {
    public struct File: Sendable, Equatable {
        public var vertexUid: String
        public var parallelism: Int
        public var subtask: Int
        public var name: String
        public var size: Int64
    }

    public var id: Int64
    public var isSavepoint: Bool
    public var files: [File]

    public static let fileName = "_metadata"
    static let magic: [UInt8] = Array("FCKM".utf8)

    public func encoded() -> [UInt8] {
        var w = StateWriter()
        w.bytes.append(contentsOf: Self.magic)
        w.u8(1)
        w.int(id)
        w.u8(isSavepoint ? 1 : 0)
        w.count(files.count)
        for f in files {
            w.string(f.vertexUid); w.count(f.parallelism); w.count(f.subtask); w.string(f.name); w.int(f.size)
        }
        let crc = w.bytes.withUnsafeBytes { CRC32.checksum($0) }
        w.fixed32(crc)
        return w.bytes
    }

    public static func decode(_ bytes: [UInt8]) throws -> CheckpointMetadata {
        guard bytes.count >= 9, Array(bytes[0..<4]) == magic, bytes[4] == 1 else {
            throw StateReader.corrupt("not a checkpoint metadata file")
        }
        var tail = StateReader(bytes, from: bytes.count - 4)
        let stored = try tail.fixed32()
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        guard crc == stored else { throw StateReader.corrupt("metadata CRC mismatch") }
        var r = StateReader(bytes, from: 5, to: bytes.count - 4)
        let id = try r.int()
        let sp = try r.u8() == 1
        let n = try r.count()
        var files: [File] = []
        for _ in 0..<n {
            files.append(File(vertexUid: try r.string(), parallelism: try r.count(), subtask: try r.count(),
                              name: try r.string(), size: try r.int()))
        }
        return CheckpointMetadata(id: id, isSavepoint: sp, files: files)
    }
}

/// A completed checkpoint or savepoint opened for restore: every state file was read and its CRC
/// checked (`load` throws otherwise, so callers fall back to an older checkpoint).
public final class RestoredCheckpoint: Sendable {
    public let id: Int64
    public let path: String
    public let isSavepoint: Bool
    public let metadata: CheckpointMetadata
    /// uid → subtask → file path.
    let files: [String: [Int: String]]
    let parallelism: [String: Int]

    init(path: String, metadata: CheckpointMetadata) {
        self.path = path
        self.metadata = metadata
        id = metadata.id
        isSavepoint = metadata.isSavepoint
        var files: [String: [Int: String]] = [:]
        var par: [String: Int] = [:]
        for f in metadata.files {
            files[f.vertexUid, default: [:]][f.subtask] = path + "/" + f.name
            par[f.vertexUid] = f.parallelism
        }
        self.files = files
        parallelism = par
    }

    /// Opens the checkpoint in `path`, verifying the metadata and every state file.
    public static func load(path: String) throws -> RestoredCheckpoint {
        let meta = try CheckpointMetadata.decode(try SnapshotFile.read(path + "/" + CheckpointMetadata.fileName))
        for f in meta.files {
            let bytes = try SnapshotFile.read(path + "/" + f.name)
            guard Int64(bytes.count) == f.size else {
                throw StateReader.corrupt("\(f.name) has \(bytes.count) bytes, expected \(f.size)")
            }
            try SnapshotFile.verify(bytes)
        }
        return RestoredCheckpoint(path: path, metadata: meta)
    }

    /// The state for subtask `subtask` of `parallelism` of operator `uid`: its own file when the
    /// parallelism is unchanged, else every old subtask's state (operators keep the key groups they own).
    /// Nil when the checkpoint holds nothing for `uid`.
    /// With `keepEncoded`, key groups stay in their binary form (see `SnapshotFile.decode`).
    public func snapshot(uid: String, subtask: Int, parallelism p: Int, keepEncoded: Bool = false) throws -> OperatorSnapshot? {
        guard let byTask = files[uid] else { return nil }
        if parallelism[uid] == p {
            guard let path = byTask[subtask] else { return OperatorSnapshot() }
            return try SnapshotFile.decode(try SnapshotFile.read(path), keepEncoded: keepEncoded)
        }
        var merged = OperatorSnapshot()
        for (_, path) in byTask.sorted(by: { $0.key < $1.key }) {
            merged.merge(try SnapshotFile.decode(try SnapshotFile.read(path), keepEncoded: keepEncoded))
        }
        return merged
    }
}
