import Glibc

/// One operator subtask's snapshot on disk: `FCKP`, format version, operator state, keyed state by key
/// group, then a CRC-32 of everything before it. Written to a temporary name, fsynced, then renamed, so a
/// file under its final name is complete; a torn or altered file fails its CRC when read.
///
/// Format 2 (written now): each key group is `group, entry count, byte length, entries`, so a reader can
/// hand a group's bytes to its operator undecoded (or skip it); accumulators store only their set fields.
/// Format 1 files (no byte length, full accumulators) are still read.
public enum SnapshotFile {
    static let magic: [UInt8] = Array("FCKP".utf8)
    public static let version: UInt8 = 2

    public static func encode(_ s: OperatorSnapshot) throws -> [UInt8] {
        var groups = s.encoded
        for g in groups where g.format != version {
            throw RuntimeError(code: "unsupported_state", detail: "Key group \(g.keyGroup) is in snapshot format \(g.format).")
        }
        for (kg, entries) in s.keyGroups {
            var w = StateWriter(capacity: 64 * entries.count)
            for e in entries {
                w.values(e.key)
                try StateValueCodec.encode(e.value, into: &w)
            }
            groups.append(EncodedKeyGroup(keyGroup: kg, count: entries.count, bytes: w.bytes))
        }
        groups = groups.enumerated().sorted { ($0.element.keyGroup, $0.offset) < ($1.element.keyGroup, $1.offset) }.map(\.element)
        var w = StateWriter(capacity: 1024 + groups.reduce(0) { $0 + $1.range.count + 16 })
        w.bytes.append(contentsOf: magic)
        w.u8(version)
        w.values(s.operatorState)
        // Parts of one key group (from several encoding workers) are joined: entries are self-delimiting.
        var runs: [Range<Int>] = []
        var k = 0
        while k < groups.count {
            var e = k + 1
            while e < groups.count && groups[e].keyGroup == groups[k].keyGroup { e += 1 }
            runs.append(k..<e)
            k = e
        }
        w.count(runs.count)
        for run in runs {
            w.count(groups[run.lowerBound].keyGroup)
            w.count(groups[run].reduce(0) { $0 + $1.count })
            w.count(groups[run].reduce(0) { $0 + $1.range.count })
            for g in groups[run] {
                g.storage.withUnsafeBufferPointer { w.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[g.range])) }
            }
        }
        let crc = w.bytes.withUnsafeBytes { CRC32.checksum($0) }
        w.fixed32(crc)
        return w.bytes
    }

    /// Decodes a snapshot file. With `keepEncoded`, format-2 key groups stay encoded (`encoded`, sharing
    /// `bytes`) for an operator that decodes them itself; otherwise every entry is decoded into `keyGroups`.
    public static func decode(_ bytes: [UInt8], keepEncoded: Bool = false) throws -> OperatorSnapshot {
        try verify(bytes)
        let format = bytes[magic.count]
        var r = StateReader(bytes, from: magic.count + 1, to: bytes.count - 4)
        r.format = format
        var s = OperatorSnapshot()
        s.operatorState = try r.values()
        let groups = try r.count()
        for _ in 0..<groups {
            let kg = try r.count()
            let n = try r.count()
            if format >= 2 {
                let length = try r.count()
                guard length <= bytes.count - 4 - r.position else { throw StateReader.corrupt("key group \(kg) beyond the file") }
                let g = EncodedKeyGroup(keyGroup: kg, count: n, storage: bytes, range: r.position..<(r.position + length), format: format)
                r.position += length
                if keepEncoded { s.encoded.append(g) } else { s.keyGroups[kg, default: []] += try g.entries() }
                continue
            }
            var list: [OperatorSnapshot.Entry] = []
            list.reserveCapacity(n)
            for _ in 0..<n {
                let key = try r.values()
                list.append(.init(key: key, value: try StateValueCodec.decode(&r)))
            }
            s.keyGroups[kg, default: []] += list
        }
        return s
    }

    /// Throws unless `bytes` is a whole snapshot with a matching CRC.
    public static func verify(_ bytes: [UInt8]) throws {
        guard bytes.count >= magic.count + 5, Array(bytes[0..<magic.count]) == magic else {
            throw StateReader.corrupt("not a snapshot file")
        }
        guard bytes[magic.count] >= 1 && bytes[magic.count] <= version else {
            throw StateReader.corrupt("unknown format version \(bytes[magic.count])")
        }
        var r = StateReader(bytes, from: bytes.count - 4)
        let stored = try r.fixed32()
        let crc = bytes.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        guard crc == stored else { throw StateReader.corrupt("CRC mismatch") }
    }

    // MARK: files

    /// Writes `bytes` to `path` atomically and durably (temporary file, fsync, rename, fsync of the folder).
    public static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RuntimeError(code: "checkpoint_io", detail: "Cannot create \(tmp): errno \(errno)") }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n <= 0 { return false }
                written += n
            }
            return true
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard ok, synced else {
            unlink(tmp)
            throw RuntimeError(code: "checkpoint_io", detail: "Cannot write \(tmp): errno \(errno)")
        }
        guard rename(tmp, path) == 0 else {
            throw RuntimeError(code: "checkpoint_io", detail: "Cannot rename \(tmp): errno \(errno)")
        }
        syncDirectory(of: path)
    }

    static func syncDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let dir = String(path[..<slash])
        let fd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { fsync(fd); close(fd) }
    }

    public static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RuntimeError(code: "checkpoint_io", detail: "Cannot open \(path): errno \(errno)") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RuntimeError(code: "checkpoint_io", detail: "Cannot stat \(path)") }
        let size = Int(st.st_size)
        var out = [UInt8](repeating: 0, count: size)
        var got = 0
        try out.withUnsafeMutableBytes { raw in
            while got < size {
                let n = Glibc.read(fd, raw.baseAddress! + got, size - got)
                if n < 0 { throw RuntimeError(code: "checkpoint_io", detail: "Cannot read \(path): errno \(errno)") }
                if n == 0 { break }
                got += n
            }
        }
        return got == size ? out : Array(out[0..<got])
    }

    static func mkdirs(_ path: String) { TopicStore.mkdirs(path) }

    static func removeTree(_ path: String) { TopicStore.removeTree(path) }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// A file-name-safe form of an operator uid.
    static func safeName(_ s: String) -> String {
        String(s.unicodeScalars.map { c -> Character in
            let ok = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-" || c == "_" || c == "."
            return ok ? Character(c) : "_"
        })
    }
}
