import HTTPServer

/// Entity tags and the conditional-request rules of RFC 9110 §13.
public enum ETag {
    /// A resource's ETag is its version (CONTRACT §1).
    public static func forVersion(_ version: Int) -> String { "\"\(version)\"" }

    /// For responses without a version (lists, documents): a 64-bit FNV-1a hash
    /// of the exact bytes, which is a valid strong validator.
    public static func forBody(_ body: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in body {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "\"" + Hex.encode(hash) + "\""
    }

    /// `If-None-Match` uses weak comparison: `W/"1"` matches `"1"` (§13.1.2).
    public static func noneMatch(_ header: String, current: String) -> Bool {
        let current = opaque(current)
        return header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingOWS()
            return tag == "*" || opaque(tag) == current
        }
    }

    /// `If-Match` uses strong comparison: a weak tag never matches (§13.1.1).
    public static func match(_ header: String, current: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let tag = candidate.trimmingOWS()
            return tag == "*" || tag == current
        }
    }

    private static func opaque(_ tag: some StringProtocol) -> Substring {
        tag.hasPrefix("W/") ? Substring(tag).dropFirst(2) : Substring(tag)
    }
}

/// Gives every successful `GET` an `ETag` and answers a matching
/// `If-None-Match` with `304` and no body.
struct ConditionalGETMiddleware: Middleware {
    func respond(to request: Request, next: (Request) throws -> Response) throws -> Response {
        var response = try next(request)
        guard request.method == .get || request.method == .head, response.status == .ok else { return response }
        let etag: String
        if let existing = response.headers["ETag"] {
            etag = existing
        } else {
            etag = ETag.forBody(response.body)
            response.headers.add("ETag", etag)
        }
        if let header = request.headers["If-None-Match"], ETag.noneMatch(header, current: etag) {
            response.status = .notModified
            response.body = []
        }
        return response
    }
}
