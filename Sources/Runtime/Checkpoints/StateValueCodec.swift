/// Encodes the values operators keep in keyed state (`OperatorSnapshot.Entry.value`). Every known state
/// type has a tag, so a snapshot file decodes back into the same Swift types without knowing the
/// operator. A value of an unknown type cannot be checkpointed (an error, never silently dropped).
enum StateValueCodec {
    enum Tag: UInt8 {
        case accumulators = 1, dedupEntry, group, joinSide, buffered, sessions, rows, value, values, int
    }

    static func encode(_ v: any Sendable, into w: inout StateWriter) throws {
        switch v {
        case let a as [Accumulator]:
            w.u8(Tag.accumulators.rawValue); accumulators(a, &w)
        case let e as DeduplicateOperator.Entry:
            w.u8(Tag.dedupEntry.rawValue); w.values(e.row); w.u8(e.emitted ? 1 : 0)
        case let g as GroupAggregateOperator.Group:
            w.u8(Tag.group.rawValue); accumulators(g.accs, &w); w.int(g.rowCount); w.values(g.last)
        case let s as JoinOperator.Side:
            w.u8(Tag.joinSide.rawValue); w.count(s.rows.count)
            for (row, e) in s.rows { w.values(row); w.int(Int64(e.count)); w.int(Int64(e.matches)) }
        case let b as [IntervalJoinOperator.Buffered]:
            w.u8(Tag.buffered.rawValue); w.count(b.count)
            for x in b { w.values(x.values); w.int(x.time); w.u8(x.matched ? 1 : 0) }
        case let s as [SessionWindowOperator.Session]:
            w.u8(Tag.sessions.rawValue); w.count(s.count)
            for x in s { w.int(x.start); w.int(x.end); accumulators(x.accs, &w) }
        case let r as [[Value]]:
            w.u8(Tag.rows.rawValue); w.count(r.count)
            for x in r { w.values(x) }
        case let x as Value:
            w.u8(Tag.value.rawValue); w.value(x)
        case let x as [Value]:
            w.u8(Tag.values.rawValue); w.values(x)
        case let x as Int64:
            w.u8(Tag.int.rawValue); w.int(x)
        default:
            throw RuntimeError(code: "unsupported_state", detail: "State of type \(type(of: v)) cannot be checkpointed.")
        }
    }

    static func decode(_ r: inout StateReader) throws -> any Sendable {
        let t = try r.u8()
        guard let tag = Tag(rawValue: t) else { throw StateReader.corrupt("unknown state tag \(t)") }
        switch tag {
        case .accumulators: return try accumulators(&r)
        case .dedupEntry: return DeduplicateOperator.Entry(row: try r.values(), emitted: try r.u8() == 1)
        case .group:
            return GroupAggregateOperator.Group(accs: try accumulators(&r), rowCount: try r.int(), last: try r.values())
        case .joinSide:
            var side = JoinOperator.Side()
            let n = try r.count()
            for _ in 0..<n {
                let row = try r.values()
                side.rows[row] = (count: Int(try r.int()), matches: Int(try r.int()))
            }
            return side
        case .buffered:
            let n = try r.count()
            var out: [IntervalJoinOperator.Buffered] = []
            for _ in 0..<n {
                out.append(.init(values: try r.values(), time: try r.int(), matched: try r.u8() == 1))
            }
            return out
        case .sessions:
            let n = try r.count()
            var out: [SessionWindowOperator.Session] = []
            for _ in 0..<n {
                out.append(.init(start: try r.int(), end: try r.int(), accs: try accumulators(&r)))
            }
            return out
        case .rows:
            let n = try r.count()
            var out: [[Value]] = []
            out.reserveCapacity(n)
            for _ in 0..<n { out.append(try r.values()) }
            return out
        case .value: return try r.value()
        case .values: return try r.values()
        case .int: return try r.int()
        }
    }

    /// Format 2: per accumulator a mask of the fields that differ from `Accumulator()`, then those fields
    /// (a COUNT is 2–3 bytes instead of 40). Format 1 files stored every field.
    static func accumulators<C: Collection>(_ a: C, _ w: inout StateWriter) where C.Element == Accumulator {
        w.count(a.count)
        for x in a {
            var mask: UInt8 = 0
            if x.count != 0 { mask |= 1 }
            if x.intSum != 0 { mask |= 2 }
            if x.doubleSum.bitPattern != 0 { mask |= 4 }
            if x.decimalSum != 0 { mask |= 8 }
            if !x.value.isNull { mask |= 16 }
            if x.values != nil { mask |= 32 }
            if x.ordered != nil { mask |= 64 }
            if x.distinctSeen != nil { mask |= 128 }
            w.u8(mask)
            if mask & 1 != 0 { w.int(x.count) }
            if mask & 2 != 0 { w.int(x.intSum) }
            if mask & 4 != 0 { w.fixed64(x.doubleSum.bitPattern) }
            if mask & 8 != 0 { w.fixed64(UInt64(truncatingIfNeeded: x.decimalSum)); w.fixed64(UInt64(truncatingIfNeeded: x.decimalSum >> 64)) }
            if mask & 16 != 0 { w.value(x.value) }
            if let m = x.values { multisetEntries(m, &w) }
            if let o = x.ordered { w.values(o) }
            if let m = x.distinctSeen { multisetEntries(m, &w) }
        }
    }

    static func accumulators(_ r: inout StateReader) throws -> [Accumulator] {
        var out: [Accumulator] = []
        _ = try appendAccumulators(&r, to: &out)
        return out
    }

    /// Decodes a list of accumulators onto the end of `out` (flat state); returns how many.
    static func appendAccumulators(_ r: inout StateReader, to out: inout [Accumulator]) throws -> Int {
        if r.format < 2 {
            let v1 = try accumulatorsV1(&r)
            out += v1
            return v1.count
        }
        let n = try r.count()
        for _ in 0..<n {
            var a = Accumulator()
            let mask = try r.u8()
            if mask & 1 != 0 { a.count = try r.int() }
            if mask & 2 != 0 { a.intSum = try r.int() }
            if mask & 4 != 0 { a.doubleSum = Double(bitPattern: try r.fixed64()) }
            if mask & 8 != 0 {
                let lo = try r.fixed64(), hi = try r.fixed64()
                a.decimalSum = Int128(Int64(bitPattern: hi)) << 64 | Int128(lo)
            }
            if mask & 16 != 0 { a.value = try r.value() }
            if mask & 32 != 0 { a.values = try multisetEntries(&r) }
            if mask & 64 != 0 { a.ordered = try r.values() }
            if mask & 128 != 0 { a.distinctSeen = try multisetEntries(&r) }
            out.append(a)
        }
        return n
    }

    static func multisetEntries(_ m: [Value: Int64], _ w: inout StateWriter) {
        w.count(m.count)
        for (v, n) in m { w.value(v); w.int(n) }
    }

    static func multisetEntries(_ r: inout StateReader) throws -> [Value: Int64] {
        let n = try r.count()
        var m: [Value: Int64] = [:]
        m.reserveCapacity(n)
        for _ in 0..<n { m[try r.value()] = try r.int() }
        return m
    }

    /// Format 1 (every field, fixed width).
    static func accumulatorsV1(_ r: inout StateReader) throws -> [Accumulator] {
        let n = try r.count()
        var out: [Accumulator] = []
        out.reserveCapacity(n)
        for _ in 0..<n {
            var a = Accumulator()
            a.count = try r.int()
            a.intSum = try r.int()
            a.doubleSum = Double(bitPattern: try r.fixed64())
            let lo = try r.fixed64(), hi = try r.fixed64()
            a.decimalSum = Int128(Int64(bitPattern: hi)) << 64 | Int128(lo)
            a.value = try r.value()
            a.values = try multiset(&r)
            a.ordered = try r.u8() == 1 ? try r.values() : nil
            a.distinctSeen = try multiset(&r)
            out.append(a)
        }
        return out
    }

    static func multiset(_ r: inout StateReader) throws -> [Value: Int64]? {
        guard try r.u8() == 1 else { return nil }
        let n = try r.count()
        var m: [Value: Int64] = [:]
        m.reserveCapacity(n)
        for _ in 0..<n { m[try r.value()] = try r.int() }
        return m
    }
}
