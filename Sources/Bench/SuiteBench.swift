import Foundation

/// `flinkcloud-bench all [--quick] [--server PATH]`: runs every benchmark of the suite — `http`, `api`
/// (list and create jobs), `produce`, `runtime` (job1 at parallelism 1 and 2), `submit`, `checkpoint`,
/// `recovery` — each as a child process of this executable (so one's threads and memory do not disturb the
/// next), picks each one's result lines and prints them as one table. A benchmark this build does not
/// have is listed as such. `--quick` shortens every phase (a smoke run, not figures to quote).
enum SuiteBench {
    struct Entry {
        let name: String
        let what: String
        let args: [String]
        let quickArgs: [String]
        /// Which output lines are results.
        let isResult: @Sendable (String) -> Bool
        let usesServer: Bool
    }

    static let entries: [Entry] = [
        Entry(name: "http", what: "GET /health, 64 keep-alive connections (in-process server)",
              args: ["--connections", "64", "--seconds", "10"], quickArgs: ["--connections", "64", "--seconds", "2"],
              isResult: { $0.hasPrefix("requests ") }, usesServer: false),
        Entry(name: "api", what: "GET a list of 20 jobs / POST job create (durable), 64 connections",
              args: ["--seconds", "5"], quickArgs: ["--seconds", "1"],
              isResult: { $0.contains("req/s") }, usesServer: true),
        Entry(name: "produce", what: "Kafka REST produce into an embedded topic",
              args: [], quickArgs: ["--seconds", "2"],
              isResult: { $0.contains("records/s") || $0.contains("/s,") }, usesServer: true),
        Entry(name: "runtime", what: "seed job1 (TUMBLE 1 h) over 1M events from a topic, p=1 and p=2",
              args: ["--events", "1000000", "--parallelism", "1,2"], quickArgs: ["--events", "100000", "--parallelism", "1,2"],
              isResult: { $0.hasPrefix("events=") }, usesServer: false),
        Entry(name: "submit", what: "submit job1 over HTTP until RUNNING",
              args: ["--runs", "30"], quickArgs: ["--runs", "5"],
              isResult: { $0.contains("submit-to-RUNNING") }, usesServer: true),
        Entry(name: "checkpoint", what: "checkpoint of 1M keys of window state; throughput with/without 1 s checkpoints",
              args: ["--skip-recovery"], quickArgs: ["--skip-recovery", "--keys", "100000", "--events", "1000000"],
              isResult: { $0.contains(" ms") || $0.contains("/s") }, usesServer: false),
        Entry(name: "recovery", what: "restart from the latest checkpoint (100k keys)",
              args: [], quickArgs: ["--keys", "20000"],
              isResult: { $0.contains(" ms") || $0.contains("/s") }, usesServer: false),
    ]

    static func run(_ args: [String]) {
        var quick = false
        var server: String?
        var only: Set<String>?
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--quick": quick = true
            case "--server" where i + 1 < args.count: server = args[i + 1]; i += 1
            case "--only" where i + 1 < args.count: only = Set(args[i + 1].split(separator: ",").map(String.init)); i += 1
            default:
                print("usage: flinkcloud-bench all [--quick] [--only NAME,…] [--server PATH]")
                exit(2)
            }
            i += 1
        }
        let me = URL(fileURLWithPath: CommandLine.arguments[0]).path
        var rows: [(Entry, [String], Double)] = []
        print("flinkcloud-bench all: \(entries.count) benchmarks, one child process each\(quick ? " (--quick: short smoke runs)" : "")")
        for entry in entries where only?.contains(entry.name) ?? true {
            var childArgs = [entry.name] + (quick ? entry.quickArgs : entry.args)
            if entry.usesServer, let server { childArgs += ["--server", server] }
            print("  running \(entry.name) …")
            let t0 = Date()
            let output = runChild(me, childArgs)
            let seconds = Date().timeIntervalSince(t0)
            let lines = output.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
            let results: [String]
            if lines.contains(where: { $0.hasPrefix("usage: flinkcloud-bench <benchmark>") }) {
                results = ["(not in this build)"]
            } else {
                let picked = lines.filter(entry.isResult)
                results = picked.isEmpty ? ["(no result line; output: \(lines.suffix(2).joined(separator: " / ")))"] : picked
            }
            rows.append((entry, results, seconds))
        }
        print("")
        print("| benchmark | what | result | wall |")
        print("|---|---|---|---|")
        for (entry, results, seconds) in rows {
            for (k, r) in results.enumerated() {
                let cell = r.replacingOccurrences(of: "|", with: "\\|")
                print("| \(k == 0 ? "`\(entry.name)`" : "") | \(k == 0 ? entry.what : "") | \(cell) | \(k == 0 ? String(format: "%.0f s", seconds) : "") |")
            }
        }
    }

    /// Runs this executable with `args`; returns stdout and stderr together.
    static func runChild(_ path: String, _ args: [String]) -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        do { try p.run() } catch { return "cannot start: \(error)" }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
