import Foundation

/// User plus system CPU time of another process so far, in microseconds (Linux `/proc/<pid>/stat`,
/// clock-tick resolution: 10 ms at the usual 100 Hz, fine over phases of seconds).
func processCPUMicros(pid: Int32) -> Int? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let afterName = stat.lastIndex(of: ")") else { return nil }
    // Fields after the command name: state is field 3, utime 14 and stime 15 (1-based, man 5 proc).
    let fields = stat[stat.index(after: afterName)...].split(separator: " ")
    guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
    let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
    return (user + system) * 1_000_000 / max(1, ticksPerSecond)
}
