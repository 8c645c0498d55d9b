/// The default clock of the server and middlewares: monotonic nanoseconds.
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 { Socket.monotonicNanos() }
}
