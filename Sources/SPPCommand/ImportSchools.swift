import ArgumentParser
import Foundation
import SPP

struct ImportSchools: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-schools",
        abstract: "Import schools and trusts from a GIAS extract (CSV); safe while the server runs.",
        discussion:
            "Nothing is written when any row is bad: each problem is printed as 'line N, COLUMN: message' and the exit status is 1."
    )

    @OptionGroup var database: DatabaseOption
    @Flag(name: .customLong("dry-run"), help: "Check the file and count what would change, writing nothing.")
    var dryRun = false
    @Argument(help: "The GIAS extract, e.g. edubasealldata20261128.csv.") var file: String

    func run() throws {
        guard let contents = FileManager.default.contents(atPath: file) else {
            throw ValidationError("cannot read \(file)")
        }
        let services = try CommandSupport.openExistingServices(try database.configuration())
        defer { services.database.close() }
        let summary: ImportSummary
        do {
            summary = try services.schoolImport.importExtract(Array(contents), dryRun: dryRun, by: .commandLine)
        } catch let problem as Problem {
            var report = problem.errors.map { issue in
                let place = "line \(issue.line ?? 1)" + (issue.field.isEmpty ? "" : ", \(issue.field)")
                return "\(place): \(issue.message)\n"
            }.joined()
            report += "\(problem.detail)\n"
            FileHandle.standardError.write(Data(report.utf8))
            throw ExitCode(1)
        }
        let verb = dryRun ? "would be" : "were"
        print(
            "\(summary.created) schools \(verb) created, \(summary.updated) updated, \(summary.unchanged) unchanged; "
                + "\(summary.trustsCreated) trusts \(verb) created, \(summary.trustsRenamed) renamed")
    }
}
