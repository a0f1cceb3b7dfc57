import ArgumentParser
import SPP

struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database schema.")

    @OptionGroup var database: DatabaseOption

    func run() throws {
        let services = try CommandSupport.openServices(try database.configuration())
        defer { services.database.close() }
        print("schema at version \(services.schemaVersion)")
    }
}
