import Foundation

/// Polls `condition` every `interval` seconds until it holds or `seconds` pass; returns its last answer.
public func waitFor(seconds: Double = 20, every interval: Double = 0.02, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: interval)
    }
    return try condition()
}
