import Runtime
import SQL

/// Parses, validates, plans and runs a script (DDL + one SELECT) with bounded sources to completion,
/// returning the result schema and the collected changelog.
public enum ScriptRunner {
    @Sendable public static func run(_ script: String, _ parallelism: Int) throws(PlannerError) -> ConformanceRunner.QueryOutput {
        do {
            let planned = try ScriptPlanner.plan(script: script, parallelism: parallelism, catalog: InMemoryCatalog())
            guard let collect = planned.collect else { throw PlannerError.validation("The script has no SELECT") }
            do {
                try JobRunner.runToCompletion(planned.graph)
            } catch let e as RuntimeError {
                throw PlannerError.runtime(e.detail)
            }
            return ConformanceRunner.QueryOutput(columns: planned.columns.map { ($0.name, $0.type) }, changelog: collect.changelog)
        } catch let e as PlannerError {
            throw e
        } catch {
            throw PlannerError.runtime("\(error)")
        }
    }
}
