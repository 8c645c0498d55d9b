import Testing
@testable import CLI

@Suite struct ArgumentParserTests {
    static func tree() -> CommandSpec {
        CommandSpec("confluent", "root", subcommands: [
            CommandSpec("flink", "flink", subcommands: [
                CommandSpec("job", "jobs", subcommands: [
                    CommandSpec("create", "create",
                                flags: [FlagSpec("name", value: "NAME", help: "n"), FlagSpec("parallelism", value: "N", help: "p"),
                                        FlagSpec("wait", help: "w"), FlagSpec("label", value: "KV", help: "l", repeatable: true),
                                        FlagSpec("timeout", value: "D", help: "t", default: "60s")]) { _ in },
                    CommandSpec("delete", "delete", arguments: [ArgumentSpec("job", variadic: true)]) { _ in },
                    CommandSpec("describe", "describe", arguments: [ArgumentSpec("job")]) { _ in },
                ]),
            ]),
            CommandSpec("environment", "env", aliases: ["env"], subcommands: [
                CommandSpec("list", "list") { _ in },
            ]),
        ])
    }

    func run(_ args: [String]) throws -> (CommandSpec, Invocation) {
        guard case .run(let c, let inv) = try ArgumentParser(root: Self.tree()).parse(args) else {
            Issue.record("expected a runnable command for \(args)")
            throw UsageError("no")
        }
        return (c, inv)
    }

    func usageError(_ args: [String]) -> UsageError? {
        do {
            _ = try ArgumentParser(root: Self.tree()).parse(args)
            return nil
        } catch {
            return error
        }
    }

    @Test func descendsAndBindsFlagsInEveryForm() throws {
        let (c, inv) = try run(["flink", "job", "create", "--name", "job1", "--parallelism=2", "--wait", "-o", "json",
                                "--label", "a=1", "--label=b=2"])
        #expect(c.name == "create")
        #expect(inv.path == ["confluent", "flink", "job", "create"])
        #expect(inv.string("name") == "job1")
        #expect(try inv.int("parallelism") == 2)
        #expect(inv.bool("wait"))
        #expect(inv.string("output") == "json")
        #expect(inv.strings("label") == ["a=1", "b=2"])
        #expect(inv.string("timeout") == "60s", "defaults fill in")
        #expect(inv.positionals.isEmpty)
    }

    @Test func flagsMayComeBeforeTheSubcommandAndShortFlagsMayBeGlued() throws {
        let (_, inv) = try run(["-ojson", "environment", "list"])
        #expect(inv.string("output") == "json")
        let (_, inv2) = try run(["-o", "yaml", "env", "list"])
        #expect(inv2.string("output") == "yaml")
        #expect(inv2.path == ["confluent", "environment", "list"])
    }

    @Test func booleanSwitchesTakeExplicitValues() throws {
        #expect(try run(["flink", "job", "create", "--wait=false"]).1.bool("wait") == false)
        #expect(try run(["flink", "job", "create", "--wait=true"]).1.bool("wait"))
        #expect(usageError(["flink", "job", "create", "--wait=maybe"])?.message.contains("expected true or false") == true)
    }

    @Test func positionalsAndDoubleDash() throws {
        let (_, inv) = try run(["flink", "job", "delete", "a", "b", "--", "--weird"])
        #expect(inv.positionals == ["a", "b", "--weird"])
        let (_, neg) = try run(["flink", "job", "describe", "-5"])
        #expect(neg.positionals == ["-5"], "a negative number is a positional, not a flag")
    }

    @Test func unknownCommandSuggestsTheClosest() {
        let e = usageError(["flink", "job", "creat"])
        #expect(e?.message == "unknown command \"creat\" for \"confluent flink job\"")
        #expect(e?.suggestion == "Did you mean \"create\"?")
        #expect(usageError(["flnk"])?.suggestion == "Did you mean \"flink\"?")
        #expect(usageError(["zzzzzz"])?.suggestion?.contains("--help") == true)
    }

    @Test func unknownFlagSuggestsTheClosest() {
        let e = usageError(["flink", "job", "create", "--nmae", "x"])
        #expect(e?.message == "unknown flag: --nmae")
        #expect(e?.suggestion == "Did you mean \"--name\"?")
        #expect(usageError(["flink", "job", "create", "--paralelism=2"])?.suggestion == "Did you mean \"--parallelism\"?")
        #expect(usageError(["flink", "job", "create", "-x"])?.message == "unknown flag: -x")
    }

    @Test func argumentCountsAreChecked() {
        #expect(usageError(["flink", "job", "describe"])?.message.contains("missing required argument <job>") == true)
        #expect(usageError(["flink", "job", "describe", "a", "b"])?.message.contains("accepts at most 1 argument") == true)
        #expect(usageError(["flink", "job", "delete"])?.message.contains("missing required argument") == true)
        #expect(usageError(["flink", "job", "create", "--name"])?.message == "flag needs an argument: --name")
        #expect(usageError(["flink", "job", "create", "oops"])?.message.contains("accepts no arguments") == true)
    }

    @Test func helpAnywhereAndGroupsShowHelp() throws {
        for args in [["flink", "job", "create", "--help"], ["flink", "job", "create", "-h", "--nmae"], ["flink", "job"], []] {
            guard case .help(let path) = try ArgumentParser(root: Self.tree()).parse(args) else {
                Issue.record("expected help for \(args)")
                continue
            }
            #expect(path.first?.name == "confluent")
        }
    }

    @Test func editDistance() {
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.distance("same", "same") == 0)
        #expect(EditDistance.closest(to: "compute-pol", in: ["job", "compute-pool", "statement"]) == "compute-pool")
        #expect(EditDistance.closest(to: "xyz", in: ["job", "statement"]) == nil)
        #expect(EditDistance.closest(to: "stat", in: ["job", "statement"]) == "statement", "a prefix counts")
    }

    @Test func durations() {
        #expect(DurationText.seconds("90") == 90)
        #expect(DurationText.seconds("500ms") == 0.5)
        #expect(DurationText.seconds("5m") == 300)
        #expect(DurationText.seconds("2h") == 7200)
        #expect(DurationText.seconds("soon") == nil)
        #expect(DurationText.seconds("-1s") == nil)
    }
}
