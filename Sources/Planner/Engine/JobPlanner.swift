import Runtime
import SQL

/// What the ControlPlane calls: validate a job's script (the dry run behind `…/jobs/validate` and job
/// create/update), and plan it into a runnable `JobGraph`.
public enum JobPlanner {
    /// `{valid, statements:[{kind, table}], schema:[{name, type}], graph}` or the error (phase, code,
    /// message, line, column).
    public struct ValidationResult: Sendable {
        public struct Column: Sendable, Hashable {
            public var name: String
            /// Flink's spelling, e.g. `BIGINT NOT NULL`, `TIMESTAMP(3) *ROWTIME*`.
            public var type: String
        }
        public var valid: Bool { error == nil }
        public var statements: [ScriptPlanner.StatementInfo]
        public var schema: [Column]
        public var graph: JobGraphDescription?
        /// The changelog mode of the result: `append` or `retract` (updating).
        public var changelogMode: String
        public var error: PlannerError?
    }

    public static func validate(script: String, parallelism: Int, catalog: any Catalog = InMemoryCatalog()) -> ValidationResult {
        do {
            let planned = try ScriptPlanner.plan(script: script, parallelism: parallelism, catalog: catalog)
            guard planned.statements.contains(where: { ["SELECT", "INSERT", "STATEMENT_SET"].contains($0.kind) }) else {
                return ValidationResult(statements: planned.statements, schema: [], graph: nil, changelogMode: "append", error: nil)
            }
            try planned.graph.validate()
            return ValidationResult(statements: planned.statements,
                                    schema: planned.columns.map { .init(name: $0.name, type: $0.type.description) },
                                    graph: planned.graph.graphDescription,
                                    changelogMode: planned.appendOnly ? "append" : "retract", error: nil)
        } catch let e as PlannerError {
            return ValidationResult(statements: [], schema: [], graph: nil, changelogMode: "append", error: e)
        } catch let e as RuntimeError {
            return ValidationResult(statements: [], schema: [], graph: nil, changelogMode: "append", error: .validation(e.detail))
        } catch {
            return ValidationResult(statements: [], schema: [], graph: nil, changelogMode: "append", error: .validation("\(error)"))
        }
    }

    /// Plans a job script (DDL + INSERT INTO / statement set / a SELECT) into a runnable graph. A trailing
    /// SELECT gets a collect sink (`planned.collect`). Throws `PlannerError`.
    public static func plan(script: String, parallelism: Int, catalog: any Catalog = InMemoryCatalog(),
                            context: PlanContext = PlanContext()) throws(PlannerError) -> ScriptPlanner.Planned {
        do {
            let planned = try ScriptPlanner.plan(script: script, parallelism: parallelism, catalog: catalog, context: context)
            guard !planned.graph.vertices.isEmpty else {
                throw PlannerError.validation("The script has no INSERT INTO or SELECT statement to run")
            }
            try planned.graph.validate()
            return planned
        } catch let e as PlannerError {
            throw e
        } catch let e as RuntimeError {
            throw .validation(e.detail)
        } catch {
            throw .validation("\(error)")
        }
    }
}
