import Runtime

/// Parses, validates, plans and runs a script (DDL + one SELECT) with a bounded source set to completion,
/// returning the result schema and the collected changelog.
public enum ScriptRunner {
    @Sendable public static func run(_ script: String, _ parallelism: Int) throws(PlannerError) -> ConformanceRunner.QueryOutput {
        throw PlannerError(.runtime, "not implemented: the planner does not run scripts yet")
    }
}
