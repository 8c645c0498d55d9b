/// Flink's `datagen` connector. Options (as in Flink SQL): `rows-per-second` (default 10000, spread over
/// subtasks), `number-of-rows` (bounded when set), and per field `fields.<name>.kind` = random | sequence,
/// `fields.<name>.min` / `.max` (random numbers), `.length` (random strings, default 100),
/// `.start` / `.end` (sequence; the source ends when every sequence is exhausted), `.max-past` (random
/// timestamps in the past, ms; default 0 = now), `.null-rate`. Each subtask generates its share.
public final class DatagenSource: SourceReader {
    struct FieldGen {
        var type: DataType
        var sequence: ClosedRange<Int64>?
        var min: Double?
        var max: Double?
        var length: Int
        var maxPast: Int64
        var nullRate: Double
    }

    let fields: [FieldGen]
    let rowsPerSecond: Double
    var remaining: Int64?
    var sequenceNext: Int64 = 0
    var sequenceEnd: Int64 = Int64.max
    var rng: UInt64
    var clock: any RuntimeClock = SystemClock()
    var startMillis: Int64 = 0
    var produced: Int64 = 0

    public init(schema: RowSchema, options: [String: String], subtask: Int, parallelism: Int) throws {
        var gens: [FieldGen] = []
        var seqLength: Int64? = nil
        for c in schema.columns {
            let prefix = "fields.\(c.name)."
            let kind = options[prefix + "kind"] ?? "random"
            var g = FieldGen(type: c.type, sequence: nil, min: options[prefix + "min"].flatMap(Double.init),
                             max: options[prefix + "max"].flatMap(Double.init),
                             length: options[prefix + "length"].flatMap(Int.init) ?? 100,
                             maxPast: options[prefix + "max-past"].flatMap(Int64.init) ?? 0,
                             nullRate: options[prefix + "null-rate"].flatMap(Double.init) ?? 0)
            if kind == "sequence" {
                guard let s = options[prefix + "start"].flatMap(Int64.init), let e = options[prefix + "end"].flatMap(Int64.init), s <= e else {
                    throw RuntimeError(code: "invalid_option", detail: "Could not find required property '\(prefix)start' / '\(prefix)end' for sequence generator of field \(c.name).")
                }
                g.sequence = s...e
                seqLength = Swift.min(seqLength ?? Int64.max, e - s + 1)
            } else if kind != "random" {
                throw RuntimeError(code: "invalid_option", detail: "Unsupported generator kind '\(kind)' for field \(c.name); expected random or sequence.")
            }
            gens.append(g)
        }
        fields = gens
        let rps = options["rows-per-second"].flatMap(Double.init) ?? 10000
        rowsPerSecond = rps / Double(Swift.max(1, parallelism))
        var total = options["number-of-rows"].flatMap(Int64.init)
        if let seqLength { total = Swift.min(total ?? Int64.max, seqLength) }
        if let total {
            let p = Int64(Swift.max(1, parallelism))
            let share = total / p + (Int64(subtask) < total % p ? 1 : 0)
            let before = (total / p) * Int64(subtask) + Swift.min(Int64(subtask), total % p)
            remaining = share
            sequenceNext = before
            sequenceEnd = before + share
        }
        rng = 0x9E37_79B9_7F4A_7C15 &* UInt64(subtask + 1)
    }

    public func open(_ context: OperatorContext) throws {
        clock = context.clock
        startMillis = clock.nowMillis()
    }

    @inline(__always) func nextRandom() -> UInt64 {
        rng &+= 0x9E37_79B9_7F4A_7C15
        var z = rng
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    func unit() -> Double { Double(nextRandom() >> 11) / Double(UInt64(1) << 53) }

    func value(_ g: FieldGen, index: Int64, now: Int64) -> Value {
        if g.nullRate > 0 && unit() < g.nullRate { return .null }
        if let seq = g.sequence {
            let v = seq.lowerBound + index
            switch g.type.logical {
            case .char, .varchar: return .string(String(v))
            case .double, .float: return .double(Double(v))
            case let .decimal(_, s): return .decimal(Int128(v) * Decimals.pow10(s), scale: s)
            default: return .int(v)
            }
        }
        func number(_ lo: Double, _ hi: Double) -> Double { lo + unit() * (hi - lo) }
        switch g.type.logical {
        case .boolean: return .bool(nextRandom() & 1 == 1)
        case .tinyint: return .int(Int64(number(g.min ?? -128, g.max ?? 127).rounded(.down)))
        case .smallint: return .int(Int64(number(g.min ?? -32768, g.max ?? 32767).rounded(.down)))
        case .int: return .int(Int64(number(g.min ?? -2_147_483_648, g.max ?? 2_147_483_647).rounded(.down)))
        case .bigint:
            if g.min == nil && g.max == nil { return .int(Int64(bitPattern: nextRandom())) }
            return .int(Int64(number(g.min ?? -9e18, g.max ?? 9e18).rounded(.down)))
        case .float, .double: return .double(number(g.min ?? -Double.greatestFiniteMagnitude / 2, g.max ?? Double.greatestFiniteMagnitude / 2))
        case let .decimal(p, s):
            let maxV = g.max ?? (Decimals.pow10Double(p - s) - 1)
            let d = number(g.min ?? -maxV, maxV)
            return .decimal(Int128(d * Decimals.pow10Double(s)), scale: s)
        case .char, .varchar:
            var len = g.length
            if case let .varchar(n) = g.type.logical, n < len { len = n }
            if case let .char(n) = g.type.logical { len = n }
            let hex = Array("0123456789abcdef".utf8)
            var bytes = [UInt8](repeating: 0, count: len)
            for i in 0..<len { bytes[i] = hex[Int(nextRandom() & 15)] }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .binary, .varbinary:
            return .bytes((0..<g.length).map { _ in UInt8(truncatingIfNeeded: nextRandom()) })
        case .date: return .date(Int32(TimeMath.floorDiv(now - Int64(unit() * Double(g.maxPast)), 86_400_000)))
        case .timestamp, .timestampLTZ: return .timestamp((now - Int64(unit() * Double(g.maxPast))) * 1000)
        case .time: return .time(Int64(unit() * 86_400_000_000))
        default: return .null
        }
    }

    public func poll(output: Output) throws -> SourceStatus {
        if let r = remaining, r <= 0 { return .finished }
        let now = clock.nowMillis()
        let allowed = Int64(Double(now - startMillis + 1) * rowsPerSecond / 1000) + 1
        var budget = Swift.min(1024, allowed - produced)
        if let r = remaining { budget = Swift.min(budget, r) }
        if budget <= 0 { return .idle }
        for _ in 0..<budget {
            var values = [Value]()
            values.reserveCapacity(fields.count)
            for g in fields { values.append(value(g, index: sequenceNext, now: now)) }
            output.emit(Row(values))
            sequenceNext += 1
            produced += 1
        }
        if remaining != nil { remaining! -= budget }
        return .more
    }

    public func snapshotState() throws -> OperatorSnapshot {
        var s = OperatorSnapshot()
        s.operatorState = [.int(sequenceNext), .int(remaining ?? -1)]
        return s
    }

    public func restoreState(_ snapshot: OperatorSnapshot) throws {
        guard snapshot.operatorState.count == 2, case let .int(n) = snapshot.operatorState[0],
              case let .int(r) = snapshot.operatorState[1] else { return }
        sequenceNext = n
        remaining = r < 0 ? nil : r
    }
}
