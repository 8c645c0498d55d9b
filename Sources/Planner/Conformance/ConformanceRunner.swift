import Runtime

/// Runs conformance cases through the planner and runtime and judges them by the corpus' rules.
public struct ConformanceRunner: Sendable {
    /// What running a script produced: the result schema and the changelog the collect sink received.
    public struct QueryOutput: Sendable {
        public var columns: [(name: String, type: DataType)]
        public var changelog: [Row]
        public init(columns: [(name: String, type: DataType)], changelog: [Row]) {
            self.columns = columns
            self.changelog = changelog
        }
    }

    /// Plans and runs a script (DDL + one SELECT) at a parallelism to completion.
    public typealias Engine = @Sendable (_ script: String, _ parallelism: Int) throws(PlannerError) -> QueryOutput

    public enum Outcome: Sendable, Equatable {
        case pass
        case fail(String)
        public var passed: Bool { self == .pass }
    }

    public var engine: Engine

    public init(engine: @escaping Engine = ScriptRunner.run) {
        self.engine = engine
    }

    public func run(_ c: ConformanceCase, parallelism: Int) -> Outcome {
        let output: QueryOutput
        do {
            output = try engine(c.script, parallelism)
        } catch {
            return judgeError(error, c)
        }
        if let e = c.expectedError {
            return .fail("expected a \(e.phase) error (\(e.message)) but the query ran")
        }
        let schema = output.columns.map { $0.name + ": " + $0.type.description }
        if schema != c.schema {
            return .fail("schema differs: got [\(schema.joined(separator: ", "))], expected [\(c.schema.joined(separator: ", "))]")
        }
        let rows = Self.materialize(output.changelog)
        let types = output.columns.map(\.type)
        let actual: [JSONLite]
        do {
            actual = try rows.map { try JSONLite.parse(ResultEncoder.encode($0, types: types)) }
        } catch {
            return .fail("could not encode the result")
        }
        let d = MultisetComparator.diff(expected: c.expectedRows, actual: actual)
        return d.isEmpty ? .pass : .fail("result differs (\(c.expectedRows.count) expected, \(actual.count) actual): " + d.summary)
    }

    func judgeError(_ error: PlannerError, _ c: ConformanceCase) -> Outcome {
        guard let e = c.expectedError else { return .fail("\(error)") }
        guard error.phase.rawValue == e.phase else {
            return .fail("expected a \(e.phase) error, got \(error)")
        }
        if let line = e.line, let column = e.column, error.line != line || error.column != column {
            return .fail("expected a \(e.phase) error at line \(line), column \(column), got \(error)")
        }
        return .pass
    }

    /// Applies a changelog to an empty multiset: +I/+U add the row, -U/-D remove one equal row.
    public static func materialize(_ changelog: [Row]) -> [[Value]] {
        var counts: [[Value]: Int] = [:]
        var order: [[Value]] = []
        for r in changelog {
            if r.kind.isAccumulate {
                if counts[r.values] == nil { order.append(r.values) }
                counts[r.values, default: 0] += 1
            } else if let n = counts[r.values], n > 0 {
                counts[r.values] = n - 1
            }
        }
        var out: [[Value]] = []
        for v in order { for _ in 0..<(counts[v] ?? 0) { out.append(v) } }
        return out
    }

    /// Runs every case under `root` at `parallelism` (or at each of its checked parallelisms when nil),
    /// writing `PASS name` / `FAIL name: why` lines and a last `N passed, M failed` line; returns the failure count.
    public func runAll(root: String, parallelism: Int?, print: (String) -> Void) -> Int {
        var passed = 0, failed = 0
        for name in ConformanceCase.list(root: root) {
            let c: ConformanceCase
            do {
                c = try ConformanceCase(directory: root + "/" + name)
            } catch {
                failed += 1
                print("FAIL \(name): cannot read the case (\(error))")
                continue
            }
            let ps = parallelism.map { [$0] } ?? c.parallelisms
            var why: String?
            for p in ps {
                if case let .fail(reason) = run(c, parallelism: p) {
                    why = ps.count > 1 ? "parallelism \(p): \(reason)" : reason
                    break
                }
            }
            if let why {
                failed += 1
                print("FAIL \(name): \(why)")
            } else {
                passed += 1
                print("PASS \(name)")
            }
        }
        print("\(passed) passed, \(failed) failed")
        return failed
    }
}
