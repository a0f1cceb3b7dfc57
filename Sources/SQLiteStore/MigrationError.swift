/// Why the schema could not be brought up to date.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// The database was migrated by a newer build; running older code against
    /// a schema it does not know could corrupt data, so it is refused.
    case databaseNewer(found: Int, known: Int)
    /// A `.sql` file in the migrations directory is not named `NNNN_name.sql`.
    case invalidFileName(String)
    case duplicateVersion(Int)
    /// The migration's transaction was rolled back; earlier migrations stay applied.
    case failed(version: Int, message: String)
    /// The migrations directory or one of its files could not be read.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .databaseNewer(let found, let known):
            "database schema version \(found) is newer than the newest migration this build knows (\(known))"
        case .invalidFileName(let name):
            "migration file name '\(name)' is not of the form NNNN_name.sql"
        case .duplicateVersion(let version):
            "more than one migration has version \(version)"
        case .failed(let version, let message):
            "migration \(version) failed and was rolled back: \(message)"
        case .unreadable(let path, let reason):
            "cannot read migrations at \(path): \(reason)"
        }
    }
}
