import Dispatch
import Glibc
import Synchronization

/// A durable append-only log of one topic partition.
///
/// File layout (`<dir>/00000000000000000000.log`, one segment): a sequence of frames
/// `u32 bodyLength | u32 crc32(body) | body`, body = `i64 offset | i64 timestamp | i32 keyLength (-1 = null) |
/// key | i32 valueLength (-1 = null) | value | u16 headerCount | (u16 nameLength | name | i32 valueLength |
/// value)*`, little-endian. On open the log is scanned; a torn or corrupt tail (short frame, bad length or
/// CRC) is truncated with a log line. Every append is written to the file (`pwrite`) before it returns, so
/// an appended record survives kill -9. Power-loss durability depends on `FsyncPolicy`: `.always` fsyncs
/// inside every append; `.group` leaves it to `sync()`, which a caller runs before acknowledging and which
/// is a group commit (concurrent callers share one fsync; records appended meanwhile ride along); `.never`
/// leaves flushing to the OS. In-memory mode (`directory == nil`) keeps the same bytes in RAM.
public final class PartitionLog: Sendable {
    public enum FsyncPolicy: Sendable { case always, group, never }

    struct State {
        var fd: Int32 = -1
        var memory: [UInt8] = []
        var endPosition: Int = 0
        var nextOffset: Int64 = 0
        /// Sparse index: (offset, position) every `indexInterval` records.
        var index: [(Int64, Int)] = []
        var sinceIndex = 0
        var scratch: [UInt8] = []
        /// Offset of the first record, timestamp of each sparse entry for timestamp lookups.
        var indexTimestamps: [Int64] = []
        var maxTimestamp: Int64 = Int64.min
        /// File bytes known to be on stable storage (group commit), and whether an fsync is running.
        var syncedPosition = 0
        var syncing = false
        var syncWaiters: [DispatchSemaphore] = []
        /// The topic was deleted: appends fail, reads see what was there.
        var deleted = false
        /// Idle readers of this partition, woken by every append.
        var listeners: [IdleWakeup] = []
    }

    public let partition: Int
    public let path: String?
    let fsync: FsyncPolicy
    private let state = Mutex(State())
    static let indexInterval = 256
    static let maxFrame = 64 << 20

    public init(directory: String?, partition: Int, fsync: FsyncPolicy = .always,
                log: @Sendable (String) -> Void = { _ in }) throws {
        self.partition = partition
        self.fsync = fsync
        guard let directory else { path = nil; return }
        mkdir(directory, 0o755)
        let p = directory + "/00000000000000000000.log"
        path = p
        let fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RuntimeError(code: "topic_io", detail: "Cannot open log segment \(p): errno \(errno)")
        }
        try state.withLock { s in
            s.fd = fd
            try Self.recover(&s, path: p, log: log)
        }
    }

    deinit {
        state.withLock { s in if s.fd >= 0 { close(s.fd) } }
    }

    /// Next offset to be written (Kafka's log end offset / high watermark).
    public var endOffset: Int64 { state.withLock { $0.nextOffset } }

    /// Scans the file, rebuilding the index and truncating a torn tail.
    private static func recover(_ s: inout State, path: String, log: (String) -> Void) throws {
        var st = stat()
        fstat(s.fd, &st)
        let size = Int(st.st_size)
        var pos = 0
        let chunk = 4 << 20
        var buf = [UInt8](repeating: 0, count: chunk)
        var bufStart = 0
        var bufCount = 0
        scan: while pos + 8 <= size {
            // Make sure the frame header, then the whole frame, is in the buffer.
            if pos + 8 > bufStart + bufCount || pos < bufStart {
                bufStart = pos
                let cap = buf.count
                bufCount = buf.withUnsafeMutableBytes { pread(s.fd, $0.baseAddress!, min(cap, size - pos), off_t(pos)) }
                if bufCount < 8 { break }
            }
            let len = Int(readU32(buf, pos - bufStart))
            let crc = readU32(buf, pos - bufStart + 4)
            guard len >= 30, len <= maxFrame, pos + 8 + len <= size else { break }
            if pos + 8 + len > bufStart + bufCount {
                if buf.count < 8 + len { buf = [UInt8](repeating: 0, count: 8 + len) }
                bufStart = pos
                let cap = buf.count
                bufCount = buf.withUnsafeMutableBytes { pread(s.fd, $0.baseAddress!, min(cap, size - pos), off_t(pos)) }
                if bufCount < 8 + len { break scan }
            }
            let b = pos - bufStart + 8
            let ok = buf.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[b..<(b + len)])) } == crc
            guard ok else { break }
            let offset = Int64(bitPattern: UInt64(readU32(buf, b)) | UInt64(readU32(buf, b + 4)) << 32)
            let ts = Int64(bitPattern: UInt64(readU32(buf, b + 8)) | UInt64(readU32(buf, b + 12)) << 32)
            noteAppended(&s, offset: offset, timestamp: ts, position: pos)
            s.nextOffset = offset + 1
            pos += 8 + len
        }
        if pos < size {
            log("Topic log \(path): truncated torn tail at byte \(pos) (file had \(size) bytes, \(size - pos) dropped)")
            guard ftruncate(s.fd, off_t(pos)) == 0 else {
                throw RuntimeError(code: "topic_io", detail: "Cannot truncate \(path): errno \(errno)")
            }
            Glibc.fsync(s.fd)
        }
        s.endPosition = pos
        s.syncedPosition = pos
    }

    private static func noteAppended(_ s: inout State, offset: Int64, timestamp: Int64, position: Int) {
        if s.sinceIndex == 0 {
            s.index.append((offset, position))
            s.indexTimestamps.append(max(s.maxTimestamp, timestamp))
        }
        s.maxTimestamp = max(s.maxTimestamp, timestamp)
        s.sinceIndex += 1
        if s.sinceIndex == indexInterval { s.sinceIndex = 0 }
    }

    @inline(__always) static func readU32(_ b: [UInt8], _ at: Int) -> UInt32 {
        UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
    }

    /// Appends records (their `offset` is ignored) and returns the offset of the first.
    @discardableResult
    public func append(_ records: [TopicRecord], beforeWrite: ((Int64) throws -> Void)? = nil) throws -> Int64 {
        let (first, listeners) = try appendLocked(records, beforeWrite: beforeWrite)
        for listener in listeners { listener.wake() }
        return first
    }

    /// Wakes `listener` after every append until `removeListener`.
    public func addListener(_ listener: IdleWakeup) {
        state.withLock { $0.listeners.append(listener) }
    }

    public func removeListener(_ listener: IdleWakeup) {
        state.withLock { s in s.listeners.removeAll { $0 === listener } }
    }

    private func appendLocked(_ records: [TopicRecord], beforeWrite: ((Int64) throws -> Void)?) throws -> (Int64, [IdleWakeup]) {
        try state.withLock { s in
            if s.deleted {
                throw RuntimeError(code: "unknown_topic", detail: "This server does not host this topic-partition (partition \(partition) was deleted).")
            }
            let first = s.nextOffset
            try beforeWrite?(first)
            s.scratch.removeAll(keepingCapacity: true)
            var positions: [(Int64, Int64, Int)] = []
            positions.reserveCapacity(records.count)
            for r in records {
                let offset = s.nextOffset
                positions.append((offset, r.timestamp, s.endPosition + s.scratch.count))
                Self.encode(r, offset: offset, into: &s.scratch)
                s.nextOffset += 1
            }
            if s.fd >= 0 {
                var written = 0
                let total = s.scratch.count
                let fd = s.fd
                let end = s.endPosition
                let failure: Int32? = s.scratch.withUnsafeBytes { raw in
                    while written < total {
                        let n = pwrite(fd, raw.baseAddress! + written, total - written, off_t(end + written))
                        if n <= 0 { return n < 0 ? errno : ENOSPC }
                        written += n
                    }
                    return nil
                }
                if let code = failure {
                    // Nothing of this append happened: its offsets are given again, a partly written frame is cut.
                    s.nextOffset = first
                    if written > 0 { _ = ftruncate(fd, off_t(end)) }
                    throw Self.writeError(code)
                }
                if fsync == .always { Glibc.fsync(fd) }
            } else {
                s.memory.append(contentsOf: s.scratch)
            }
            s.endPosition += s.scratch.count
            for (o, t, p) in positions { Self.noteAppended(&s, offset: o, timestamp: t, position: p) }
            if fsync == .always { s.syncedPosition = s.endPosition }
            return (first, s.listeners)
        }
    }

    static func writeError(_ code: Int32) -> RuntimeError {
        if code == ENOSPC || code == EDQUOT || code == EFBIG {
            return RuntimeError(code: "disk_full", detail: "The data directory's disk is full (\(String(cString: strerror(code)))); the records were not written. Free some space and retry.")
        }
        return RuntimeError(code: "topic_io", detail: "Write to topic log failed: \(String(cString: strerror(code))) (errno \(code)); the records were not written.")
    }

    /// Makes everything appended so far durable (power loss included) before returning. With `.group`
    /// this is a group commit: one fsync at a time; callers arriving during it wait for it and, when it
    /// did not cover their bytes, run the next one, which covers everyone who arrived meanwhile. A no-op
    /// with `.always` (already synced), `.never` and in memory.
    public func sync() {
        guard fsync == .group else { return }
        enum Step { case done, wait(DispatchSemaphore), lead(Int32, Int) }
        var target = -1
        while true {
            let step = state.withLock { s -> Step in
                if target < 0 { target = s.endPosition }
                if s.fd < 0 || s.syncedPosition >= target { return .done }
                if s.syncing {
                    let waiter = DispatchSemaphore(value: 0)
                    s.syncWaiters.append(waiter)
                    return .wait(waiter)
                }
                s.syncing = true
                return .lead(s.fd, s.endPosition)
            }
            switch step {
            case .done:
                return
            case .wait(let waiter):
                waiter.wait()
            case .lead(let fd, let end):
                Glibc.fsync(fd)
                let waiters = state.withLock { s -> [DispatchSemaphore] in
                    s.syncing = false
                    s.syncedPosition = max(s.syncedPosition, end)
                    defer { s.syncWaiters = [] }
                    return s.syncWaiters
                }
                for w in waiters { w.signal() }
            }
        }
    }

    /// Marks the partition deleted (its topic was deleted): later appends fail; readers holding it keep
    /// reading what was written.
    func markDeleted() { state.withLock { $0.deleted = true } }

    static func encode(_ r: TopicRecord, offset: Int64, into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: [0, 0, 0, 0, 0, 0, 0, 0])
        func u16(_ v: Int) { out.append(UInt8(v & 0xff)); out.append(UInt8((v >> 8) & 0xff)) }
        func u32(_ v: UInt32) { for k in 0..<4 { out.append(UInt8((v >> (8 * k)) & 0xff)) } }
        func i64(_ v: Int64) { let u = UInt64(bitPattern: v); for k in 0..<8 { out.append(UInt8((u >> (8 * k)) & 0xff)) } }
        func bytes(_ b: [UInt8]?) {
            if let b { u32(UInt32(b.count)); out.append(contentsOf: b) } else { u32(UInt32(bitPattern: -1)) }
        }
        i64(offset)
        i64(r.timestamp)
        bytes(r.key)
        bytes(r.value)
        u16(r.headers.count)
        for h in r.headers {
            let n = Array(h.name.utf8)
            u16(n.count)
            out.append(contentsOf: n)
            bytes(h.value)
        }
        let len = out.count - start - 8
        let crc = out.withUnsafeBytes { CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[(start + 8)...])) }
        for k in 0..<4 { out[start + k] = UInt8((UInt32(len) >> (8 * k)) & 0xff) }
        for k in 0..<4 { out[start + 4 + k] = UInt8((crc >> (8 * k)) & 0xff) }
    }

    /// Position of the frame holding `offset` (or the end).
    private func position(of offset: Int64, _ s: inout State, buffer: ReadBuffer) -> Int {
        if offset >= s.nextOffset { return s.endPosition }
        var lo = 0, hi = s.index.count
        while lo < hi { let m = (lo + hi) / 2; if s.index[m].0 <= offset { lo = m + 1 } else { hi = m } }
        guard lo > 0 else { return 0 }
        var (o, pos) = s.index[lo - 1]
        var header = [UInt8](repeating: 0, count: 8)
        while o < offset && pos < s.endPosition {
            readBytes(&s, at: pos, count: 8, into: &header)
            pos += 8 + Int(Self.readU32(header, 0))
            o += 1
        }
        return pos
    }

    private func readBytes(_ s: inout State, at pos: Int, count: Int, into out: inout [UInt8]) {
        if s.fd >= 0 {
            _ = out.withUnsafeMutableBytes { pread(s.fd, $0.baseAddress!, count, off_t(pos)) }
        } else {
            for k in 0..<count { out[k] = s.memory[pos + k] }
        }
    }

    /// The earliest offset whose timestamp is ≥ `timestamp` (Kafka's offsetsForTimes), approximated by the
    /// sparse index then refined by scanning.
    public func offset(forTimestamp timestamp: Int64) -> Int64 {
        let buffer = ReadBuffer()
        var offset: Int64 = 0
        let sparse = state.withLock { s -> Int64 in
            var start: Int64 = 0
            for (i, t) in s.indexTimestamps.enumerated() {
                if t >= timestamp { break }
                start = s.index[i].0
            }
            return start
        }
        offset = sparse
        while true {
            var found: Int64? = nil
            let next = read(from: offset, maxBytes: 1 << 20, buffer: buffer) { r in
                if found == nil && r.timestamp >= timestamp { found = r.offset }
            }
            if let found { return found }
            if next == offset { return next }
            offset = next
        }
    }

    /// Calls `body` for records from `offset` on, up to about `maxBytes` (at least one record) and below
    /// `limit`; returns the next offset to read.
    @discardableResult
    public func read(from offset: Int64, maxBytes: Int = 1 << 20, limit: Int64 = Int64.max, buffer: ReadBuffer,
                     _ body: (RecordView) throws -> Void) rethrows -> Int64 {
        let (start, end, fd) = state.withLock { s -> (Int, Int, Int32) in
            let p = position(of: max(0, offset), &s, buffer: buffer)
            let e = min(s.endPosition, p + max(maxBytes, 1))
            return (p, e, s.fd)
        }
        var want = end - start
        if want <= 0 { return max(offset, 0) }
        // Make sure at least one full frame fits.
        buffer.ensure(8)
        if fd >= 0 {
            _ = pread(fd, buffer.base, 8, off_t(start))
        } else {
            state.withLock { s in for k in 0..<8 { buffer.base[k] = s.memory[start + k] } }
        }
        let firstLen = 8 + Int(UInt32(littleEndianBytes: buffer.base))
        let fileEnd = state.withLock { $0.endPosition }
        want = min(max(want, firstLen), fileEnd - start)
        buffer.ensure(want)
        if fd >= 0 {
            var got = 0
            while got < want {
                let n = pread(fd, buffer.base + got, want - got, off_t(start + got))
                if n <= 0 { break }
                got += n
            }
            want = got
        } else {
            state.withLock { s in
                s.memory.withUnsafeBytes { m in
                    buffer.base.update(from: m.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, count: want)
                }
            }
        }
        var pos = 0
        var next = offset
        let base = UnsafeRawPointer(buffer.base)
        while pos + 8 <= want {
            let len = Int(base.loadUnaligned(fromByteOffset: pos, as: UInt32.self).littleEndian)
            guard pos + 8 + len <= want else { break }
            var p = pos + 8
            let o = base.loadUnaligned(fromByteOffset: p, as: Int64.self).littleEndian
            let ts = base.loadUnaligned(fromByteOffset: p + 8, as: Int64.self).littleEndian
            p += 16
            if o >= limit { break }
            let kl = Int32(bitPattern: base.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
            p += 4
            var key: UnsafeRawBufferPointer? = nil
            if kl >= 0 { key = UnsafeRawBufferPointer(start: base + p, count: Int(kl)); p += Int(kl) }
            let vl = Int32(bitPattern: base.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
            p += 4
            var value: UnsafeRawBufferPointer? = nil
            if vl >= 0 { value = UnsafeRawBufferPointer(start: base + p, count: Int(vl)); p += Int(vl) }
            let headers = UnsafeRawBufferPointer(start: base + p, count: max(0, pos + 8 + len - p))
            if o >= offset { try body(RecordView(offset: o, timestamp: ts, key: key, value: value, encodedHeaders: headers)) }
            next = o + 1
            pos += 8 + len
        }
        return next
    }

    /// Reads records into values (convenience for REST and tests).
    public func records(from offset: Int64, max: Int) -> [TopicRecord] {
        var out: [TopicRecord] = []
        let buffer = ReadBuffer()
        var o = offset
        while out.count < max {
            let next = read(from: o, maxBytes: 1 << 20, buffer: buffer) { r in
                if out.count < max {
                    out.append(TopicRecord(offset: r.offset, timestamp: r.timestamp,
                                           key: r.key.map { Array($0) }, value: r.value.map { Array($0) },
                                           headers: r.headers))
                }
            }
            if next == o { break }
            o = next
        }
        return out
    }
}

/// A reusable read buffer owned by one reader.
public final class ReadBuffer: @unchecked Sendable {
    var base: UnsafeMutablePointer<UInt8>
    var capacity: Int

    public init(capacity: Int = 1 << 20) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    func ensure(_ n: Int) {
        guard n > capacity else { return }
        base.deallocate()
        capacity = n
        base = .allocate(capacity: n)
    }
}

extension UInt32 {
    init(littleEndianBytes p: UnsafeMutablePointer<UInt8>) {
        self = UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
    }
}
