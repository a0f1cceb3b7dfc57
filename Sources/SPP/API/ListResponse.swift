import CSV
import HTTPServer
import JSON

/// Answers a list route: a JSON page with `nextCursor` and a `Link` header, or,
/// for `Accept: text/csv`, every matching row as one RFC 4180 file.
public enum ListResponse {
    public static func respond<Item: CSVExportable>(
        _ context: RequestContext, fetch: (PageRequest) throws -> Page<Item>
    ) throws -> Response {
        let pageRequest = try PageRequest(context)
        if context.wantsCSV {
            return try csv(
                startingAt: PageRequest(limit: PageRequest.limits.upperBound, after: pageRequest.after), fetch: fetch)
        }
        let page = try fetch(pageRequest)
        let nextCursor = page.next.map(Cursor.encode)
        var w = JSONWriter(capacity: 128 + page.items.count * 256)
        w.beginObject()
        w.key("data")
        w.beginArray()
        for item in page.items { item.encode(to: &w) }
        w.endArray()
        w.field("nextCursor", nextCursor)
        w.endObject()
        var response = json(w.bytes)
        if let nextCursor {
            response.headers.add("Link", "<\(nextLink(context.request, cursor: nextCursor))>; rel=\"next\"")
        }
        return response
    }

    /// Answers a list that is never paged (an aggregate, one row per member):
    /// `{"data":[…]}`, or the same rows as CSV.
    public static func respond<Item: CSVExportable>(_ context: RequestContext, all items: [Item]) -> Response {
        if context.wantsCSV { return csv(items) }
        var w = JSONWriter(capacity: 64 + items.count * 256)
        w.beginObject()
        w.field("data", items)
        w.endObject()
        return json(w.bytes)
    }

    /// A list's JSON, which is CSV for another `Accept`: caches must key on it.
    public static func json(_ body: [UInt8]) -> Response {
        var response = Response.json(body)
        response.headers.add("Vary", "Accept")
        return response
    }

    /// Every row as one RFC 4180 file, fetched a page at a time from `first`.
    static func csv<Item: CSVExportable>(
        startingAt first: PageRequest, fetch: (PageRequest) throws -> Page<Item>
    ) rethrows -> Response {
        var writer = CSVWriter()
        writer.writeRow(Item.csvColumns)
        var request = first
        while true {
            let page = try fetch(request)
            for item in page.items { writer.writeRow(cells(of: item)) }
            guard let next = page.next else { break }
            request.after = next
        }
        return Response(
            status: .ok, headers: ["Content-Type": "text/csv; charset=utf-8", "Vary": "Accept"], body: writer.bytes)
    }

    private static func csv<Item: CSVExportable>(_ items: [Item]) -> Response {
        csv(startingAt: PageRequest()) { _ in Page(items: items, next: nil) }
    }

    /// One item's row under its type's header; a nested object that is null
    /// leaves its `parent.child` cells empty.
    private static func cells<Item: CSVExportable>(of item: Item) -> [String] {
        let values = Dictionary(CSVFlattening.flatten(item), uniquingKeysWith: { a, _ in a })
        return Item.csvColumns.map { values[$0] ?? "" }
    }

    /// The same path and filters with `cursor` replaced.
    private static func nextLink(_ request: Request, cursor: String) -> String {
        var pairs = request.query.filter { $0.name != "cursor" }
        pairs.append(("cursor", cursor))
        let query = pairs.map { "\(percentEncoded($0.name))=\(percentEncoded($0.value))" }.joined(separator: "&")
        return "/" + request.pathSegments.map(percentEncoded).joined(separator: "/") + "?" + query
    }

    private static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }
}

/// Turns one item's JSON into CSV columns: nested objects become `parent.child`,
/// arrays are kept as their JSON text so no information is lost.
enum CSVFlattening {
    static func flatten(_ item: some JSONEncodable) -> [(String, String)] {
        guard let value = try? JSONParser.parse(item.jsonBytes()) else { return [] }
        var out: [(String, String)] = []
        flatten(value, prefix: "", into: &out)
        return out
    }

    private static func flatten(_ value: JSONValue, prefix: String, into out: inout [(String, String)]) {
        switch value {
        case .object(let object):
            for key in object.keys {
                flatten(object[key]!, prefix: prefix.isEmpty ? key : "\(prefix).\(key)", into: &out)
            }
        case .null: out.append((prefix, ""))
        case .bool(let b): out.append((prefix, b ? "true" : "false"))
        case .integer(let i): out.append((prefix, String(i)))
        case .double(let d): out.append((prefix, String(d)))
        case .string(let s): out.append((prefix, s))
        case .array: out.append((prefix, String(decoding: value.jsonBytes(), as: UTF8.self)))
        }
    }
}
