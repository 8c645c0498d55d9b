/// A window definition in milliseconds.
public enum WindowSpec: Sendable, Hashable {
    case tumble(size: Int64, offset: Int64 = 0)
    case hop(size: Int64, slide: Int64, offset: Int64 = 0)
    case cumulate(maxSize: Int64, step: Int64, offset: Int64 = 0)
    case session(gap: Int64)

    /// The windows `[start, end)` a timestamp belongs to (not for sessions).
    @inlinable public func assign(_ ts: Int64, into out: inout [(start: Int64, end: Int64)]) {
        out.removeAll(keepingCapacity: true)
        switch self {
        case let .tumble(size, offset):
            let start = ts - TimeMath.floorMod(ts - offset, size)
            out.append((start, start + size))
        case let .hop(size, slide, offset):
            var start = ts - TimeMath.floorMod(ts - offset, slide)
            while start > ts - size {
                out.append((start, start + size))
                start -= slide
            }
        case let .cumulate(maxSize, step, offset):
            let start = ts - TimeMath.floorMod(ts - offset, maxSize)
            var end = start + step
            while end <= start + maxSize {
                if ts < end { out.append((start, end)) }
                end += step
            }
        case let .session(gap):
            out.append((ts, ts + gap))
        }
    }
}
