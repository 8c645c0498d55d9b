import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Samples a process's resident set size every 50 ms and keeps the peak (Linux /proc).
final class PeakRSS: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var running = true

    init(pid: Int32) {
        Thread.detachNewThread { [self] in
            while true {
                lock.lock(); let go = running; lock.unlock()
                guard go else { return }
                if let kib = Self.rssKiB(pid) { lock.lock(); peak = max(peak, kib); lock.unlock() }
                usleep(50_000)
            }
        }
    }

    var peakKiB: Int { lock.lock(); defer { lock.unlock() }; return peak }
    func stop() { lock.lock(); running = false; lock.unlock() }

    static func rssKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        }
        return nil
    }
}
