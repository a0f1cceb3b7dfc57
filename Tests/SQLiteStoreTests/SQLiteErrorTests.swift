import SQLiteStore
import Testing

struct SQLiteErrorTests {
    private static let schema = """
        CREATE TABLE parents (id INTEGER PRIMARY KEY) STRICT;
        CREATE TABLE children (
            id        INTEGER PRIMARY KEY,
            parent_id INTEGER NOT NULL REFERENCES parents (id),
            email     TEXT NOT NULL UNIQUE,
            age       INTEGER NOT NULL CHECK (age >= 0)
        ) STRICT;
        INSERT INTO parents (id) VALUES (1);
        INSERT INTO children (parent_id, email, age) VALUES (1, 'taken@example.com', 30);
        """

    private static let insertChild = "INSERT INTO children (parent_id, email, age) VALUES (?, ?, ?)"

    /// The error thrown by `sql` with `bindings` against the schema above.
    private func error(_ sql: String, _ bindings: [any SQLValueConvertible]) throws -> SQLiteError? {
        try withDatabase { database, _ in
            try database.write { try $0.execute(Self.schema) }
            return #expect(throws: SQLiteError.self) {
                try database.write { try $0.run(sql, bindings) }
            }
        }
    }

    @Test func duplicateUniqueColumnIsAUniqueViolation() throws {
        let error = try #require(try error(Self.insertChild, [1, "taken@example.com", 1]))
        #expect(error.isUniqueViolation)
        #expect(error.isConstraintViolation)
        #expect(!error.isForeignKeyViolation && !error.isCheckViolation && !error.isBusy)
    }

    @Test func duplicatePrimaryKeyIsAUniqueViolation() throws {
        let error = try #require(try error("INSERT INTO parents (id) VALUES (?)", [1]))
        #expect(error.isUniqueViolation)
    }

    @Test func missingParentIsAForeignKeyViolation() throws {
        let error = try #require(try error(Self.insertChild, [99, "new@example.com", 1]))
        #expect(error.isForeignKeyViolation)
        #expect(error.isConstraintViolation)
        #expect(!error.isUniqueViolation && !error.isCheckViolation)
    }

    @Test func deletingAReferencedParentIsAForeignKeyViolation() throws {
        let error = try #require(try error("DELETE FROM parents WHERE id = ?", [1]))
        #expect(error.isForeignKeyViolation)
    }

    @Test func failedCheckIsACheckViolation() throws {
        let error = try #require(try error(Self.insertChild, [1, "new@example.com", -1]))
        #expect(error.isCheckViolation)
        #expect(error.isConstraintViolation)
        #expect(!error.isUniqueViolation && !error.isForeignKeyViolation)
    }

    @Test func notNullAndStrictTypeFailuresAreOnlyGenericConstraintViolations() throws {
        for bindings: [any SQLValueConvertible] in [[1, SQLValue.null, 1], [1, "new@example.com", "old"]] {
            let error = try #require(try error(Self.insertChild, bindings))
            #expect(error.isConstraintViolation)
            #expect(!error.isUniqueViolation && !error.isForeignKeyViolation && !error.isCheckViolation)
        }
    }

    @Test func descriptionNamesTheSQLButNeverABoundValue() throws {
        let secret = "private.person@example.com"
        let error = try #require(try error(Self.insertChild, [99, secret, 1]))
        #expect(error.sql == Self.insertChild)
        #expect(error.description.contains(Self.insertChild))
        #expect(error.description.contains("FOREIGN KEY"))
        #expect(!error.description.contains(secret))
        #expect(!"\(error)".contains(secret))
    }

    @Test func primaryCodeIsTheLowByteOfTheExtendedCode() {
        let error = SQLiteError(extendedCode: 2067, message: "UNIQUE constraint failed")
        #expect(error.code == 19)
        #expect(error.isUniqueViolation)
        #expect(error.sql == nil)
    }

    @Test(arguments: [5, 6, 261, 517])  // BUSY, LOCKED, BUSY_RECOVERY, BUSY_SNAPSHOT
    func busyAndLockedAreBusy(extendedCode: Int32) {
        #expect(SQLiteError(extendedCode: extendedCode, message: "").isBusy)
    }

    @Test func otherErrorsAreNotBusy() {
        #expect(!SQLiteError(extendedCode: 1, message: "").isBusy)
        #expect(!SQLiteError(extendedCode: 1, message: "").isConstraintViolation)
    }
}
