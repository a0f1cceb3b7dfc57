import Glibc

/// One client connection: reads, parses, hands each request to the responder
/// and writes the answers back in order.
///
/// Requests on a connection are handled one at a time; pipelined requests wait
/// in the input buffer, which is how responses stay in request order. While a
/// request is in flight or a response is unsent, reading stops once a small
/// amount is buffered, so a client that sends without reading cannot grow
/// our memory.
final class HTTPConnection: @unchecked Sendable {
    // @unchecked: all state is confined to `loop`'s thread. Workers only carry
    // the reference back to that loop via `loop.execute`.
    let fd: Int32
    private let remote: String
    private unowned let loop: EventLoop
    private unowned(unsafe) let server: ServerState
    private var input = InputBuffer()
    private var parser: RequestParser
    private(set) var timer: ConnectionTimer
    private var output: [UInt8] = []
    private var outputOffset = 0
    // From the current request's plan: whether it runs on this loop, and its
    // refusal with the request it answers, until the body would be read (boxed:
    // every idle connection carries this field).
    private var runsInline = false
    private var refusal: Refusal?
    private var bodyLimit = 0
    /// What this connection holds of the server's large-body budget.
    private var reservedBodyBytes = 0
    private var inFlight = false
    /// An exchange (request in flight or response unsent) that shutdown waits for.
    private var active = false
    private var closeWhenWritten = false
    private var peerClosed = false
    private var lingering = false
    private var interest = (read: true, write: false)
    private(set) var closed = false

    private static let maxBufferedWhileBusy = 64 * 1024
    /// Bodies up to this size are not counted against the large-body budget.
    private static let untrackedBodyBytes = 64 * 1024

    init(fd: Int32, remote: String, loop: EventLoop, server: ServerState, now: Int64) {
        self.fd = fd
        self.remote = remote
        self.loop = loop
        self.server = server
        parser = RequestParser(limits: server.configuration.limits)
        timer = ConnectionTimer(timeouts: server.configuration.timeouts, now: now)
    }

    // MARK: - Events from the loop

    func readable() {
        guard !closed else { return }
        switch Socket.receive(fd, into: loop.scratch) {
        case .bytes(let count):
            if lingering { return }
            input.append(UnsafeRawBufferPointer(rebasing: loop.scratch[0..<count]))
            processInput()
        case .wouldBlock:
            return
        case .closed:
            peerClosed = true
            if lingering || (!inFlight && output.isEmpty) {
                close()
            } else {
                updateInterest()
            }
        case .failed:
            close()
        }
    }

    func writable() {
        guard !closed else { return }
        flush()
        processInput()
    }

    func timedOut(_ expiry: ConnectionTimer.Expiry) {
        guard expiry.answersRequestTimeout && !inFlight && output.isEmpty else {
            close()
            return
        }
        // Answered like any final error: written, then a lingering close, so the
        // client reads the 408 rather than a reset.
        answerFailure(Response.problem(.requestTimeout, detail: "The request was not received in time."))
    }

    func close() {
        guard !closed else { return }
        closed = true
        releaseBody()
        setActive(false)
        Socket.close(fd)
        input = InputBuffer()
        output = []
        loop.forget(self)
    }

    // MARK: - Request handling

    private func processInput() {
        while !closed && !inFlight && output.isEmpty && !closeWhenWritten && !lingering {
            let event = parser.parse(&input) { request in
                let plan = server.responder.plan(for: request)
                runsInline = plan.runsInline
                refusal = plan.refusal.map { Refusal(response: $0, request: request) }
                // A limit of 0 stops the parser at the first body byte: the refusal is sent instead.
                bodyLimit = refusal == nil ? plan.bodyLimit : 0
                return bodyLimit
            }
            switch event {
            case .needMoreData:
                if parser.isInBody && (refuseBeforeBody() || !reserveBody()) { break }
                if peerClosed {
                    // The client has sent all it ever will; a partial request cannot complete.
                    close()
                    return
                }
                if parser.isMidRequest(input) {
                    timer.received(now: Clock.now(), inBody: parser.isInBody)
                }
                updateInterest()
                return
            case .continueExpected:
                if refuseBeforeBody() || !reserveBody() { break }
                output = ResponseSerializer.continueLine
                flush()
            case .request(var request):
                refusal = nil
                request.remoteAddress = remote
                dispatch(request)
            case .failure(let error):
                if error == .bodyTooLarge && refuseBeforeBody() { break }
                refusal = nil
                answerFailure(Response.problem(error.status, detail: error.detail))
            }
        }
        updateInterest()
    }

    /// Takes the budget for a large body as it starts to arrive, so that
    /// many slow ones cannot together hold more than the server allows; when
    /// it is spent, answers `503` instead and returns false. A chunked body
    /// counts as large as its route allows.
    private func reserveBody() -> Bool {
        guard reservedBodyBytes == 0, let request = parser.requestWithoutBody else { return true }
        let bytes = min(request.announcedBodyBytes, bodyLimit)
        guard bytes > Self.untrackedBodyBytes else { return true }
        guard let reserved = server.reserveBodyBytes(bytes) else {
            var busy = Response.problem(
                .serviceUnavailable, detail: "Too many large request bodies are arriving; retry shortly.")
            busy.headers.add("Retry-After", "1")
            answerFailure(busy)
            return false
        }
        reservedBodyBytes = reserved
        return true
    }

    private func releaseBody() {
        guard reservedBodyBytes > 0 else { return }
        server.releaseBodyBytes(reservedBodyBytes)
        reservedBodyBytes = 0
    }

    /// Answers a request that cannot be completed, then closes. One whose
    /// head was read gets what the application adds to any answer and is
    /// counted under its route; one that never parsed is only counted.
    private func answerFailure(_ problem: Response) {
        var response = problem
        var request = parser.requestWithoutBody
        request?.remoteAddress = remote
        if let request {
            response = server.responder.decorate(engineResponse: response, for: request)
        } else {
            server.responder.engineAnsweredUnparsed(response.status)
        }
        setActive(true)
        finish(response, for: request, started: Clock.now(), keepAlive: false)
    }

    /// Sends the plan's refusal in place of reading the body; false when the
    /// plan had none.
    private func refuseBeforeBody() -> Bool {
        guard let refused = refusal else { return false }
        refusal = nil
        var request = refused.request
        request.remoteAddress = remote
        setActive(true)
        let response = server.responder.decorate(engineResponse: refused.response, for: request)
        finish(response, for: request, started: Clock.now(), keepAlive: false)
        return true
    }

    private func dispatch(_ request: Request) {
        inFlight = true
        setActive(true)
        let started = Clock.now()
        timer.dispatched()
        if server.isDraining {
            let response = server.responder.decorate(
                engineResponse: Response.problem(.serviceUnavailable, detail: "The server is shutting down."),
                for: request)
            finish(response, for: request, started: started, keepAlive: false)
        } else if runsInline {
            finish(server.respond(to: request), for: request, started: started, keepAlive: request.keepAlive)
        } else {
            loop.handToWorkers(self, request, started: started)
        }
    }

    /// The worker's part of a request: the response is made on the worker,
    /// then written back on this connection's loop.
    func work(for request: Request, started: Int64) -> WorkerPool.Job {
        { [self, server, loop] in
            let response = server.respond(to: request)
            loop.execute { [self] in
                guard !closed else { return }
                finish(response, for: request, started: started, keepAlive: request.keepAlive)
                processInput()
            }
        }
    }

    /// Answers a request the workers had no room for.
    func refuseOverloaded(_ request: Request, started: Int64) {
        guard !closed else { return }
        var overloaded = Response.problem(.serviceUnavailable, detail: "The server is overloaded; retry shortly.")
        overloaded.headers.add("Retry-After", "1")
        let response = server.responder.decorate(engineResponse: overloaded, for: request)
        finish(response, for: request, started: started, keepAlive: false)
    }

    private func finish(_ response: Response, for request: Request?, started: Int64, keepAlive: Bool) {
        inFlight = false
        releaseBody()
        // A client that half-closed after pipelining still gets every answer; the
        // last one it sent is told the connection closes.
        let keepAlive = keepAlive && !server.isDraining && !(peerClosed && input.isEmpty)
        output = ResponseSerializer.serialize(
            response, requestID: request?.requestID, keepAlive: keepAlive,
            isHead: request?.method == .head, version: request?.version ?? .http11)
        outputOffset = 0
        closeWhenWritten = !keepAlive
        server.logAccess(request, response: response, bytes: output.count, started: started)
        flush()
    }

    private func flush() {
        while outputOffset < output.count {
            let result = output.withUnsafeBytes {
                Socket.send(fd, UnsafeRawBufferPointer(rebasing: $0[outputOffset...]))
            }
            switch result {
            case .bytes(let count):
                outputOffset += count
                timer.wrote(now: Clock.now())
            case .wouldBlock:
                timer.writePending(now: Clock.now())
                updateInterest()
                return
            case .closed, .failed:
                close()
                return
            }
        }
        output = []
        outputOffset = 0
        if closeWhenWritten {
            beginLingeringClose()
            return
        }
        if !inFlight { setActive(false) }
        timer.responseSent(now: Clock.now(), midRequest: parser.isMidRequest(input))
        updateInterest()
    }

    /// Shuts our side and drains what the client still sends, so a client that
    /// is mid-upload reads our final response instead of a connection reset.
    private func beginLingeringClose() {
        setActive(false)
        if peerClosed {
            close()
            return
        }
        lingering = true
        input = InputBuffer()
        shutdown(fd, Int32(SHUT_WR))
        timer.lingering(now: Clock.now())
        updateInterest()
    }

    private func updateInterest() {
        guard !closed else { return }
        let busy = inFlight || !output.isEmpty
        let wantsRead = !peerClosed && (lingering || !busy || input.readableCount < Self.maxBufferedWhileBusy)
        let wantsWrite = !output.isEmpty
        if wantsRead != interest.read || wantsWrite != interest.write {
            interest = (wantsRead, wantsWrite)
            loop.setInterest(fd, read: wantsRead, write: wantsWrite)
        }
    }

    private func setActive(_ value: Bool) {
        guard value != active else { return }
        active = value
        server.exchangeActive(value)
    }
}

/// A plan's refusal, kept off the connection object until one is needed.
private final class Refusal {
    let response: Response
    let request: Request

    init(response: Response, request: Request) {
        self.response = response
        self.request = request
    }
}
