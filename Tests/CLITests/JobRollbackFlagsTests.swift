import Testing
import Foundation
import Model
@testable import CLI

/// `--auto-rollback` and `--rollback-probation` on `flink job create|update`: the request body they make and
/// the mistakes the CLI rejects before it talks to a server (the server's own checks are in CLIProcessTests).
@Suite struct JobRollbackFlagsTests {
    /// The settings members `job create|update` sends for `args` (after `confluent`).
    func body(_ args: [String]) throws -> JSONValue {
        guard case .run(_, let inv) = try ArgumentParser(root: RootCommand.spec()).parse(args) else {
            throw UsageError("\(args) is not runnable")
        }
        let (terminal, _) = Terminal.capturing()
        let store = ConfigStore(path: NSTemporaryDirectory() + "cli-rollback-" + UUID().uuidString + ".json")
        let ctx = try CommandContext(invocation: inv, terminal: terminal, environment: [:], store: store)
        return JSONBuild.object(try JobCommands.configBody(ctx))
    }

    func run(_ args: [String]) -> (Int32, String, String) {
        let (terminal, captured) = Terminal.capturing()
        let env = ["FLINKCLOUD_CONFIG": NSTemporaryDirectory() + "cli-rollback-" + UUID().uuidString + ".json"]
        let code = CLIApp(terminal: terminal, environment: env).run(args)
        return (code, captured.out, captured.err)
    }

    @Test func createSendsBothSettingsAsTheRESTAPINamesThem() throws {
        let b = try body(["flink", "job", "create", "--name", "j", "--sql", "SELECT 1;",
                          "--auto-rollback=false", "--rollback-probation", "90000"])
        #expect(b["auto_rollback"] == .bool(false))
        #expect(b["rollback_probation"] == .int(90000))
        let on = try body(["flink", "job", "create", "--name", "j", "--sql", "SELECT 1;", "--auto-rollback", "--rollback-probation=0"])
        #expect(on["auto_rollback"] == .bool(true))
        #expect(on["rollback_probation"] == .int(0))
    }

    @Test func updateSendsOnlyTheFlagsGiven() throws {
        let b = try body(["flink", "job", "update", "j", "--auto-rollback=true"])
        #expect(b["auto_rollback"] == .bool(true))
        #expect(b["rollback_probation"] == nil)
        let p = try body(["flink", "job", "update", "j", "--rollback-probation", "120000"])
        #expect(p["rollback_probation"] == .int(120000))
        #expect(p["auto_rollback"] == nil, "an update without --auto-rollback keeps the job's setting")
        let other = try body(["flink", "job", "update", "j", "--parallelism", "2"])
        #expect(other["auto_rollback"] == nil && other["rollback_probation"] == nil)
    }

    @Test func badValuesFailWithAClearMessage() {
        let (code, out, err) = run(["flink", "job", "create", "--name", "j", "--sql", "SELECT 1;", "--rollback-probation", "30s"])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err == "Error: invalid argument \"30s\" for \"--rollback-probation\" flag: expected an integer\n")
        let (code2, _, err2) = run(["flink", "job", "update", "j", "--auto-rollback=maybe"])
        #expect(code2 == 1)
        #expect(err2 == "Error: invalid argument \"maybe\" for \"--auto-rollback\" flag: expected true or false\n")
        let (code3, _, err3) = run(["flink", "job", "update", "j", "--rollback-probation"])
        #expect(code3 == 1)
        #expect(err3.contains("flag needs an argument: --rollback-probation"), "\(err3)")
    }

    @Test func helpDescribesBothFlagsOnCreateAndUpdate() {
        for verb in ["create", "update"] {
            let (code, out, _) = run(["flink", "job", verb, "--help"])
            #expect(code == 0)
            #expect(out.contains("    --auto-rollback "), "\(verb): \(out)")
            #expect(out.contains("--auto-rollback=false turns it off"), "\(verb)")
            #expect(out.contains("    --rollback-probation MS "), "\(verb): \(out)")
            #expect(out.contains("in milliseconds (0 to 86400000"), "\(verb)")
        }
        #expect(run(["flink", "job", "update", "--help"]).1.contains("confluent flink job update job1 --auto-rollback=false"))
    }

    @Test func describeShowsWhatTheServerReturns() {
        let job: JSONValue = .object(JSONObject([
            ("id", .string("job-1")),
            ("spec", .object(JSONObject([("auto_rollback", .bool(false)), ("rollback_probation", .int(5000))]))),
        ]))
        let object = JobCommands.view.object(job)
        #expect(object["auto_rollback"] == .bool(false))
        #expect(object["rollback_probation"] == .int(5000))
        let pairs = JobCommands.view.describePairs(job)
        #expect(pairs.contains { $0 == ("Auto Rollback", "false") })
        #expect(pairs.contains { $0 == ("Rollback Probation (ms)", "5000") })
    }
}
