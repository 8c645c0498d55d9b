import HTTP
import Synchronization

/// A request body that was already read, as a one-chunk `BodyStream` (a streaming route called with a
/// buffered request, e.g. by `APIService.handle` in tests).
final class BufferedBody: BodyStream {
    private let bytes: [UInt8]
    private let taken = Atomic<Bool>(false)

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read() -> [UInt8]? {
        taken.exchange(true, ordering: .relaxed) ? nil : bytes
    }
}
