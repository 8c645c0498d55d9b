import Glibc
import Synchronization

/// The topics of one embedded Kafka cluster. With a `directory`, each topic is a folder of partition
/// folders (`<dir>/<topic>/<partition>/…log`) reopened on start; without one, topics live in memory.
/// Consumer group offsets are kept in memory per (group, topic, partition).
public final class TopicStore: Sendable {
    public let directory: String?
    let fsync: PartitionLog.FsyncPolicy
    let log: @Sendable (String) -> Void
    private let topics = Mutex<[String: Topic]>([:])
    private let groupOffsets = Mutex<[String: Int64]>([:])
    private let transactions = Mutex<[String: TopicTransaction]>([:])
    let transactionMarkers: TransactionMarkers

    public init(directory: String?, fsync: PartitionLog.FsyncPolicy = .always,
                log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.directory = directory
        self.fsync = fsync
        self.log = log
        transactionMarkers = TransactionMarkers(directory: directory)
        guard let directory else { return }
        Self.mkdirs(directory)
        for name in Self.subdirectories(directory) {
            let parts = Self.subdirectories(directory + "/" + name).compactMap(Int.init).sorted()
            guard !parts.isEmpty, parts == Array(0..<parts.count) else { continue }
            let logs = try parts.map {
                try PartitionLog(directory: "\(directory)/\(name)/\($0)", partition: $0, fsync: fsync, log: log)
            }
            let configs = Self.readConfigs("\(directory)/\(name)/\(Self.configsFile)")
            topics.withLock { $0[name] = Topic(name: name, partitions: logs, configs: configs) }
        }
    }

    /// Kafka's legal topic names: 1–249 of `[a-zA-Z0-9._-]`, not `.` or `..`.
    public static func isValidName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 249, name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 46 || c == 95 || c == 45
        }
    }

    @discardableResult
    public func createTopic(_ name: String, partitions: Int, configs: [String: String] = [:]) throws -> Topic {
        guard Self.isValidName(name) else {
            throw RuntimeError(code: "invalid_topic", detail: "Topic name \"\(name)\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'")
        }
        guard partitions >= 1 else {
            throw RuntimeError(code: "invalid_partitions", detail: "Number of partitions must be larger than 0.")
        }
        return try topics.withLock { t in
            if t[name] != nil { throw RuntimeError(code: "topic_exists", detail: "Topic '\(name)' already exists.") }
            var logs: [PartitionLog] = []
            if let directory {
                Self.mkdirs("\(directory)/\(name)")
                if !configs.isEmpty { try Self.writeConfigs(configs, to: "\(directory)/\(name)/\(Self.configsFile)") }
                for p in 0..<partitions {
                    logs.append(try PartitionLog(directory: "\(directory)/\(name)/\(p)", partition: p, fsync: fsync, log: log))
                }
            } else {
                for p in 0..<partitions { logs.append(try PartitionLog(directory: nil, partition: p)) }
            }
            let topic = Topic(name: name, partitions: logs, configs: configs)
            t[name] = topic
            return topic
        }
    }

    public func topic(_ name: String) -> Topic? { topics.withLock { $0[name] } }

    public var topicNames: [String] { topics.withLock { Array($0.keys) }.sorted() }

    public func deleteTopic(_ name: String) throws {
        let removed = topics.withLock { $0.removeValue(forKey: name) }
        guard let removed else {
            throw RuntimeError(code: "unknown_topic", detail: "This server does not host this topic-partition.")
        }
        for log in removed.partitions { log.markDeleted() }
        if let directory { Self.removeTree("\(directory)/\(name)") }
    }

    // MARK: consumer groups

    public func committedOffset(group: String, topic: String, partition: Int) -> Int64? {
        groupOffsets.withLock { $0["\(group)\u{0}\(topic)\u{0}\(partition)"] }
    }

    public func commitOffset(group: String, topic: String, partition: Int, offset: Int64) {
        groupOffsets.withLock { $0["\(group)\u{0}\(topic)\u{0}\(partition)"] = offset }
    }

    // MARK: transactions

    /// Begins (or resumes) the transaction of `transactionalId`; a previous open one is aborted first, like
    /// Kafka's producer fencing.
    public func beginTransaction(_ transactionalId: String) -> TopicTransaction {
        let tx = TopicTransaction(store: self, id: transactionalId)
        transactions.withLock { m in
            m[transactionalId]?.abort()
            m[transactionalId] = tx
        }
        return tx
    }

    func finished(_ tx: TopicTransaction) {
        transactions.withLock { m in if m[tx.id] === tx { m[tx.id] = nil } }
    }

    // MARK: files

    /// A topic's configs (`name=value` lines) next to its partition folders.
    static let configsFile = "topic.configs"

    static func writeConfigs(_ configs: [String: String], to path: String) throws {
        var text = ""
        for (k, v) in configs.sorted(by: { $0.key < $1.key }) {
            text += k + "=" + v.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ") + "\n"
        }
        let bytes = Array(text.utf8)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RuntimeError(code: "topic_io", detail: "Cannot write \(path): errno \(errno)") }
        defer { close(fd) }
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else { throw RuntimeError(code: "topic_io", detail: "Cannot write \(path): errno \(errno)") }
        Glibc.fsync(fd)
    }

    static func readConfigs(_ path: String) -> [String: String] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [:] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        var out: [String: String] = [:]
        for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            out[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return out
    }

    static func mkdirs(_ path: String) {
        let bytes = Array(path.utf8)
        for i in bytes.indices where i > 0 && bytes[i] == 47 {
            mkdir(String(decoding: bytes[0..<i], as: UTF8.self), 0o755)
        }
        mkdir(path, 0o755)
    }

    static func subdirectories(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let e = readdir(dir) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var st = stat()
            if stat(path + "/" + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR { out.append(name) }
        }
        return out
    }

    static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            if let dir = opendir(path) {
                var names: [String] = []
                while let e = readdir(dir) {
                    let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
                    }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(dir)
                for n in names { removeTree(path + "/" + n) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
