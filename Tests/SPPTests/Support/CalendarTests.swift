import Foundation
import JSON
import SQLiteStore
import Testing

@testable import SPP

struct CalendarTests {
    @Test func timestampsFormatLikeFoundationsISO8601() {
        let reference = ISO8601DateFormatter()
        reference.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        let samples: [Int64] =
            [0, -1, 59, 86_399, 86_400, 951_782_400, 4_102_444_799, -2_208_988_800]
            + (0..<2000).map { _ in Int64.random(in: -5_000_000_000...10_000_000_000, using: &generator) }
        for seconds in samples {
            let timestamp = Timestamp(secondsSinceEpoch: seconds)
            let expected = reference.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            #expect(timestamp.description == expected)
            #expect(Timestamp(timestamp.description) == timestamp)
            #expect(timestamp.withUTF8 { String(decoding: $0, as: UTF8.self) } == expected)
            var text = expected
            #expect(text.withUTF8 { Timestamp(utf8: $0) } == timestamp)
        }
    }

    @Test func timestampsAcceptFractionsAndOffsetsNormalisedToUTC() {
        #expect(Timestamp("2026-11-28T09:30:00.250Z")?.description == "2026-11-28T09:30:00Z")
        #expect(Timestamp("2026-11-28T10:30:00+01:00")?.description == "2026-11-28T09:30:00Z")
        #expect(Timestamp("2026-11-28T00:15:00-00:30")?.description == "2026-11-28T00:45:00Z")
        #expect(Timestamp("2026-11-28t09:30:00z")?.description == "2026-11-28T09:30:00Z")
        #expect(Timestamp("x2026-11-28T09:30:00Zx".dropFirst().dropLast())?.description == "2026-11-28T09:30:00Z")
    }

    @Test(arguments: [
        "", "2026-11-28", "2026-11-28T09:30:00", "2026-11-28 09:30:00Z", "2026-11-28T24:00:00Z",
        "2026-11-28T09:60:00Z", "2026-11-28T09:30:60Z", "2026-02-29T09:30:00Z", "2026-11-28T09:30:00.Z",
        "2026-11-28T09:30:00ZZ", "2026-11-28T09:30:00+0100", "2026-11-28T09:30:00+24:00", "2026-11-28T9:30:00Z",
        "2026-11-28T09:3a:00Z", "２026-11-28T09:30:00Z",
        // An offset that carries the instant out of years 0001-9999.
        "9999-12-31T23:30:00-01:00", "0001-01-01T00:30:00+01:00",
    ])
    func malformedTimestampsAreRejected(_ text: String) {
        #expect(Timestamp(text) == nil)
    }

    /// Arithmetic can leave four-digit years (an accreditation three years
    /// after 9998); the year is then written in full, never cut to four digits.
    @Test func yearsPastFourDigitsAreWrittenInFull() {
        let last = CivilDate(year: 9999, month: 12, day: 31)!
        #expect(last.adding(days: 1).description == "10000-01-01")
        #expect(last.adding(years: 3).description == "10002-12-31")
        #expect(Timestamp(secondsSinceEpoch: 253_402_300_800).description == "10000-01-01T00:00:00Z")
        #expect(
            Timestamp(secondsSinceEpoch: 253_402_300_800).withUTF8 { String(decoding: $0, as: UTF8.self) }
                == "10000-01-01T00:00:00Z")
        #expect(Timestamp(secondsSinceEpoch: 253_402_300_799).description == "9999-12-31T23:59:59Z")
        #expect(Timestamp("9999-12-31T23:59:59Z")?.secondsSinceEpoch == 253_402_300_799)
    }

    @Test func datesRoundTripThroughDaysSinceEpochAndText() {
        for days in stride(from: -719_162, through: 2_932_896, by: 97) {
            let date = CivilDate(daysSinceEpoch: days)
            #expect(date.daysSinceEpoch == days)
            #expect(CivilDate(date.description) == date)
        }
        #expect(CivilDate(year: 5, month: 1, day: 9)?.description == "0005-01-09")
        #expect(CivilDate(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
    }

    @Test(arguments: [
        "2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01",
    ])
    func realDatesParse(_ text: String) {
        #expect(CivilDate(text)?.description == text)
    }

    @Test(arguments: [
        "", "2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01", "2026-1-01",
        "2026/11/28", "2026-11-28T", "20261128", "2026-11-2x", "-026-11-28",
    ])
    func impossibleOrMalformedDatesAreRejected(_ text: String) {
        #expect(CivilDate(text) == nil)
    }

    /// Stored timestamps are read from the column's bytes and written from a
    /// stack buffer; both must agree with the `String` forms they replace.
    @Test func storedTimestampsReadAndWriteWithoutStrings() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        let read = try database.read { db in
            try db.fetchOne("SELECT '2026-11-28T10:30:00+01:00', 'not a time', NULL, 1764322200") {
                [$0.timestamp(0), $0.timestamp(1), $0.timestamp(2), $0.timestamp(3)]
            }
        }
        // A number is converted to its digits by SQLite, which are not a timestamp.
        let epoch = Timestamp(secondsSinceEpoch: 0)
        #expect(read == [Timestamp("2026-11-28T09:30:00Z")!, epoch, epoch, epoch])
        var writer = JSONWriter()
        writer.beginObject()
        writer.field("at", Timestamp("2026-11-28T09:30:00Z"))
        writer.field("never", nil as Timestamp?)
        writer.endObject()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"at":"2026-11-28T09:30:00Z","never":null}"#)
    }

    /// Every case read back from its stored text; anything else, a prefix of
    /// a case included, is the fallback.
    @Test func storedEnumerationsMatchWholeRawValuesOnly() throws {
        let database = try Database(path: ":memory:")
        defer { database.close() }
        for region in Region.allCases {
            let read = try database.read { db in
                try db.fetchOne("SELECT ?", [region.rawValue]) { $0.enumeration(0, or: Region.notApplicable) }
            }
            #expect(read == region)
        }
        let odd = try database.read { db in
            try db.fetchOne("SELECT 'london ', 'londo', '', NULL, 7") { row in
                (0..<5).map { row.enumeration(Int32($0), or: Region.notApplicable) }
            }
        }
        #expect(odd == Array(repeating: .notApplicable, count: 5))
    }
}
