import Testing
import Foundation
import Model
import TestSupport

/// `confluent flink job create|update --auto-rollback --rollback-probation` against a live `flinkcloud`:
/// the values reach the job (read back over REST, per version too), describe shows them, and bad values
/// fail with exit 1 and leave the job as it was.
@Suite(.serialized) struct CLIRollbackSettingsTests {
    @Test func rollbackSettingsThroughTheCLI() throws {
        try ConfluentCLI.withLoggedIn { server, cli in
            let rest = server.client()
            let jobs = "/flink/v1/environments/" + (try server.defaultEnvironment()) + "/jobs"
            func spec(_ job: String) throws -> JSONValue? { try rest.get(jobs + "/" + job).json?["spec"] }

            let plain = try cli.run(["flink", "job", "create", "--name", "rb-plain", "--sql", CLIProcessTests.jobSQL, "-o", "json"])
            #expect(plain.status == 0, "\(plain.err)")
            #expect(try spec("rb-plain")?["auto_rollback"] == .bool(true), "the server's default without the flags")
            #expect(try spec("rb-plain")?["rollback_probation"] == .null)

            let create = try cli.run(["flink", "job", "create", "--name", "rb-job", "--sql", CLIProcessTests.jobSQL,
                                      "--auto-rollback=false", "--rollback-probation", "5000", "-o", "json"])
            #expect(create.status == 0, "\(create.err)")
            #expect(create.json?["auto_rollback"] == .bool(false))
            #expect(create.json?["rollback_probation"] == .int(5000))
            #expect(try spec("rb-job")?["auto_rollback"] == .bool(false))
            #expect(try spec("rb-job")?["rollback_probation"] == .int(5000))

            let described = try cli.run(["flink", "job", "describe", "rb-job"])
            #expect(described.status == 0, "\(described.err)")
            let lines = described.out.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("| Auto Rollback ") && $0.contains("| false ") }, "\(described.out)")
            #expect(lines.contains { $0.hasPrefix("| Rollback Probation (ms) ") && $0.contains("| 5000 ") }, "\(described.out)")

            let update = try cli.run(["flink", "job", "update", "rb-job", "--auto-rollback=true", "--rollback-probation", "120000", "-o", "json"])
            #expect(update.status == 0, "\(update.err)")
            #expect(update.json?["version"] == .int(2))
            #expect(update.json?["auto_rollback"] == .bool(true))
            #expect(update.json?["rollback_probation"] == .int(120000))
            #expect(try spec("rb-job")?["auto_rollback"] == .bool(true))
            #expect(try spec("rb-job")?["rollback_probation"] == .int(120000))
            let versions = try rest.get(jobs + "/rb-job/versions").json?["data"]?.arrayValue ?? []
            let configs = versions.map { ($0["version"]?.intValue, $0["config"]?["auto_rollback"], $0["config"]?["rollback_probation"]) }
            #expect(configs.contains { $0 == (1, .bool(false), .int(5000)) }, "\(configs)")
            #expect(configs.contains { $0 == (2, .bool(true), .int(120000)) }, "\(configs)")

            // One flag alone changes only its setting.
            let off = try cli.run(["flink", "job", "update", "rb-job", "--auto-rollback=false", "-o", "json"])
            #expect(off.status == 0, "\(off.err)")
            #expect(off.json?["auto_rollback"] == .bool(false))
            #expect(off.json?["rollback_probation"] == .int(120000))

            // Out of range: the server's 400 detail, exit 1; not a number: the CLI refuses it.
            let negative = try cli.run(["flink", "job", "update", "rb-job", "--rollback-probation", "-5"])
            #expect(negative.status == 1)
            #expect(negative.out.isEmpty)
            #expect(negative.err.hasPrefix("Error: rollback_probation must be between 0 and 86400000 ms (got -5)."), "\(negative.err)")
            let tooLong = try cli.run(["flink", "job", "create", "--name", "rb-long", "--sql", CLIProcessTests.jobSQL,
                                       "--rollback-probation", "86400001"])
            #expect(tooLong.status == 1)
            #expect(tooLong.err.contains("(got 86400001)"), "\(tooLong.err)")
            #expect(try rest.get(jobs + "/rb-long").status == 404, "a refused create makes no job")
            let word = try cli.run(["flink", "job", "update", "rb-job", "--rollback-probation", "2m"])
            #expect(word.status == 1)
            #expect(word.err.hasPrefix("Error: invalid argument \"2m\" for \"--rollback-probation\" flag: expected an integer"), "\(word.err)")
            let maybe = try cli.run(["flink", "job", "update", "rb-job", "--auto-rollback=maybe"])
            #expect(maybe.status == 1)
            #expect(maybe.err.contains("expected true or false"), "\(maybe.err)")

            let after = try rest.get(jobs + "/rb-job").json
            #expect(after?["status"]?["current_version"] == .int(3), "refused updates make no version")
            #expect(after?["spec"]?["auto_rollback"] == .bool(false))
            #expect(after?["spec"]?["rollback_probation"] == .int(120000))

            for job in ["rb-job", "rb-plain"] { #expect(try cli.run(["flink", "job", "delete", job]).status == 0) }
        }
    }
}
