import HTTPServer
import Testing

/// Every phase and expiry of a connection's timeouts, driven by hand-made
/// times: no sockets, no sleeping.
@Suite struct ConnectionTimerTests {
    /// Distinct timeouts, so a deadline says which one applies.
    static let timeouts = ConnectionTimer.Timeouts(
        header: .nanoseconds(100), bodyIdle: .nanoseconds(200), keepAlive: .nanoseconds(300),
        writeIdle: .nanoseconds(400), linger: .nanoseconds(500))

    /// Moves a fresh timer, created at 0, to a phase.
    enum Step: String, CaseIterable, Sendable {
        case idle, readingHead, readingBody, processing, writing, lingering

        func apply(_ timer: inout ConnectionTimer, now: Int64) {
            switch self {
            case .idle: timer.responseSent(now: now, midRequest: false)
            case .readingHead: timer.received(now: now, inBody: false)
            case .readingBody: timer.received(now: now, inBody: true)
            case .processing: timer.dispatched()
            case .writing: timer.writePending(now: now)
            case .lingering: timer.lingering(now: now)
            }
        }
    }

    static let expiries: [(Step, Int64?, ConnectionTimer.Expiry?)] = [
        (.idle, 1000 + 300, .keepAlive),
        (.readingHead, 1000 + 100, .header),
        (.readingBody, 1000 + 200, .body),
        (.processing, nil, nil),
        (.writing, 1000 + 400, .write),
        (.lingering, 1000 + 500, .linger),
    ]

    @Test(arguments: expiries)
    func eachPhaseExpiresAtItsOwnDeadline(step: Step, deadline: Int64?, expiry: ConnectionTimer.Expiry?) {
        var timer = ConnectionTimer(timeouts: Self.timeouts, now: 0)
        step.apply(&timer, now: 1000)
        #expect(timer.deadline == deadline)
        if let deadline {
            #expect(timer.expired(now: deadline - 1) == nil)
            #expect(timer.expired(now: deadline) == expiry)
        } else {
            #expect(timer.expired(now: .max) == nil)
        }
    }

    @Test func newConnectionIsIdleUntilItsKeepAliveTimeout() {
        let timer = ConnectionTimer(timeouts: Self.timeouts, now: 50)
        #expect(timer.phase == .idle(since: 50))
        #expect(timer.expired(now: 349) == nil)
        #expect(timer.expired(now: 350) == .keepAlive)
    }

    /// A slow client cannot keep a head alive by trickling bytes (slowloris).
    @Test func moreHeadBytesDoNotExtendTheHeaderDeadline() {
        var timer = ConnectionTimer(timeouts: Self.timeouts, now: 0)
        timer.received(now: 10, inBody: false)
        timer.received(now: 90, inBody: false)
        #expect(timer.phase == .readingHead(since: 10))
        #expect(timer.expired(now: 110) == .header)
    }

    @Test func bodyProgressExtendsTheBodyDeadline() {
        var timer = ConnectionTimer(timeouts: Self.timeouts, now: 0)
        timer.received(now: 10, inBody: false)
        timer.received(now: 50, inBody: true)
        #expect(timer.phase == .readingBody(lastProgress: 50))
        timer.received(now: 240, inBody: true)
        #expect(timer.expired(now: 250) == nil)
        #expect(timer.expired(now: 440) == .body)
    }

    @Test func writeProgressExtendsTheWriteDeadlineOnlyWhileWriting() {
        var timer = ConnectionTimer(timeouts: Self.timeouts, now: 0)
        timer.wrote(now: 5)
        #expect(timer.phase == .idle(since: 0))
        timer.writePending(now: 10)
        timer.wrote(now: 300)
        #expect(timer.phase == .writing(lastProgress: 300))
        #expect(timer.expired(now: 699) == nil)
        #expect(timer.expired(now: 700) == .write)
    }

    /// A handler's time is not the client's fault, and input meanwhile changes nothing.
    @Test(arguments: [Step.processing, .writing, .lingering])
    func receivingDoesNotLeaveBusyPhases(step: Step) {
        var timer = ConnectionTimer(timeouts: Self.timeouts, now: 0)
        step.apply(&timer, now: 10)
        let before = timer.phase
        timer.received(now: 20, inBody: false)
        timer.received(now: 30, inBody: true)
        #expect(timer.phase == before)
    }

    @Test(arguments: [(true, ConnectionTimer.Phase.readingHead(since: 70)), (false, .idle(since: 70))])
    func sentResponseWaitsForTheNextRequestOrItsRest(midRequest: Bool, phase: ConnectionTimer.Phase) {
        var timer = ConnectionTimer(timeouts: Self.timeouts, now: 0)
        timer.dispatched()
        timer.writePending(now: 60)
        timer.responseSent(now: 70, midRequest: midRequest)
        #expect(timer.phase == phase)
    }

    @Test(arguments: [
        (ConnectionTimer.Expiry.keepAlive, false), (.header, true), (.body, true), (.write, false), (.linger, false),
    ])
    func onlyAClientMidRequestIsToldRequestTimeout(expiry: ConnectionTimer.Expiry, answers: Bool) {
        #expect(expiry.answersRequestTimeout == answers)
    }

    @Test func durationsBecomeNanoseconds() {
        let timeouts = ConnectionTimer.Timeouts(
            header: .seconds(10), bodyIdle: .milliseconds(1500), keepAlive: .seconds(60), writeIdle: .microseconds(7),
            linger: .zero)
        #expect(timeouts.header == 10_000_000_000)
        #expect(timeouts.bodyIdle == 1_500_000_000)
        #expect(timeouts.writeIdle == 7_000)
        #expect(timeouts.linger == 0)
    }
}
