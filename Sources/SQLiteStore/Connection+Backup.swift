import CSQLite

extension Connection {
    /// Copies this connection's database to `path` with the online backup API.
    ///
    /// A single `sqlite3_backup_step(-1)` copies every page under one read
    /// transaction, so the copy is one consistent snapshot even while another
    /// connection keeps writing.
    func backup(to path: String) throws {
        let destination = try Connection(
            path: path, flags: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX)
        try SetupStep.run([.busyTimeout], on: destination)
        guard let backup = sqlite3_backup_init(destination.handle, "main", handle, "main") else {
            throw SQLiteError(connection: destination.handle, sql: nil)
        }
        let stepRC = sqlite3_backup_step(backup, -1)
        let finishRC = sqlite3_backup_finish(backup)
        guard stepRC == SQLITE_DONE else {
            throw SQLiteError(extendedCode: stepRC, message: "backup: \(String(cString: sqlite3_errstr(stepRC)))")
        }
        guard finishRC == SQLITE_OK else {
            throw SQLiteError(connection: destination.handle, sql: nil)
        }
        // The copied header still says WAL; switching the copy to a rollback
        // journal makes it one file that opens anywhere, even on read-only media.
        try destination.execute("PRAGMA journal_mode=DELETE")
    }
}
