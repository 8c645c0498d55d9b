import Model
import Store

extension ControlPlane {
    /// What a switch from (`fromSQL`, `fromConfig`) to (`toSQL`, `toConfig`) will do with state, from the two
    /// plans' operator uids; nil when a plan is not available (a validator without planner, SQL that no
    /// longer plans).
    func stateCompatibility(environmentID: String, fromSQL: String, fromConfig: JobConfig, toSQL: String,
                            toConfig: JobConfig) -> StateCompatibility? {
        let p = (from: fromConfig.parallelism, to: toConfig.parallelism)
        let a = validator.report(sql: fromSQL, environmentID: environmentID, config: fromConfig).graph
        guard let a else { return nil }
        if fromSQL == toSQL && fromConfig.parallelism == toConfig.parallelism {
            return StateCompatibility.check(from: a.nodes.map(\.uid), to: a.nodes.map(\.uid))
        }
        guard let b = validator.report(sql: toSQL, environmentID: environmentID, config: toConfig).graph else { return nil }
        return StateCompatibility.check(from: a.nodes.map(\.uid), to: b.nodes.map(\.uid), parallelism: p)
    }

    /// The state restore a new version of `job` is expected to get (the executor records what happened).
    func expectedRestore(_ job: Job, toSQL: String, toConfig: JobConfig) -> JobVersion.StateRestore? {
        stateCompatibility(environmentID: job.environmentID, fromSQL: job.sql, fromConfig: job.config, toSQL: toSQL,
                           toConfig: toConfig)?.restore(fromVersion: job.currentVersion)
    }
}
