import CSQLite

/// One named step of preparing a freshly opened connection.
///
/// The name is prefixed to any error, so a database that refuses a setting
/// (say, WAL on a network filesystem) fails with a message that says which.
struct SetupStep: Sendable {
    let name: String
    let apply: @Sendable (Connection) throws -> Void

    /// Bounded, so a lock held by another process fails the request after
    /// five seconds instead of hanging a worker thread forever.
    static let busyTimeout = SetupStep(name: "busy_timeout") { connection in
        let rc = sqlite3_busy_timeout(connection.handle, 5000)
        guard rc == SQLITE_OK else { throw SQLiteError(connection: connection.handle, sql: nil) }
    }

    /// WAL lets the readers run alongside the writer. SQLite reports the mode it
    /// actually ended up in rather than failing, so the result must be checked.
    static let walJournal = SetupStep(name: "journal_mode=WAL") { connection in
        let sql = "PRAGMA journal_mode=WAL"
        let mode = try connection.fetchOne(sql) { $0.text(0) }
        guard mode == "wal" else {
            throw SQLiteError(
                extendedCode: SQLITE_ERROR, message: "database stayed in journal mode '\(mode ?? "")'", sql: sql)
        }
    }

    /// Durable across process crashes; only an OS crash can lose the last
    /// commits, which is the usual trade for WAL's write throughput.
    static let synchronousNormal = SetupStep(name: "synchronous=NORMAL") { try $0.execute("PRAGMA synchronous=NORMAL") }

    /// Off by default in SQLite, per connection; the schema relies on it.
    static let foreignKeys = SetupStep(name: "foreign_keys=ON") { try $0.execute("PRAGMA foreign_keys=ON") }

    /// Belt and braces on top of SQLITE_OPEN_READONLY: readers must never write.
    static let queryOnly = SetupStep(name: "query_only=ON") { try $0.execute("PRAGMA query_only=ON") }

    /// Reads pages straight from the kernel's page cache instead of copying each
    /// one with a `pread` into the connection's own cache: random point reads
    /// spent a visible share of their time in that syscall. SQLite bounds the
    /// mapping by the file size, so this is a ceiling, not an allocation.
    static let memoryMapped = SetupStep(name: "mmap_size") { connection in
        _ = try connection.fetchOne("PRAGMA mmap_size=\(mmapSize)") { $0.int(0) }
    }

    static let mmapSize = 1 << 30

    /// A private database (`:memory:` or a temporary one) cannot use WAL and
    /// reports another mode, which is expected rather than an error.
    static func writer(isPrivate: Bool) -> [SetupStep] {
        isPrivate
            ? [busyTimeout, synchronousNormal, foreignKeys]
            : [busyTimeout, walJournal, synchronousNormal, foreignKeys, memoryMapped]
    }

    static let reader: [SetupStep] = [busyTimeout, foreignKeys, queryOnly, memoryMapped]

    static func run(_ steps: [SetupStep], on connection: Connection) throws {
        for step in steps {
            do {
                try step.apply(connection)
            } catch let error as SQLiteError {
                throw SQLiteError(
                    extendedCode: error.extendedCode, message: "\(step.name): \(error.message)", sql: error.sql)
            }
        }
    }
}
