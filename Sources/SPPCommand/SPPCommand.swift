import ArgumentParser

/// `spp`: the server and its operations tools in one executable (CONTRACT §4).
@main
struct SPPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spp",
        abstract: "The Schools Partnership Programme API server and its tools.",
        subcommands: [Serve.self, Migrate.self, Keys.self, Seed.self, Backup.self, ImportSchools.self]
    )
}
