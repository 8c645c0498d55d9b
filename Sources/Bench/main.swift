// flinkcloud-bench: benchmarks print numbers; they are not tests.
// Each benchmark lives in its own file as `enum XBench { static func run(_ args: [String]) }`.
let args = Array(CommandLine.arguments.dropFirst())
let name = args.first ?? "help"
let rest = Array(args.dropFirst())
switch name {
case "api": APIBench.run(rest)
case "http": HTTPBench.run(rest)
case "runtime": RuntimeBench.run(rest)
case "plan": PlanBench.run(rest)
case "submit": SubmitBench.run(rest)
case "produce": ProduceBench.run(rest)
case "checkpoint": CheckpointBench.run(rest)
case "recovery": CheckpointBench.runRecovery(rest)
case "load": LoadBench.run(rest)
case "all", "suite": SuiteBench.run(rest)
default:
    print("usage: flinkcloud-bench <benchmark> [options]")
}
