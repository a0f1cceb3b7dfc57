import CSQLite

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Tells SQLite to copy bound text and blobs, so the Swift buffers only need
/// to live for the duration of the bind call.
private var transient: sqlite3_destructor_type {
    unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A prepared statement; finalizes itself in deinit.
///
/// Not Sendable: it belongs to the `Connection` that prepared it, and that
/// connection is confined to one thread at a time by `Database`.
public final class Statement {
    let handle: OpaquePointer
    let sql: String
    /// Set while a `Connection` operation is stepping this statement, so a
    /// nested call with the same SQL (from inside a `fetch` closure) prepares
    /// its own statement instead of resetting the outer one mid-iteration.
    var isCheckedOut = false
    private let connection: OpaquePointer

    /// Prepares exactly one statement. Trailing statements are rejected rather
    /// than silently ignored, which is what `sqlite3_prepare` alone would do.
    init(connection: OpaquePointer, sql: String, persistent: Bool) throws {
        let flags = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        var prepared: OpaquePointer?
        var hasTrailingStatement = false
        let rc = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v3(connection, text, -1, flags, &prepared, &tail)
            guard rc == SQLITE_OK, let tail, tail.pointee != 0 else { return rc }
            var extra: OpaquePointer?
            let tailRC = sqlite3_prepare_v3(connection, tail, -1, 0, &extra, nil)
            hasTrailingStatement = extra != nil || tailRC != SQLITE_OK
            sqlite3_finalize(extra)
            return rc
        }
        guard rc == SQLITE_OK else {
            sqlite3_finalize(prepared)
            throw SQLiteError(connection: connection, sql: sql)
        }
        guard let prepared, !hasTrailingStatement else {
            sqlite3_finalize(prepared)
            let message =
                prepared == nil
                ? "no statement in SQL text"
                : "more than one statement in SQL text; use Connection.execute for scripts"
            throw SQLiteError(extendedCode: SQLITE_MISUSE, message: message, sql: sql)
        }
        self.handle = prepared
        self.connection = connection
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// Resets and clears first, so values from a previous use can never leak
    /// into this one. A count mismatch throws: SQLite would silently bind the
    /// missing parameters as NULL, which hides bugs.
    public func bind(_ values: [any SQLValueConvertible]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(
                extendedCode: SQLITE_RANGE,
                message: "statement expects \(expected) bindings, got \(values.count)", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let rc = bind(value.sqlValue, at: Int32(offset + 1))
            guard rc == SQLITE_OK else {
                throw SQLiteError(extendedCode: rc, message: String(cString: sqlite3_errstr(rc)), sql: sql)
            }
        }
    }

    private func bind(_ value: SQLValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let integer):
            return sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            return sqlite3_bind_double(handle, index, real)
        case .text(var string):
            // Bound by byte count, not as a C string, so embedded NULs survive.
            return string.withUTF8 { bytes in
                // A nil pointer would bind NULL; an empty string must stay an empty string.
                guard let base = bytes.baseAddress else {
                    return sqlite3_bind_text64(handle, index, "", 0, transient, UInt8(SQLITE_UTF8))
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                    sqlite3_bind_text64(handle, index, chars, UInt64(bytes.count), transient, UInt8(SQLITE_UTF8))
                }
            }
        case .blob(let bytes):
            return bytes.withUnsafeBytes { raw in
                // A nil pointer would bind NULL; an empty blob must stay an empty blob.
                guard let base = raw.baseAddress else { return sqlite3_bind_zeroblob(handle, index, 0) }
                return sqlite3_bind_blob64(handle, index, base, UInt64(raw.count), transient)
            }
        }
    }

    /// Returns true when a row is available. On failure the error is captured
    /// before the reset, because `sqlite3_reset` replaces the connection's message.
    public func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW:
            return true
        case SQLITE_DONE:
            return false
        default:
            let error = SQLiteError(connection: connection, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Ends the current execution and releases its read snapshot; bindings are kept.
    public func reset() {
        sqlite3_reset(handle)
    }

    /// Drops the bound values too, so personal data does not linger in a cached statement.
    func resetAndClearBindings() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns of the current row (0-based)

    public var columnCount: Int32 { sqlite3_column_count(handle) }

    public func columnName(_ i: Int32) -> String {
        guard let name = sqlite3_column_name(handle, i) else { return "" }
        return String(cString: name)
    }

    /// Compares against SQLite's C strings directly, so a by-name lookup allocates nothing.
    func columnIndex(named name: String) -> Int32? {
        name.withCString { wanted in
            (0..<columnCount).first { i in
                guard let candidate = sqlite3_column_name(handle, i) else { return false }
                return strcmp(candidate, wanted) == 0
            }
        }
    }

    public func isNull(_ i: Int32) -> Bool { sqlite3_column_type(handle, i) == SQLITE_NULL }

    /// 0 for NULL, as SQLite converts it; use `optionalInt` when NULL matters.
    public func int(_ i: Int32) -> Int { Int(sqlite3_column_int64(handle, i)) }

    public func int64(_ i: Int32) -> Int64 { sqlite3_column_int64(handle, i) }

    public func double(_ i: Int32) -> Double { sqlite3_column_double(handle, i) }

    /// Reads by byte count rather than up to the first NUL, so text round-trips exactly.
    public func text(_ i: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, i) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, i))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Text first, then its length, the order SQLite documents as safe
    /// when the column has to be converted.
    public func withUTF8<R>(_ i: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let bytes = sqlite3_column_text(handle, i)
        return try body(UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, i))))
    }

    public func optionalInt(_ i: Int32) -> Int? { isNull(i) ? nil : int(i) }

    public func optionalText(_ i: Int32) -> String? { isNull(i) ? nil : text(i) }

    public func optionalDouble(_ i: Int32) -> Double? { isNull(i) ? nil : double(i) }

    public func blob(_ i: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(handle, i) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, i))
        return [UInt8](UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// The value in its stored type, for generic code such as CSV export.
    public func value(_ i: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: .integer(int64(i))
        case SQLITE_FLOAT: .real(double(i))
        case SQLITE_TEXT: .text(text(i))
        case SQLITE_BLOB: .blob(blob(i))
        default: .null
        }
    }
}
