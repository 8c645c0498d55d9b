import Foundation
import Synchronization

/// Samples a process's resident set size (Linux `/proc/<pid>/status`) every 100 ms on its own thread:
/// the peak and the series (to tell bounded from growing memory).
final class ProcessMemory: Sendable {
    private let state = Mutex<(running: Bool, peakKiB: Int, samples: [Int])>((true, 0, []))

    init(pid: Int32, interval: Double = 0.1) {
        Thread.detachNewThread { [self] in
            while state.withLock({ $0.running }) {
                if let kib = Self.rssKiB(pid) {
                    state.withLock { $0.peakKiB = max($0.peakKiB, kib); $0.samples.append(kib) }
                }
                usleep(UInt32(interval * 1e6))
            }
        }
    }

    var peakKiB: Int { state.withLock { $0.peakKiB } }
    var samplesKiB: [Int] { state.withLock { $0.samples } }
    func stop() { state.withLock { $0.running = false } }

    static func rssKiB(_ pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
        }
        return nil
    }
}
