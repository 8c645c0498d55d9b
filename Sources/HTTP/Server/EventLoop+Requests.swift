#if canImport(Glibc)
import Glibc
#endif

/// Request handling on the loop: parse, read bodies, run or dispatch handlers, write answers.
extension EventLoop {
    func process(_ c: Connection, now: UInt64) {
        while isOpen(c) {
            switch c.phase {
            case .head:
                guard c.pendingInput > 0 else { c.compactInput(); return }
                let result = c.input.withUnsafeBufferPointer { all in
                    RequestParser.parseHead(UnsafeBufferPointer(rebasing: all[c.inputStart...]),
                                            maxHeaderBytes: config.maxHeaderBytes)
                }
                switch result {
                case .incomplete:
                    c.compactInput()
                    return
                case .failure(let e):
                    fail(c, e, now: now)
                    return
                case .head(let head, let consumed):
                    c.inputStart += consumed
                    startRequest(c, head, now: now)
                }
            case .body:
                let n = min(c.bodyRemaining, c.pendingInput)
                guard n > 0 else { c.compactInput(); return }
                let range = c.inputStart..<(c.inputStart + n)
                if let pipe = c.bodyPipe {
                    if pipe.push(Array(c.input[range])) { pauseReading(c) }
                } else {
                    c.body.append(contentsOf: c.input[range])
                }
                c.inputStart += n
                c.bodyRemaining -= n
                if c.bodyRemaining == 0 { bodyEnded(c, now: now) } else { c.compactInput(); return }
            case .chunkedBody:
                guard c.pendingInput > 0, var decoder = c.chunkDecoder else { c.compactInput(); return }
                let limit = c.bodyPipe == nil ? config.maxBodyBytes : Int.max
                do {
                    let consumed = try c.input.withUnsafeBufferPointer { all in
                        try decoder.decode(UnsafeBufferPointer(rebasing: all[c.inputStart...])) { data in
                            if let pipe = c.bodyPipe {
                                if pipe.push(Array(data)) { pauseReading(c) }
                            } else {
                                guard c.body.count + data.count <= limit else {
                                    throw ProtocolError.payloadTooLarge(config.maxBodyBytes)
                                }
                                c.body.append(contentsOf: data)
                            }
                        }
                    }
                    c.inputStart += consumed
                    c.chunkDecoder = decoder
                } catch let e as ProtocolError {
                    fail(c, e, now: now)
                    return
                } catch {
                    fail(c, .badRequest("Malformed chunked body."), now: now)
                    return
                }
                if decoder.isDone { bodyEnded(c, now: now) } else { c.compactInput(); return }
            case .waiting, .streaming:
                c.compactInput()
                return
            case .draining:
                c.input.removeAll(keepingCapacity: true)
                c.inputStart = 0
                return
            }
        }
    }

    func isOpen(_ c: Connection) -> Bool { Int(c.fd) < connections.count && connections[Int(c.fd)] === c }

    private func pauseReading(_ c: Connection) {
        guard !c.readPaused else { return }
        c.readPaused = true
        updateInterest(c)
    }

    private func startRequest(_ c: Connection, _ head: RequestHead, now: UInt64) {
        var request = HTTPRequest(method: head.method, path: head.path, query: head.query, headers: head.headers)
        let options = service.prepare(&request)
        c.head = head
        c.options = options
        c.keepAlive = head.keepAlive && !shuttingDown
        guard head.hasBody else {
            dispatch(c, request, now: now)
            return
        }
        if !options.streamsRequestBody, let length = head.contentLength, length > config.maxBodyBytes {
            fail(c, .payloadTooLarge(config.maxBodyBytes), now: now)
            return
        }
        if head.expectContinue { c.output.append(contentsOf: ResponseSerializer.continue100) }
        if head.chunked {
            c.chunkDecoder = ChunkedDecoder(maxTrailerBytes: config.maxHeaderBytes)
            c.phase = .chunkedBody
        } else {
            c.bodyRemaining = head.contentLength ?? 0
            c.phase = .body
            if !options.streamsRequestBody { c.body.reserveCapacity(min(c.bodyRemaining, 1 << 20)) }
        }
        if options.streamsRequestBody {
            let fd = c.fd, serial = c.serial
            let pipe = BodyPipe(onResume: { self.post(.resumeRead(fd: fd, serial: serial)) })
            c.bodyPipe = pipe
            c.bodyComplete = false
            request.bodyStream = pipe
            dispatch(c, request, now: now)
        } else {
            c.request = request
        }
        if head.expectContinue { flush(c) }
    }

    private func bodyEnded(_ c: Connection, now: UInt64) {
        if let pipe = c.bodyPipe {
            pipe.finish()
            c.bodyComplete = true
            if c.responseDone {
                completeRequest(c, now: now)
            } else {
                c.phase = .waiting
            }
            return
        }
        guard var request = c.request else { return }
        request.body = c.body
        c.body = []
        c.request = nil
        dispatch(c, request, now: now)
    }

    private func dispatch(_ c: Connection, _ request: HTTPRequest, now: UInt64) {
        guard let head = c.head else { return }
        if !c.options.streamsRequestBody { c.phase = .waiting }
        let keepAlive = c.keepAlive
        if c.options.inline && !c.options.streamsRequestBody {
            let response = service.handle(request)
            respondInline(c, response, head: head, keepAlive: keepAlive, now: now)
            return
        }
        let fd = c.fd, serial = c.serial, service = self.service
        pool.submit {
            let response = service.handle(request)
            self.deliver(response, fd: fd, serial: serial, head: head, keepAlive: keepAlive)
        }
    }

    private func respondInline(_ c: Connection, _ response: HTTPResponse, head: RequestHead, keepAlive: Bool, now: UInt64) {
        var keepAlive = keepAlive && !Self.asksToClose(response)
        switch response.body {
        case .bytes:
            Self.serialize(response, into: &c.output, keepAlive: keepAlive, minorVersion: head.minorVersion,
                           isHead: head.isHead)
            if !keepAlive { c.keepAlive = false }
            c.responseDone = true
            completeRequest(c, now: now)
        case .stream(let produce):
            let chunked = head.minorVersion >= 1
            if !chunked { keepAlive = false }
            if !keepAlive { c.keepAlive = false }
            ResponseSerializer.appendHead(&c.output, status: response.status, headers: response.headers,
                                          framing: chunked ? .chunked : .untilClose, keepAlive: keepAlive,
                                          minorVersion: head.minorVersion)
            if head.isHead {
                if chunked { c.output.append(contentsOf: ResponseSerializer.lastChunk) }
                c.responseDone = true
                completeRequest(c, now: now)
                return
            }
            let fd = c.fd, serial = c.serial
            let writer = StreamChunkWriter(chunked: chunked) { bytes in
                self.post(.chunk(fd: fd, serial: serial, bytes: bytes))
            }
            c.streamWriter = writer
            if c.phase == .waiting { c.phase = .streaming }
            flush(c)
            WorkerPool.detach {
                produce(writer)
                self.post(.streamEnd(fd: fd, serial: serial, chunked: chunked))
            }
        }
    }

    /// Runs on the worker that produced `response`.
    private func deliver(_ response: HTTPResponse, fd: Int32, serial: UInt64, head: RequestHead, keepAlive: Bool) {
        var keepAlive = keepAlive && !Self.asksToClose(response)
        switch response.body {
        case .bytes:
            var out: [UInt8] = []
            Self.serialize(response, into: &out, keepAlive: keepAlive, minorVersion: head.minorVersion, isHead: head.isHead)
            post(.response(fd: fd, serial: serial, bytes: out, keepAlive: keepAlive, writer: nil))
        case .stream(let produce):
            let chunked = head.minorVersion >= 1
            if !chunked { keepAlive = false }
            var out: [UInt8] = []
            ResponseSerializer.appendHead(&out, status: response.status, headers: response.headers,
                                          framing: chunked ? .chunked : .untilClose, keepAlive: keepAlive,
                                          minorVersion: head.minorVersion)
            if head.isHead {
                if chunked { out.append(contentsOf: ResponseSerializer.lastChunk) }
                post(.response(fd: fd, serial: serial, bytes: out, keepAlive: keepAlive, writer: nil))
                return
            }
            let writer = StreamChunkWriter(chunked: chunked) { bytes in
                self.post(.chunk(fd: fd, serial: serial, bytes: bytes))
            }
            post(.response(fd: fd, serial: serial, bytes: out, keepAlive: keepAlive, writer: writer))
            // Streams may last as long as a client follows them: give them their own thread so they
            // never starve the pool.
            WorkerPool.detach {
                produce(writer)
                self.post(.streamEnd(fd: fd, serial: serial, chunked: chunked))
            }
        }
    }

    static func asksToClose(_ response: HTTPResponse) -> Bool {
        guard let v = response.headers["Connection"] else { return false }
        return v.lowercased().contains("close")
    }

    static func serialize(_ response: HTTPResponse, into out: inout [UInt8], keepAlive: Bool, minorVersion: Int, isHead: Bool) {
        guard case .bytes(let body) = response.body else { return }
        let noBody = response.status == 204 || response.status == 304 || (100..<200).contains(response.status)
        ResponseSerializer.appendHead(&out, status: response.status, headers: response.headers,
                                      framing: noBody && response.status != 304 ? .untilClose : .contentLength(body.count),
                                      keepAlive: keepAlive, minorVersion: minorVersion)
        if !isHead && !noBody { out.append(contentsOf: body) }
    }

    /// The response for the current request is complete (queued in `output`).
    func completeRequest(_ c: Connection, now: UInt64) {
        if !c.bodyComplete {
            // The handler answered before its streamed body ended: the rest cannot be reused.
            c.keepAlive = false
            c.bodyPipe?.fail()
        }
        let keepAlive = c.keepAlive && !shuttingDown
        c.resetForNextRequest()
        if !keepAlive {
            c.closeAfterFlush = true
            c.phase = .waiting      // parse nothing more; `flush` moves on to draining
        }
        if c.readPaused && !c.peerClosed {
            c.readPaused = false
            updateInterest(c)
        }
        flush(c)
    }

    /// Called when a pool response finished (message path): also runs pipelined requests.
    func finishResponse(_ c: Connection, now: UInt64) {
        if c.phase == .body || c.phase == .chunkedBody {
            // Early answer to a streamed upload.
            c.keepAlive = false
            c.bodyPipe?.fail()
        }
        c.responseDone = true
        completeRequest(c, now: now)
        if isOpen(c) && c.phase == .head && c.pendingInput > 0 { process(c, now: now) }
        if isOpen(c) && c.peerClosed && c.phase == .head && c.pendingOutput == 0 { closeConnection(c) }
    }

    /// Answers a protocol error and closes the connection once the answer is out.
    func fail(_ c: Connection, _ e: ProtocolError, now: UInt64) {
        let response = HTTPErrorBody.response(status: e.status, code: e.code, detail: e.detail)
        c.bodyPipe?.fail()
        c.keepAlive = false
        Self.serialize(response, into: &c.output, keepAlive: false, minorVersion: c.head?.minorVersion ?? 1, isHead: false)
        c.resetForNextRequest()
        c.phase = .waiting          // parse nothing more; `flush` moves on to draining
        c.closeAfterFlush = true
        c.input.removeAll(keepingCapacity: false)
        c.inputStart = 0
        flush(c)
    }

    func flush(_ c: Connection) {
        while c.pendingOutput > 0 {
            let n = c.output.withUnsafeBytes { buf in
                send(c.fd, buf.baseAddress! + c.outputStart, buf.count - c.outputStart, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                c.outputStart += n
            } else if n < 0 && errno == EINTR {
                continue
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                break
            } else {
                closeConnection(c)
                return
            }
        }
        if c.pendingOutput == 0 {
            if c.output.capacity > 1 << 20 { c.output = [] } else { c.output.removeAll(keepingCapacity: true) }
            c.outputStart = 0
            c.streamWriter?.drained()
            if c.closeAfterFlush && c.phase != .draining {
                if c.peerClosed { closeConnection(c); return }
                Glibc.shutdown(c.fd, Int32(SHUT_WR))
                c.phase = .draining
                c.drainDeadline = config.clock() &+ 2_000_000_000
                c.readPaused = false
                c.input = []
                c.inputStart = 0
            }
        }
        updateInterest(c)
    }
}
