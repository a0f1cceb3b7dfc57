import ArgumentParser
import SPP

struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a consistent copy of the database, even while the server runs.")

    @OptionGroup var database: DatabaseOption
    @Option(help: "The backup file to write.") var to: String

    func run() throws {
        let services = try CommandSupport.openExistingServices(try database.configuration())
        defer { services.database.close() }
        try services.database.backup(to: to)
        print("backup written to \(to)")
    }
}
