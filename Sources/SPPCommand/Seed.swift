import ArgumentParser
import SPP

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the deterministic demo dataset into an empty database.")

    @OptionGroup var database: DatabaseOption
    @Flag(help: "Seed the demo dataset (the only dataset there is, for now).") var demo = false

    func run() throws {
        guard demo else { throw ValidationError("say --demo to seed the demo dataset") }
        let services = try CommandSupport.openServices(try database.configuration())
        defer { services.database.close() }
        if try DemoData.seed(services.database, clock: services.clock) {
            print("seeded demo data")
        } else {
            print("the database already has schools; nothing seeded")
        }
    }
}
