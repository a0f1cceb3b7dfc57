import Foundation
import HTTPServer
import TestSupport
import Testing

/// Many clients hitting the server at the same moment: one thread and one
/// connection each; every client connects first, then a barrier releases all
/// the requests at once.
enum ConcurrentClients {
    /// Sends each request (a complete HTTP/1.1 message) from its own client;
    /// answers come back in no particular order. Transport failures are recorded as issues.
    static func send(_ requests: [String], to server: TestServer) -> [RawResponse] {
        let connected = DispatchGroup()
        let finished = DispatchGroup()
        let gate = DispatchSemaphore(value: 0)
        let results = Results()
        let port = server.port
        for request in requests {
            connected.enter()
            finished.enter()
            Thread {
                defer { finished.leave() }
                let client: RawHTTPClient
                do {
                    client = try RawHTTPClient(port: port, timeout: .seconds(120))
                } catch {
                    connected.leave()
                    results.failures.withLock { $0.append("connect: \(error)") }
                    return
                }
                defer { client.close() }
                connected.leave()
                gate.wait()
                do {
                    try client.send(request)
                    let response = try client.readResponse()
                    results.responses.withLock { $0.append(response) }
                } catch {
                    results.failures.withLock { $0.append("\(error)") }
                }
            }.start()
        }
        connected.wait()
        for _ in requests { gate.signal() }
        finished.wait()
        let failed = results.failures.withLock { $0 }
        #expect(failed.isEmpty, "\(failed.prefix(3))")
        return results.responses.withLock { $0 }
    }

    /// A JSON POST with `key`, closing the connection after.
    static func post(_ path: String, json: String, key: String, headers: [(String, String)] = []) -> String {
        var head = "POST \(path) HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer \(key)\r\n"
        head += "Content-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        return head + "\r\n" + json
    }

    /// What the racing threads report, gathered under locks.
    private final class Results: Sendable {
        let responses = SystemLock<[RawResponse]>([])
        let failures = SystemLock<[String]>([])
    }
}
