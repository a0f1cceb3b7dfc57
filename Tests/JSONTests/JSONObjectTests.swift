import Testing

@testable import JSON

@Suite struct JSONObjectTests {
    @Test func keepsInsertionOrderAndReplacesInPlace() {
        var object: JSONObject = ["b": .integer(1), "a": .integer(2)]
        object["c"] = .null
        object["b"] = .string("new")
        #expect(object.keys == ["b", "a", "c"])
        #expect(object.map(\.key) == ["b", "a", "c"])
        #expect(object["b"] == .string("new"))
        #expect(object["c"] == .null)
        #expect(object["missing"] == nil)
        #expect(object.count == 3)
    }

    @Test func removesMembersAssignedNil() {
        var object: JSONObject = ["a": .integer(1), "b": .integer(2), "c": .integer(3)]
        object["b"] = nil
        object["missing"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["c"] == .integer(3))
    }

    @Test func letsTheLastOfRepeatedPairsWinAtTheFirstPosition() {
        let object = JSONObject([("a", .integer(1)), ("b", .integer(2)), ("a", .integer(3))])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .integer(3))
    }

    @Test func comparesMembersRegardlessOfOrder() {
        let one: JSONObject = ["a": .integer(1), "b": .array([.null])]
        let other: JSONObject = ["b": .array([.null]), "a": .integer(1)]
        #expect(one == other)
        #expect(one != ["a": .integer(1)])
        #expect(one != ["a": .integer(1), "c": .array([.null])])
        #expect(one != ["a": .integer(2), "b": .array([.null])])
        #expect(JSONValue.integer(1) != .double(1))
    }

    @Test func staysConsistentWhenLargeObjectsAreEdited() {
        var object = JSONObject()
        for index in 0..<100 { object["k\(index)"] = .integer(Int64(index)) }
        object["k10"] = nil
        object["k50"] = .string("fifty")
        object["k100"] = .bool(true)
        #expect(object.count == 100)
        #expect(object["k10"] == nil)
        #expect(object["k11"] == .integer(11))
        #expect(object["k50"] == .string("fifty"))
        #expect(object["k100"] == .bool(true))
        #expect(object.keys.last == "k100")
        for index in 11..<50 { object["k\(index)"] = nil }
        #expect(object.count == 61)
        #expect(object["k99"] == .integer(99))
        #expect(object.keys.first == "k0")
    }
}
