import Crypto
import HTTPServer
import JSON
import SQLiteStore

/// `Idempotency-Key` on `POST` (CONTRACT §1), so a website that retries a
/// booking after a timeout gets the first answer again instead of a second booking.
///
/// Keys belong to a caller: the API key's id, or the client address for
/// anonymous requests. A key is reserved in a small write transaction of its
/// own before the handler runs, so a concurrent retry finds it and gets `409`;
/// the answer is stored once the handler is done. Answers that say nothing
/// final about the request (`5xx`, unexpected errors) drop the reservation so
/// a retry can proceed. Requests without the header never touch the table.
/// A secret shown once is never stored: its retry gets a `409` instead.
///
/// It wraps only a matched route's handler, after authentication and the
/// rate limit: a request that never reached a handler (no route, `401`, a
/// key without the route's role, `429`) has nothing to replay, and must get
/// that answer again whatever key it carries. Problems thrown by the handler
/// (a `403` or `404` of its own included) are rendered here, so a `4xx` is
/// replayed like any other answer.
struct IdempotencyKeys: Sendable {
    let database: Database
    let clock: any WallClock

    static let header = "Idempotency-Key"
    static let retention: Int64 = 24 * 60 * 60
    /// A reservation still unfinished this long after it was made belongs to a
    /// request that died with its server; it no longer blocks retries.
    static let abandonedAfter: Int64 = 10 * 60
    /// Headers that belong to the answer; rate-limit and date headers describe
    /// the moment of the first request, not its result.
    static let replayedHeaders = ["Content-Type", "Location", "ETag", "Link", "Allow", "WWW-Authenticate"]

    /// One stored key: whose, which, and what request it was first used for.
    private struct Entry {
        var caller: String
        var key: String
        var fingerprint: String
    }

    private enum Reservation {
        case reserved
        case replay(Response)
        case running
        case usedForAnotherRequest
    }

    func respond(to request: Request, from caller: Caller, handler: () throws -> Response) throws -> Response {
        guard request.method == .post, let key = request.headers[Self.header] else { return try handler() }
        guard (1...200).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw Problem.badRequest("Idempotency-Key must be 1 to 200 visible ASCII characters.")
        }
        let entry = Entry(
            caller: caller.keyID.map { "key:\($0)" } ?? "anon:\(request.remoteAddress)", key: key,
            fingerprint: Self.fingerprint(request))
        switch try reserve(entry) {
        case .reserved: break
        case .replay(let response): return response
        case .running:
            throw Problem.conflict("A request with this Idempotency-Key is still being processed; retry shortly.")
        case .usedForAnotherRequest:
            throw Problem.invalid(field: Self.header, "was already used for a different request; use a new key")
        }
        let response: Response
        do {
            response = try handler()
        } catch {
            guard let answer = ProblemMiddleware.knownResponse(for: error, request), Self.isFinal(answer) else {
                try? release(entry)
                throw error
            }
            response = answer
        }
        if let kept = Self.answerToKeep(for: response, request) {
            // The request has acted; failing to remember the answer must not turn it into an error.
            try? store(kept, for: entry)
        } else {
            try? release(entry)
        }
        return response
    }

    /// Finds the key or reserves it, and sweeps out keys past their 24 hours,
    /// which are thereby forgotten (their key may be used afresh).
    private func reserve(_ entry: Entry) throws -> Reservation {
        let now = clock.now()
        return try database.write { db in
            try db.run(
                "DELETE FROM idempotency_keys WHERE created_at < ?", [now.adding(seconds: -Self.retention).description])
            let found = try db.fetchOne(
                "SELECT request_hash, status, reason, headers, body, created_at FROM idempotency_keys WHERE caller = ? AND key = ?",
                [entry.caller, entry.key]
            ) { row in
                (
                    fingerprint: row.text(0), status: row.optionalInt(1), reason: row.optionalText(2),
                    headers: row.optionalText(3), body: row.blob(4), createdAt: Timestamp(row.text(5))
                )
            }
            let abandoned = found.map {
                $0.status == nil && ($0.createdAt ?? now) < now.adding(seconds: -Self.abandonedAfter)
            }
            if let found, abandoned == false {
                // A different body is a 422 whether or not the first request has finished.
                guard found.fingerprint == entry.fingerprint else { return .usedForAnotherRequest }
                guard let status = found.status else { return .running }
                return .replay(
                    Self.replay(
                        status: HTTPStatus(code: status, reasonPhrase: found.reason ?? ""), headers: found.headers,
                        body: found.body))
            }
            try db.run(
                "INSERT OR REPLACE INTO idempotency_keys (caller, key, request_hash, created_at) VALUES (?, ?, ?, ?)",
                [entry.caller, entry.key, entry.fingerprint, now.description])
            return .reserved
        }
    }

    private func store(_ response: Response, for entry: Entry) throws {
        let headers = Self.replayedHeaders.compactMap { name in response.headers[name].map { "\(name): \($0)" } }
        try database.write { db in
            try db.run(
                "UPDATE idempotency_keys SET status = ?, reason = ?, headers = ?, body = ? WHERE caller = ? AND key = ?",
                [
                    response.status.code, response.status.reasonPhrase, headers.joined(separator: "\n"),
                    response.body, entry.caller, entry.key,
                ])
        }
    }

    private func release(_ entry: Entry) throws {
        try database.write { db in
            try db.run("DELETE FROM idempotency_keys WHERE caller = ? AND key = ?", [entry.caller, entry.key])
        }
    }

    /// Worth replaying: the request was answered for good. Not so for server
    /// errors (a retry may succeed), nor for answers marked `no-store`.
    private static func isFinal(_ response: Response) -> Bool {
        response.status.code < 500 && !response.headers.containsToken("no-store", in: "Cache-Control")
    }

    /// What a retry gets: the answer itself when it is final. A success marked
    /// `no-store` (a new API key, whose secret is shown once and never kept)
    /// is remembered as a `409` that points at what was created, so a retry
    /// neither acts twice nor sees the secret.
    private static func answerToKeep(for response: Response, _ request: Request) -> Response? {
        if isFinal(response) { return response }
        guard (200..<300).contains(response.status.code) else { return nil }
        var conflict = Problem.conflict(
            "The request with this Idempotency-Key has succeeded; its answer held a secret, which is shown only once."
        ).response(for: request)
        if let location = response.headers["Location"] { conflict.headers.add("Location", location) }
        return conflict
    }

    private static func replay(status: HTTPStatus, headers: String?, body: [UInt8]) -> Response {
        var response = Response(status: status, body: body)
        for line in (headers ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2 { response.headers.add(String(parts[0]), String(parts[1].trimmingOWS())) }
        }
        response.headers.add("Idempotent-Replayed", "true")
        return response
    }

    /// The request a key stands for: method, target and body; the same key
    /// with another is a `422`. A JSON body counts by its content, so a retry
    /// that serialises it again (other spacing, other key order) is still the
    /// same request.
    static func fingerprint(_ request: Request) -> String {
        var hash = SHA256()
        hash.update(data: Array("\(request.method.rawValue) \(request.target)\n".utf8))
        if let json = try? JSONParser.parse(request.body) {
            hash.update(data: canonical(json).jsonBytes())
        } else {
            hash.update(data: request.body)
        }
        return Base64URL.encode(Array(hash.finalize()))
    }

    /// Every object's members in key order.
    private static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object): .object(JSONObject(object.keys.sorted().map { ($0, canonical(object[$0]!)) }))
        case .array(let items): .array(items.map(canonical))
        default: value
        }
    }
}
