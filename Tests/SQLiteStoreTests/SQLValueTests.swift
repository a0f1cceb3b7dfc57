import SQLiteStore
import Testing

struct SQLValueTests {
    @Test(arguments: [
        SQLValue.null,
        .integer(0), .integer(Int64.min), .integer(Int64.max),
        .real(1.5), .real(-0.25), .real(1e300),
        .text(""), .text("plain"), .text("a\u{0}b\u{0}"), .text("👩‍💻 naïve 日本"),
        .blob([]), .blob([0, 1, 255, 0]),
    ])
    func everyValueRoundTripsUnchanged(_ value: SQLValue) throws {
        try withDatabase { database, _ in
            try database.write { try $0.execute("CREATE TABLE v (x ANY) STRICT") }
            try database.write { try $0.run("INSERT INTO v (x) VALUES (?)", [value]) }
            let read = try database.read { try $0.fetchOne("SELECT x FROM v") { $0.value(0) } }
            #expect(read == value)
        }
    }

    @Test func swiftValuesConvertToTheirStorageClass() {
        #expect(42.sqlValue == .integer(42))
        #expect(Int64(-7).sqlValue == .integer(-7))
        #expect(Int32(7).sqlValue == .integer(7))
        #expect(2.5.sqlValue == .real(2.5))
        #expect(true.sqlValue == .integer(1))
        #expect(false.sqlValue == .integer(0))
        #expect("x".sqlValue == .text("x"))
        #expect([UInt8]([1, 2]).sqlValue == .blob([1, 2]))
        #expect(SQLValue.real(1).sqlValue == .real(1))
    }

    @Test func optionalBindsNilAsNull() {
        let missing: String? = nil
        let present: Int? = 3
        #expect(missing.sqlValue == .null)
        #expect(present.sqlValue == .integer(3))
    }

    @Test func boolIsStoredAsZeroOrOne() throws {
        try withDatabase { database, _ in
            let stored = try database.write { connection in
                try connection.execute("CREATE TABLE flags (on_ INTEGER NOT NULL CHECK (on_ IN (0, 1))) STRICT")
                try connection.run("INSERT INTO flags VALUES (?), (?)", [true, false])
                return try connection.fetch("SELECT on_ FROM flags ORDER BY rowid") { $0.int(0) }
            }
            #expect(stored == [1, 0])
        }
    }
}
