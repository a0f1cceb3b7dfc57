import ArgumentParser
import SPP

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage API keys.", subcommands: [Create.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; prints it alone on the last line.")

        @OptionGroup var database: DatabaseOption
        @Option(help: "admin, trust or partnership.") var role: String
        @Option(help: "Trust id (trust keys) or partnership id (partnership keys).") var scope: Int?
        @Option(help: "What the key is for.") var name: String

        func run() throws {
            guard let role = Role(rawValue: role) else {
                throw ValidationError("--role must be admin, trust or partnership")
            }
            guard (role == .admin) == (scope == nil) else {
                throw ValidationError(
                    role == .admin
                        ? "--scope is not used with an admin key" : "--scope is required for a \(role.rawValue) key")
            }
            let services = try CommandSupport.openServices(try database.configuration())
            defer { services.database.close() }
            let issued = try services.keys.create(name: name, role: role, scope: scope, by: .commandLine)
            print("created \(role.rawValue) key \(issued.key.id) (\(name)); store it now, it is not shown again:")
            print(issued.secret)
        }
    }
}
