import Foundation
import HTTPServer
import JSON
import SQLiteStore
import TestSupport
import Testing

/// `kill -9` while bookings are being written: after restart the database is
/// intact, no acknowledged booking is lost, and the booking invariants hold.
@Suite(.serialized) struct CrashSafetyTests {
    @Test func killDashNineMidWriteLosesNoAcknowledgedBooking() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spp-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("spp.sqlite").path
        #expect(try SPPProcess.run(["seed", "--demo", "--db", database]).status == 0)
        let keys = try SPPProcess.run(["keys", "create", "--db", database, "--role", "admin", "--name", "crash"])
        let key = String(try #require(keys.output.split(separator: "\n").last))

        let server = try SPPProcess.start(["serve", "--port", "0", "--db", database])
        let port = try server.waitForPort()
        let acknowledged = SystemLock<[Int]>([])
        let group = DispatchGroup()
        for thread in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                // People 11-90 have no booking on session 1 yet; each thread books its own share.
                for person in stride(from: 11 + thread, through: 90, by: 4) {
                    guard let client = try? RawHTTPClient(port: port) else { return }
                    defer { client.close() }
                    let body = #"{"personId":\#(person)}"#
                    let request =
                        "POST /v1/training-sessions/1/bookings HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer \(key)\r\nContent-Type: application/json\r\n"
                        + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
                    guard (try? client.send(request)) != nil, let response = try? client.readResponse(isHead: false),
                        response.status == 201,
                        case .integer(let id)? = try? JSONValueProbe.field("id", in: response.body)
                    else { return }
                    acknowledged.withLock { $0.append(Int(id)) }
                }
            }.start()
        }
        // Let some bookings land, then kill the server without warning.
        let deadline = Date().addingTimeInterval(5)
        while acknowledged.withLock({ $0.count }) < 20 && Date() < deadline { usleep(2_000) }
        server.stop(SIGKILL)
        group.wait()

        let ids = acknowledged.withLock { $0 }
        #expect(ids.count >= 20)
        let store = try Database(path: database)
        defer { store.close() }
        try store.read { db in
            #expect(try db.fetchOne("PRAGMA integrity_check") { $0.text(0) } == "ok")
            let stored = Set(try db.fetch("SELECT id FROM bookings WHERE session_id = 1") { $0.int(0) })
            #expect(Set(ids).isSubset(of: stored), "an acknowledged booking was lost")
            let capacity = try #require(try db.scalarInt("SELECT capacity FROM training_sessions WHERE id = 1"))
            let confirmed = try #require(
                try db.scalarInt("SELECT count(*) FROM bookings WHERE session_id = 1 AND status = 'confirmed'"))
            #expect(confirmed <= capacity)
            // Nobody waits while a place is free, and the waitlist is in arrival order by construction (ids).
            let waitlisted = try #require(
                try db.scalarInt("SELECT count(*) FROM bookings WHERE session_id = 1 AND status = 'waitlisted'"))
            #expect(waitlisted == 0 || confirmed == capacity)
        }
    }
}

/// Reads one top-level field of a JSON body.
enum JSONValueProbe {
    static func field(_ name: String, in body: [UInt8]) throws -> JSONValue? {
        try JSONParser.parse(body)[name]
    }
}
