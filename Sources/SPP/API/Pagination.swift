import HTTPServer
import JSON

/// What a list request asked for: how many rows and where to resume.
public struct PageRequest: Sendable {
    public var limit: Int
    /// Keyset position after which the page starts; empty for the first page.
    public var after: [String]

    /// A cursor the list cannot read (one not from this list, or altered).
    public static let invalidCursor = Problem.invalid(field: "cursor", "is not a valid cursor")

    /// CONTRACT §1; a CSV export reads its pages at the largest size.
    public static let limits = 1...500

    public init(limit: Int = 50, after: [String] = []) {
        self.limit = limit
        self.after = after
    }

    /// Reads `limit` (1–500, default 50) and the opaque `cursor` (CONTRACT §1).
    public init(_ context: RequestContext) throws {
        limit = try context.queryInt("limit", in: Self.limits) ?? 50
        if let cursor = try context.query("cursor") {
            guard let values = Cursor.decode(cursor) else {
                throw Self.invalidCursor
            }
            after = values
        } else {
            after = []
        }
    }
}

extension PageRequest {
    /// The keyset of a list ordered by `count` integer columns: nil for the
    /// first page. A cursor holding anything else, say one from another list
    /// or forged, is `invalidCursor` rather than a silent first page.
    public func afterIntegers(_ count: Int) throws -> [Int]? {
        guard !after.isEmpty else { return nil }
        let values = after.compactMap { Int($0) }
        guard after.count == count, values.count == count else { throw Self.invalidCursor }
        return values
    }
}

/// One page of a list, in the order of its keyset.
public struct Page<Item: JSONEncodable & Sendable>: Sendable {
    public var items: [Item]
    /// Keyset of the last item when more rows follow.
    public var next: [String]?

    public init(items: [Item], next: [String]?) {
        self.items = items
        self.next = next
    }

    /// Builds a page from up to `limit + 1` fetched rows: the extra row only
    /// tells that another page exists.
    public init(fetched: [Item], limit: Int, keyset: (Item) -> [String]) {
        if fetched.count > limit {
            items = Array(fetched.prefix(limit))
            next = keyset(items[limit - 1])
        } else {
            items = fetched
            next = nil
        }
    }
}

/// Cursors are opaque to clients: base64url of the keyset values, so the
/// ordering columns can change without breaking the API's promise.
public enum Cursor {
    public static func encode(_ values: [String]) -> String {
        var w = JSONWriter()
        w.beginArray()
        for value in values { w.string(value) }
        w.endArray()
        return Base64URL.encode(w.bytes)
    }

    public static func decode(_ text: String) -> [String]? {
        guard let bytes = Base64URL.decode(text), case .array(let items)? = try? JSONParser.parse(bytes) else {
            return nil
        }
        var values: [String] = []
        for item in items {
            guard case .string(let value) = item else { return nil }
            values.append(value)
        }
        return values.isEmpty ? nil : values
    }
}
