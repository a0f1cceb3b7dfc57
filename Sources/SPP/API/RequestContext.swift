import HTTPServer
import JSON

/// One request as a handler sees it: the parsed request, who is calling, and
/// typed access to path, query and body that fail with the right 4xx.
public struct RequestContext: Sendable {
    public let request: Request
    public let caller: Caller
    public let clock: any WallClock
    /// The query parameters the route declares: the only ones it may read.
    public let queryNames: Set<String>

    public init(request: Request, caller: Caller, clock: any WallClock, queryNames: Set<String>) {
        self.request = request
        self.caller = caller
        self.clock = clock
        self.queryNames = queryNames
    }

    /// A positive integer id from the path, written as the API writes it;
    /// anything else names no resource (404). `01` or `+1` would give one
    /// resource a second URL, and caches a second copy of it.
    public func id(_ name: String) throws -> Int {
        // Int() has refused all but these two other spellings of a positive number.
        guard let text = request.parameters[name], let value = Int(text), value > 0,
            text.utf8.first != UInt8(ascii: "0"), text.utf8.first != UInt8(ascii: "+")
        else { throw Problem.notFound() }
        return value
    }

    /// A query parameter's value. Each is read once, so one given twice is a
    /// mistake to report (`limit=1&limit=2`), not to settle by taking the first.
    public func query(_ name: String) throws -> String? {
        assert(queryNames.contains(name), "the route reads \(name) without declaring it")
        var found: String?
        for (key, value) in request.query where key == name {
            guard found == nil else { throw Problem.invalid(field: name, "is given more than once") }
            found = value
        }
        return found
    }

    /// A text filter, bounded like a name so it cannot be abused as a huge scan key.
    public func queryText(_ name: String) throws -> String? {
        guard let text = try query(name) else { return nil }
        guard (1...200).contains(text.count), !text.utf8.contains(0) else {
            throw Problem.invalid(field: name, "must be 1 to 200 characters")
        }
        return text
    }

    public func queryInt(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = try query(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw Problem.invalid(field: name, "must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    public func queryDate(_ name: String) throws -> CivilDate? {
        guard let text = try query(name) else { return nil }
        guard let date = CivilDate(text) else { throw Problem.invalid(field: name, "must be a date (YYYY-MM-DD)") }
        return date
    }

    public func queryBool(_ name: String) throws -> Bool? {
        switch try query(name) {
        case nil: return nil
        case "true": return true
        case "false": return false
        default: throw Problem.invalid(field: name, "must be true or false")
        }
    }

    public func queryEnum<E: RawRepresentable & CaseIterable>(_ name: String, as: E.Type) throws -> E?
    where E.RawValue == String {
        guard let text = try query(name) else { return nil }
        guard let value = E(rawValue: text) else {
            throw Problem.invalid(field: name, "must be one of: " + E.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// For a `POST` that takes no fields: no body, or `{}`. Fields sent anyway
    /// are unknown fields (`422`, CONTRACT §1), not silently ignored.
    public func requireNoFields() throws {
        guard !request.body.isEmpty else { return }
        var body = JSONObjectReader(try jsonObject())
        let errors = body.finish()
        if !errors.isEmpty { throw Problem.invalid(errors) }
    }

    /// The body as a JSON object. `PATCH` also takes `application/merge-patch+json`.
    public func jsonObject() throws -> JSONObject {
        try requireContentType(
            request.method == .patch ? ["application/json", "application/merge-patch+json"] : ["application/json"])
        let value: JSONValue
        do {
            value = try JSONParser.parse(request.body)
        } catch {
            throw Problem.badRequest(
                "The body is not valid JSON: \(error.message) at line \(error.line), column \(error.column).")
        }
        guard case .object(let object) = value else {
            throw Problem.invalid(field: "", "the body must be a JSON object")
        }
        return object
    }

    /// `415` unless the body's media type is one of `accepted` (charset, if given, must be UTF-8).
    public func requireContentType(_ accepted: [String]) throws {
        guard let header = request.headers["Content-Type"] else {
            throw Problem(.unsupportedMediaType, "Send the body with Content-Type: \(accepted[0]).")
        }
        let parts = header.fieldItems(separatedBy: ";")
        let charsetOK = parts.dropFirst().allSatisfy { parameter in
            let utf8 = parameter.utf8
            guard let equals = utf8.firstIndex(of: UInt8(ascii: "=")),
                Substring(utf8[..<equals]).trimmingOWS().equalsIgnoringASCIICase("charset")
            else { return true }
            let value = Substring(utf8[utf8.index(after: equals)...]).trimmingOWS()
            return value.trimmingASCII { $0 == UInt8(ascii: "\"") }.equalsIgnoringASCIICase("utf-8")
        }
        guard accepted.contains(where: { parts[0].equalsIgnoringASCIICase($0) }), charsetOK else {
            throw Problem(.unsupportedMediaType, "Send the body with Content-Type: \(accepted[0]).")
        }
    }

    /// Whether the client asked for the CSV form of a list: `text/csv` named
    /// with a weight above zero (RFC 9110 §12.4.2) and at least JSON's, as the
    /// most specific range that matches JSON gives it. `*/*` alone means JSON;
    /// a range with a malformed weight counts for nothing.
    public var wantsCSV: Bool {
        var csv = 0.0
        var json = (weight: 0.0, specificity: -1)
        for field in request.headers.values("Accept") {
            for item in field.fieldItems(separatedBy: ",") {
                let parts = item.fieldItems(separatedBy: ";")
                let range = parts[0]
                guard let weight = Self.weight(parts.dropFirst()) else { continue }
                if range.equalsIgnoringASCIICase("text/csv") { csv = max(csv, weight) }
                let specificity =
                    range.equalsIgnoringASCIICase("application/json")
                    ? 2 : range.equalsIgnoringASCIICase("application/*") ? 1 : range == "*/*" ? 0 : -1
                if specificity > json.specificity { json = (weight, specificity) }
            }
        }
        return csv > 0 && csv >= json.weight
    }

    /// A media range's `q`, 1 when absent, nil when malformed: qvalue is `0`
    /// to `1` with at most three decimals (RFC 9110 §12.4.2), so `1.0001`,
    /// `-1` and `1e0` are not weights.
    private static func weight(_ parameters: ArraySlice<Substring>) -> Double? {
        for parameter in parameters {
            let pair = parameter.fieldItems(separatedBy: "=")
            guard pair.count == 2, pair[0].equalsIgnoringASCIICase("q") else { continue }
            let digits = Array(pair[1].utf8)
            guard let unit = digits.first, unit == UInt8(ascii: "0") || unit == UInt8(ascii: "1") else { return nil }
            if digits.count == 1 { return unit == UInt8(ascii: "1") ? 1 : 0 }
            guard digits.count <= 5, digits[1] == UInt8(ascii: "."),
                digits[2...].allSatisfy({ unit == UInt8(ascii: "0") ? (0x30...0x39).contains($0) : $0 == 0x30 })
            else { return nil }
            return Double(String(pair[1]))
        }
        return 1
    }
}

extension RequestContext {
    /// RFC 9110 §13.1.1: a PATCH, PUT or DELETE sent with `If-Match` applies
    /// only to the version the client has seen; otherwise `412`. `nil` is a
    /// resource that does not exist yet (a PUT that would create it), which
    /// no `If-Match` matches, not even `*`.
    public func checkIfMatch(version: Int?) throws {
        guard let header = request.headers["If-Match"] else { return }
        guard let version else {
            throw Problem(.preconditionFailed, "The resource does not exist yet, so If-Match cannot match.")
        }
        guard ETag.match(header, current: ETag.forVersion(version)) else {
            throw Problem(.preconditionFailed, "The resource has changed (version \(version)); fetch it again.")
        }
    }

    public var visibility: Visibility { Visibility(caller) }
    public var actor: Actor { Actor(self) }
}
