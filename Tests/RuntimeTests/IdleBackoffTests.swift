import Testing
@testable import Runtime

@Suite struct IdleBackoffTests {
    @Test func quickPollsThenDoublesUpToTheMaximumAndResetsOnData() {
        var b = IdleBackoff(base: 1000, maximum: 20_000)
        let first = (0..<16).map { _ in b.idle() }
        #expect(first.allSatisfy { $0 == 1000 }, "a burst's end is polled at the base rate")
        #expect([b.idle(), b.idle(), b.idle(), b.idle(), b.idle(), b.idle()] == [2000, 4000, 8000, 16_000, 20_000, 20_000])
        for _ in 0..<1000 { #expect(b.idle() == 20_000) }
        b.busy()
        #expect(b.idle() == 1000)
    }

    /// 100 idle sources wake at most 100 × 50 = 5,000 times a second instead of 100,000.
    @Test func idleWakeupsAreBounded() {
        var b = IdleBackoff(base: 1000, maximum: 20_000)
        var slept: UInt64 = 0
        var polls = 0
        while slept < 10_000_000 {   // ten seconds idle
            slept += UInt64(b.idle())
            polls += 1
        }
        #expect(polls < 10 * 50 + 30)
    }
}
