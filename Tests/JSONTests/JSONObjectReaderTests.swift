import Testing

@testable import JSON

@Suite struct JSONObjectReaderTests {
    enum Role: String, CaseIterable {
        case admin, editor, viewer
    }

    private func reader(_ json: String, path: String = "") throws -> JSONObjectReader {
        guard case .object(let object) = try JSONParser.parse(Array(json.utf8)) else {
            Issue.record("not an object: \(json)")
            return JSONObjectReader([:])
        }
        return JSONObjectReader(object, path: path)
    }

    @Test func readsValidFieldsWithoutErrors() throws {
        var body = try reader(
            #"{"name":"Ash","age":7,"score":2,"ratio":0.5,"active":true,"tags":[1],"meta":{},"role":"editor"}"#)
        #expect(body.string("name", required: true, maxLength: 3, minLength: 1) == "Ash")
        #expect(body.int("age", required: true, range: 0...10) == 7)
        #expect(body.double("score", required: true) == 2)
        #expect(body.double("ratio", required: true, range: 0...1) == 0.5)
        #expect(body.bool("active", required: true) == true)
        #expect(body.array("tags", required: true) == [.integer(1)])
        #expect(body.object("meta", required: true) == [:])
        #expect(body.enum("role", required: true, as: Role.self) == .editor)
        #expect(body.string("optional", required: false) == nil)
        #expect(body.finish().isEmpty)
    }

    @Test func collectsEveryProblemInOnePass() throws {
        var body = try reader(#"{"name":5,"age":"x","email":null,"nick":null,"extra":1,"role":"owner","other":[]}"#)
        #expect(body.string("name", required: true) == nil)
        #expect(body.int("age", required: true) == nil)
        #expect(body.string("email", required: true) == nil)
        #expect(body.string("nick", required: false) == nil)
        #expect(body.enum("role", required: true, as: Role.self) == nil)
        #expect(body.bool("missing", required: true) == nil)
        #expect(
            body.finish() == [
                FieldError(field: "name", message: "must be a string"),
                FieldError(field: "age", message: "must be an integer"),
                FieldError(field: "email", message: "must not be null"),
                FieldError(field: "role", message: "must be one of: admin, editor, viewer"),
                FieldError(field: "missing", message: "is required"),
                FieldError(field: "extra", message: "is not a known field"),
                FieldError(field: "other", message: "is not a known field"),
            ])
    }

    @Test func rejectsNulCharacters() throws {
        var body = try reader(#"{"name":"a\u0000b"}"#)
        #expect(body.string("name", required: true) == nil)
        #expect(body.errors == [FieldError(field: "name", message: "must not contain NUL characters")])
    }

    /// Unicode scalars, as JSON Schema's `maxLength` and SQLite's `length()`
    /// count them: a skin-toned emoji or an accented letter written with a
    /// combining mark is two, a euro sign (three UTF-8 bytes) one.
    @Test func countsLengthInUnicodeScalars() throws {
        var body = try reader(
            #"{"thumb":"👍🏽","accent":"e\u0301","euro":"€","two":"ab","empty":"","short":"ab"}"#)
        #expect(body.string("thumb", required: true, maxLength: 2) == "👍🏽")
        #expect(body.string("accent", required: true, maxLength: 1, minLength: 1) == nil)
        #expect(body.string("euro", required: true, maxLength: 1, minLength: 1) == "€")
        #expect(body.string("two", required: true, maxLength: 1) == nil)
        #expect(body.string("empty", required: true, minLength: 1) == nil)
        #expect(body.string("short", required: true, minLength: 3) == nil)
        #expect(
            body.errors == [
                FieldError(field: "accent", message: "must be at most 1 character"),
                FieldError(field: "two", message: "must be at most 1 character"),
                FieldError(field: "empty", message: "must not be empty"),
                FieldError(field: "short", message: "must be at least 3 characters"),
            ])
    }

    /// A probe created a trust named three spaces; the GIAS import already
    /// refused a blank name. Optional-length strings may still be blank.
    @Test func aStringThatMustNotBeEmptyMustNotBeBlankEither() throws {
        var body = try reader(#"{"spaces":"   ","mixed":" \t\n\u00a0\u3000","padded":" Ash ","free":"  "}"#)
        #expect(body.string("spaces", required: true, minLength: 1) == nil)
        #expect(body.string("mixed", required: true, minLength: 1) == nil)
        #expect(body.string("padded", required: true, minLength: 1) == " Ash ")
        #expect(body.string("free", required: true) == "  ")
        #expect(
            body.errors == [
                FieldError(field: "spaces", message: "must not be blank"),
                FieldError(field: "mixed", message: "must not be blank"),
            ])
    }

    @Test func acceptsOnlyIntegerLiteralsAsIntegers() throws {
        var body = try reader(#"{"a":2.0,"b":1e2,"c":11,"d":9223372036854775808,"e":true}"#)
        #expect(body.int("a", required: true) == nil)
        #expect(body.int("b", required: true) == nil)
        #expect(body.int("c", required: true, range: 1...10) == nil)
        #expect(body.int("d", required: true) == nil)
        #expect(body.int("e", required: true) == nil)
        #expect(
            body.errors.map(\.message) == [
                "must be an integer", "must be an integer", "must be between 1 and 10", "must be an integer",
                "must be an integer",
            ])
    }

    @Test func acceptsIntegersAsDoublesAndChecksRanges() throws {
        var body = try reader(#"{"a":3,"b":1.5,"c":"1"}"#)
        #expect(body.double("a", required: true) == 3)
        #expect(body.double("b", required: true, range: 0...1) == nil)
        #expect(body.double("c", required: true) == nil)
        #expect(body.errors.map(\.message) == ["must be between 0.0 and 1.0", "must be a number"])
    }

    @Test func namesTypeMismatchesForEveryKind() throws {
        var body = try reader(#"{"b":"yes","a":{},"o":[],"e":3}"#)
        _ = body.bool("b", required: true)
        _ = body.array("a", required: true)
        _ = body.object("o", required: true)
        _ = body.enum("e", required: false, as: Role.self)
        #expect(
            body.finish().map(\.message) == [
                "must be true or false", "must be an array", "must be an object",
                "must be one of: admin, editor, viewer",
            ])
    }

    @Test func prefixesFieldNamesWithThePath() throws {
        var body = try reader(#"{"name":1,"unknown":2}"#, path: "team[0].")
        _ = body.string("name", required: true)
        _ = body.string("missing", required: true)
        body.addError("name", "clashes with another member")
        #expect(
            body.finish() == [
                FieldError(field: "team[0].name", message: "must be a string"),
                FieldError(field: "team[0].missing", message: "is required"),
                FieldError(field: "team[0].name", message: "clashes with another member"),
                FieldError(field: "team[0].unknown", message: "is not a known field"),
            ])
    }

    @Test func tellsPresentNullFromAbsentWithoutReadingIt() throws {
        var body = try reader(#"{"cleared":null,"kept":"x"}"#)
        #expect(body.isPresent("cleared"))
        #expect(body.isNull("cleared"))
        #expect(body.isPresent("kept"))
        #expect(!body.isNull("kept"))
        #expect(!body.isPresent("absent"))
        #expect(!body.isNull("absent"))
        #expect(body.finish().map(\.field) == ["cleared", "kept"])
    }

    @Test func reportsUnknownFieldsOnlyOnce() throws {
        var body = try reader(#"{"a":1}"#)
        #expect(body.finish().count == 1)
        #expect(body.finish().count == 1)
    }
}
