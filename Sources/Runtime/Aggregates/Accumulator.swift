/// The running state of one aggregate call. Retractable: `retract` undoes `accumulate` (MIN/MAX keep a
/// multiset of values when retractions are possible; FIRST/LAST_VALUE keep every value in order).
public struct Accumulator: Sendable {
    var count: Int64 = 0
    var intSum: Int64 = 0
    var doubleSum: Double = 0
    var decimalSum: Int128 = 0
    var value: Value = .null
    /// Value → multiplicity; used by MIN/MAX under retraction and by DISTINCT.
    var values: [Value: Int64]? = nil
    /// Arrival-ordered values for FIRST/LAST_VALUE under retraction.
    var ordered: [Value]? = nil
    var distinctSeen: [Value: Int64]? = nil

    public init() {}
}

/// Applies aggregate calls to rows: accumulate, retract, merge and get the result value.
public struct Aggregator: Sendable {
    public let calls: [AggregateCall]
    /// When true, MIN/MAX/FIRST/LAST keep what they need to support retraction.
    public let retractable: Bool

    public init(_ calls: [AggregateCall], retractable: Bool = false) {
        self.calls = calls
        self.retractable = retractable
    }

    public func createAccumulators() -> [Accumulator] {
        calls.map { c in
            var a = Accumulator()
            if c.distinct { a.distinctSeen = [:] }
            if retractable {
                switch c.kind {
                case .min, .max: a.values = [:]
                case .firstValue, .lastValue: a.ordered = []
                default: break
                }
            }
            return a
        }
    }

    /// Adds (`retract == false`) or removes a row.
    @inline(__always)
    public func apply(_ accs: inout [Accumulator], _ row: Row, retract: Bool) {
        apply(&accs, at: 0, row, retract: retract)
    }

    /// `apply` on the accumulators `accs[base ..< base + calls.count]` (state kept in one flat array).
    @inline(__always)
    public func apply(_ accs: inout [Accumulator], at base: Int, _ row: Row, retract: Bool) {
        for i in calls.indices {
            let c = calls[i]
            if let f = c.filter, row.values[f] != .bool(true) { continue }
            if c.kind == .countStar {
                accs[base + i].count += retract ? -1 : 1
                continue
            }
            guard let arg = c.argument else { continue }
            let v = row.values[arg]
            if v.isNull { continue }
            if c.distinct {
                let n = accs[base + i].distinctSeen![v, default: 0]
                if retract {
                    if n <= 1 { accs[base + i].distinctSeen![v] = nil } else { accs[base + i].distinctSeen![v] = n - 1 }
                    if n != 1 { continue }
                } else {
                    accs[base + i].distinctSeen![v] = n + 1
                    if n != 0 { continue }
                }
            }
            update(&accs[base + i], c, v, retract: retract)
        }
    }

    @inline(__always)
    func update(_ a: inout Accumulator, _ c: AggregateCall, _ v: Value, retract: Bool) {
        let sign: Int64 = retract ? -1 : 1
        switch c.kind {
        case .countStar, .count:
            a.count += sign
        case .sum, .sum0, .avg:
            a.count += sign
            switch v {
            case let .int(x): a.intSum = retract ? a.intSum &- x : a.intSum &+ x
            case let .double(x): a.doubleSum += retract ? -x : x
            case let .decimal(u, s):
                let scale = Self.scale(of: c.inputType) ?? s
                let r = s == scale ? u : Decimals.rescale(u, from: s, to: scale)
                a.decimalSum = retract ? a.decimalSum &- r : a.decimalSum &+ r
            default: break
            }
        case .min, .max:
            if a.values != nil {
                let n = a.values![v, default: 0] + sign
                a.values![v] = n <= 0 ? nil : n
            } else if a.value.isNull {
                a.value = v
            } else {
                let cmp = Value.compare(v, a.value)
                if (c.kind == .min && cmp < 0) || (c.kind == .max && cmp > 0) { a.value = v }
            }
        case .firstValue:
            if a.ordered != nil {
                if retract { if let k = a.ordered!.firstIndex(of: v) { a.ordered!.remove(at: k) } } else { a.ordered!.append(v) }
            } else if a.value.isNull { a.value = v }
        case .lastValue:
            if a.ordered != nil {
                if retract { if let k = a.ordered!.lastIndex(of: v) { a.ordered!.remove(at: k) } } else { a.ordered!.append(v) }
            } else { a.value = v }
        }
    }

    /// Merges `other` into `into` (session windows).
    public func merge(_ into: inout [Accumulator], _ other: [Accumulator]) {
        for i in calls.indices {
            let c = calls[i]
            var a = into[i]
            let b = other[i]
            if let bs = b.distinctSeen {
                for (v, n) in bs {
                    let before = a.distinctSeen![v, default: 0]
                    a.distinctSeen![v] = before + n
                    if before == 0 { update(&a, c, v, retract: false) }
                }
                into[i] = a
                continue
            }
            switch c.kind {
            case .countStar, .count: a.count += b.count
            case .sum, .sum0, .avg:
                a.count += b.count
                a.intSum &+= b.intSum
                a.doubleSum += b.doubleSum
                a.decimalSum &+= b.decimalSum
            case .min, .max:
                if let bv = b.values { for (v, n) in bv { a.values![v, default: 0] += n } }
                else if !b.value.isNull { update(&a, c, b.value, retract: false) }
            case .firstValue:
                if let bo = b.ordered { a.ordered!.append(contentsOf: bo) } else if a.value.isNull { a.value = b.value }
            case .lastValue:
                if let bo = b.ordered { a.ordered!.append(contentsOf: bo) } else if !b.value.isNull { a.value = b.value }
            }
            into[i] = a
        }
    }

    public func results(_ accs: [Accumulator], into values: inout [Value]) {
        results(accs, at: 0, into: &values)
    }

    /// `results` of `accs[base ..< base + calls.count]`.
    public func results(_ accs: [Accumulator], at base: Int, into values: inout [Value]) {
        for i in calls.indices { values.append(result(accs[base + i], calls[i])) }
    }

    public func result(_ a: Accumulator, _ c: AggregateCall) -> Value {
        switch c.kind {
        case .countStar, .count:
            return .int(a.count)
        case .sum, .sum0:
            if a.count == 0 {
                if c.kind == .sum { return .null }
                return Self.zero(c.resultType)
            }
            switch c.resultType.logical {
            case .tinyint, .smallint, .int, .bigint: return .int(Self.wrap(a.intSum, c.resultType.logical))
            case .float, .double: return .double(a.intSum != 0 ? Double(a.intSum) + a.doubleSum : a.doubleSum)
            case let .decimal(_, s):
                let inScale = Self.scale(of: c.inputType) ?? s
                return .decimal(Decimals.rescale(a.decimalSum != 0 ? a.decimalSum : Int128(a.intSum), from: inScale, to: s), scale: s)
            default: return .null
            }
        case .avg:
            if a.count == 0 { return .null }
            switch c.resultType.logical {
            case .tinyint, .smallint, .int, .bigint: return .int(Self.wrap(a.intSum / a.count, c.resultType.logical))
            case .float, .double:
                if case .double = c.inputType.logical { return .double(a.doubleSum / Double(a.count)) }
                if case .float = c.inputType.logical { return .double(a.doubleSum / Double(a.count)) }
                if case let .decimal(_, s) = c.inputType.logical {
                    return .double(Double(a.decimalSum) / Decimals.pow10Double(s) / Double(a.count))
                }
                return .double(Double(a.intSum) / Double(a.count))
            case let .decimal(_, rs):
                let inScale = Self.scale(of: c.inputType) ?? 0
                let sum = a.decimalSum != 0 ? a.decimalSum : Int128(a.intSum)
                return .decimal(Decimals.divideHalfUp(sum &* Decimals.pow10(rs - inScale), Int128(a.count)), scale: rs)
            default: return .null
            }
        case .min, .max:
            if let vs = a.values {
                var best: Value = .null
                for v in vs.keys {
                    if best.isNull { best = v; continue }
                    let cmp = Value.compare(v, best)
                    if (c.kind == .min && cmp < 0) || (c.kind == .max && cmp > 0) { best = v }
                }
                return best
            }
            return a.value
        case .firstValue:
            if let o = a.ordered { return o.first ?? .null }
            return a.value
        case .lastValue:
            if let o = a.ordered { return o.last ?? .null }
            return a.value
        }
    }

    static func scale(of t: DataType) -> Int? {
        if case let .decimal(_, s) = t.logical { return s }
        if case .tinyint = t.logical { return 0 }
        if case .smallint = t.logical { return 0 }
        if case .int = t.logical { return 0 }
        if case .bigint = t.logical { return 0 }
        return nil
    }

    static func zero(_ t: DataType) -> Value {
        switch t.logical {
        case .double, .float: return .double(0)
        case let .decimal(_, s): return .decimal(0, scale: s)
        default: return .int(0)
        }
    }

    /// Two's-complement wrap to the width of an integer type (Java arithmetic).
    @inlinable public static func wrap(_ x: Int64, _ t: LogicalType) -> Int64 {
        switch t {
        case .tinyint: return Int64(Int8(truncatingIfNeeded: x))
        case .smallint: return Int64(Int16(truncatingIfNeeded: x))
        case .int: return Int64(Int32(truncatingIfNeeded: x))
        default: return x
        }
    }
}
