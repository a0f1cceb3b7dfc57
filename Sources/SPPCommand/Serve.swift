import ArgumentParser
import Dispatch
import Foundation
import Logging
import SPP

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP API server.")

    @Option(help: "Address to listen on (SPP_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (SPP_PORT; default 8080).") var port: Int?
    @OptionGroup var database: DatabaseOption
    @Flag(help: "Seed demo data and print an admin key, for a first look.") var demo = false

    func run() throws {
        let configuration = try database.configuration(extra: ["SPP_HOST": host, "SPP_PORT": port.map(String.init)])
        let logger = CommandSupport.bootstrapLogging(configuration)
        let application: SPPApplication
        do {
            application = try SPPApplication(
                configuration: configuration, resources: try ResourceDirectory.locate(), logger: logger)
        } catch {
            throw CleanExit.message("spp: cannot start: \(error)")
        }
        print("SPP API listening on http://\(configuration.host):\(application.port)")
        if demo {
            if try DemoData.seed(application.services.database, clock: application.services.clock) {
                print("Seeded demo data: trusts, 60 schools, 10 partnerships, people and training sessions.")
            }
            let issued = try application.services.keys.create(
                name: "demo admin", role: .admin, scope: nil, by: .commandLine)
            print("Demo admin key (shown once): \(issued.secret)")
            print(
                "Try: curl -H 'Authorization: Bearer \(issued.secret)' http://\(configuration.host):\(application.port)/v1/api-keys"
            )
        }
        fflush(nil)
        waitForTerminationSignal()
        logger.info("shutting down: draining in-flight requests")
        application.shutdown()
        logger.info("stopped")
    }

    /// Blocks until SIGTERM or SIGINT (CONTRACT §4: drain, close the store, exit 0).
    private func waitForTerminationSignal() {
        let stop = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.signal() }
            source.resume()
            sources.append(source)
        }
        stop.wait()
        sources.forEach { $0.cancel() }
    }
}
