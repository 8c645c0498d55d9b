import Testing
import Foundation
@testable import CLI

@Suite struct CLIAppTests {
    func run(_ args: [String], env: [String: String] = [:]) -> (Int32, String, String) {
        let (terminal, captured) = Terminal.capturing()
        var environment = env
        if environment["FLINKCLOUD_CONFIG"] == nil {
            environment["FLINKCLOUD_CONFIG"] = NSTemporaryDirectory() + "cli-app-" + UUID().uuidString + ".json"
        }
        let code = CLIApp(terminal: terminal, environment: environment).run(args)
        return (code, captured.out, captured.err)
    }

    @Test func helpExitsZero() {
        let (code, out, _) = run(["--help"])
        #expect(code == 0)
        for group in ["login", "logout", "environment", "flink", "kafka"] { #expect(out.contains("  " + group)) }
    }

    @Test func everyCommandHasHelpListingItsFlags() {
        func walk(_ path: [CommandSpec]) {
            let node = path.last!
            let args = path.dropFirst().map(\.name) + ["--help"]
            let (code, out, err) = run(args)
            #expect(code == 0, "\(args): \(err)")
            #expect(out.hasPrefix(node.summary), "\(args)")
            for f in node.flags { #expect(out.contains("--" + f.name), "\(args) help lacks --\(f.name)") }
            for s in node.subcommands { walk(path + [s]) }
        }
        walk([RootCommand.spec()])
    }

    @Test func theSeedsAndTheRealCLIsVerbsExist() {
        let expected = [
            "login", "logout",
            "environment create", "environment list", "environment describe", "environment use", "environment update", "environment delete",
            "flink compute-pool create", "flink compute-pool list", "flink compute-pool describe", "flink compute-pool use",
            "flink compute-pool update", "flink compute-pool delete",
            "flink job create", "flink job list", "flink job describe", "flink job update", "flink job stop", "flink job resume",
            "flink job delete", "flink job validate", "flink job versions", "flink job rollback", "flink job diff", "flink job logs",
            "flink job metrics", "flink job checkpoints", "flink job graph",
            "flink statement create", "flink statement list", "flink statement describe", "flink statement delete",
            "flink statement stop", "flink statement resume", "flink statement update", "flink statement exception list",
            "kafka topic create", "kafka topic list", "kafka topic describe", "kafka topic delete", "kafka topic produce",
            "kafka topic consume",
        ]
        for line in expected {
            guard case .help(let path)? = try? ArgumentParser(root: RootCommand.spec()).parse(line.split(separator: " ").map(String.init) + ["-h"]) else {
                Issue.record("\(line) does not parse")
                continue
            }
            #expect(path.map(\.name).dropFirst().joined(separator: " ") == line)
            #expect(path.last?.run != nil, "\(line) does not run")
        }
    }

    @Test func usageErrorsExitOneWithSuggestion() {
        let (code, out, err) = run(["flink", "jbo", "list"])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err == "Error: unknown command \"jbo\" for \"confluent flink\"\n\nSuggestions:\n    Did you mean \"job\"?\n")
        let (code2, _, err2) = run(["flink", "job", "list", "--output", "jsn"])
        #expect(code2 == 1)
        #expect(err2.contains("Did you mean \"json\"?"))
    }

    @Test func commandsNeedALogin() {
        let (code, _, err) = run(["flink", "job", "list"])
        #expect(code == 1)
        #expect(err.contains("you must log in"))
        #expect(err.contains("confluent login --url"))
    }

    @Test func unreachableServerIsAnError() {
        let (code, _, err) = run(["environment", "list"], env: ["CONFLUENT_URL": "http://127.0.0.1:1"])
        #expect(code == 1)
        #expect(err.contains("cannot reach the server at http://127.0.0.1:1"))
    }

    @Test func logoutWithoutLoginIsFine() {
        let (code, out, _) = run(["logout"])
        #expect(code == 0)
        #expect(out.contains("not logged in"))
    }
}
