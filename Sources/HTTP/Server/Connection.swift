/// One client connection; owned and touched only by its event loop's thread.
final class Connection {
    enum Phase {
        case head                 // waiting for (more of) a request head
        case body                 // reading a Content-Length body
        case chunkedBody          // reading a chunked body
        case waiting              // a handler is producing the response
        case streaming            // a streamed response is being written
        case draining             // error answered; discarding input until the peer closes
    }

    let fd: Int32
    let serial: UInt64
    var phase: Phase = .head
    var input: [UInt8] = []
    var inputStart = 0
    var output: [UInt8] = []
    var outputStart = 0
    var interest: UInt32 = 0

    var head: RequestHead?
    var request: HTTPRequest?
    var options = RouteOptions.standard
    var body: [UInt8] = []
    var bodyRemaining = 0
    var chunkDecoder: ChunkedDecoder?
    var bodyPipe: BodyPipe?
    /// A streamed-body handler was started before the body ended; true once the body is complete.
    var bodyComplete = true
    var responseDone = false
    var streamWriter: StreamChunkWriter?

    var keepAlive = true
    var closeAfterFlush = false
    var peerClosed = false
    var readPaused = false
    var lastActivity: UInt64
    var requestStart: UInt64 = 0
    var drainDeadline: UInt64 = 0

    init(fd: Int32, serial: UInt64, now: UInt64) {
        self.fd = fd
        self.serial = serial
        self.lastActivity = now
        input.reserveCapacity(4096)
        output.reserveCapacity(4096)
    }

    var pendingInput: Int { input.count - inputStart }
    var pendingOutput: Int { output.count - outputStart }

    func resetForNextRequest() {
        phase = .head
        head = nil
        request = nil
        body = []
        bodyRemaining = 0
        chunkDecoder = nil
        bodyPipe = nil
        bodyComplete = true
        responseDone = false
        streamWriter = nil
        options = .standard
    }

    func compactInput() {
        if inputStart == input.count {
            input.removeAll(keepingCapacity: true)
            inputStart = 0
        } else if inputStart > 32 * 1024 && inputStart * 2 > input.count {
            input.removeFirst(inputStart)
            inputStart = 0
        }
    }
}
