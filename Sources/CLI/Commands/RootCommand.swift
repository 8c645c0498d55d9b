/// The whole command tree.
enum RootCommand {
    static func spec() -> CommandSpec {
        CommandSpec("confluent", "Manage FlinkCloud (a local Confluent Cloud for Apache Flink) from the command line.",
                    examples: ["confluent login --url http://127.0.0.1:8080 --api-key KEY --api-secret SECRET",
                               "confluent flink job create --name job1 --sql-file job1.sql --parallelism 2 --wait"],
                    subcommands: [
                        LoginCommands.login(), LoginCommands.logout(),
                        EnvironmentCommands.spec(),
                        CommandSpec("flink", "Manage Apache Flink.", subcommands: [
                            ComputePoolCommands.spec(), JobCommands.spec(), StatementCommands.spec(),
                        ]),
                        CommandSpec("kafka", "Manage Apache Kafka.", subcommands: [KafkaTopicCommands.spec()]),
                    ])
    }

    static let environmentFlag = FlagSpec("environment", value: "ID", help: "Environment ID (default: the current one).")
    static let computePoolFlag = FlagSpec("compute-pool", value: "ID", help: "Compute pool ID (default: the current one, else the environment's default pool).")
}
