import Foundation
import Planner

/// `flinkcloud conformance DIR [--parallelism N]`: runs every case folder under DIR through the planner
/// and runtime, prints `PASS name` / `FAIL name: why` per case and `N passed, M failed`; exit 1 on failure.
enum ConformanceCommand {
    static func run(_ args: [String]) -> Int32 {
        var dir: String?
        var parallelism: Int?
        var i = 0
        while i < args.count {
            if args[i] == "--parallelism", i + 1 < args.count, let p = Int(args[i + 1]), p > 0 {
                parallelism = p
                i += 2
            } else if args[i].hasPrefix("--parallelism="), let p = Int(args[i].dropFirst("--parallelism=".count)), p > 0 {
                parallelism = p
                i += 1
            } else if dir == nil, !args[i].hasPrefix("-") {
                dir = args[i]
                i += 1
            } else {
                return usage()
            }
        }
        guard let dir else { return usage() }
        let root = URL(fileURLWithPath: dir).standardizedFileURL.path
        guard !ConformanceCase.list(root: root).isEmpty else {
            FileHandle.standardError.write(Data("flinkcloud conformance: no cases (folders with case.sql) in \(root)\n".utf8))
            return 2
        }
        let failed = ConformanceRunner().runAll(root: root, parallelism: parallelism) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        return failed == 0 ? 0 : 1
    }

    static func usage() -> Int32 {
        FileHandle.standardError.write(Data("usage: flinkcloud conformance DIR [--parallelism N]\n".utf8))
        return 2
    }
}
