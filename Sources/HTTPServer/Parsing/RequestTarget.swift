/// Splits and percent-decodes a request target (RFC 9112 §3.2, RFC 3986 §2.1).
enum RequestTarget {
    struct Decoded {
        var pathSegments: [String]
        var query: [(name: String, value: String)]
    }

    /// Accepts origin-form, absolute-form (its path is used) and, for OPTIONS,
    /// asterisk-form. Returns nil for anything else, for bad percent-encoding and
    /// for a fragment, which no request target carries (RFC 9112 §3.2).
    static func decode(_ target: UnsafeBufferPointer<UInt8>, method: HTTPMethod) -> Decoded? {
        guard let first = target.first, !target.contains(UInt8(ascii: "#")) else { return nil }
        if first == UInt8(ascii: "*") {
            return target.count == 1 && method == .options ? Decoded(pathSegments: ["*"], query: []) : nil
        }
        var start = 0
        if first != UInt8(ascii: "/") {
            guard let pathStart = absoluteFormPathStart(target) else { return nil }
            start = pathStart
        }
        let end = target[start...].firstIndex(of: UInt8(ascii: "?")) ?? target.count
        var segments: [String] = []
        if end - start > 1 {
            segments.reserveCapacity(8)
            var segmentStart = start + 1
            for i in (start + 1)...end where i == end || target[i] == UInt8(ascii: "/") {
                guard let segment = percentDecoded(target[segmentStart..<i], plusIsSpace: false) else { return nil }
                segments.append(segment)
                segmentStart = i + 1
            }
        }
        var query: [(name: String, value: String)] = []
        if end < target.count {
            var pairStart = end + 1
            for i in (end + 1)...target.count where i == target.count || target[i] == UInt8(ascii: "&") {
                defer { pairStart = i + 1 }
                if i == pairStart { continue }
                let pair = target[pairStart..<i]
                let eq = pair.firstIndex(of: UInt8(ascii: "=")) ?? i
                guard let name = percentDecoded(target[pairStart..<eq], plusIsSpace: true),
                    let value = percentDecoded(eq < i ? target[(eq + 1)..<i] : target[i..<i], plusIsSpace: true)
                else { return nil }
                query.append((name, value))
            }
        }
        return Decoded(pathSegments: segments, query: query)
    }

    /// `http://host[:port]/path` → where the path (or query) starts; a bare
    /// authority yields the end, which decodes as path "/".
    private static func absoluteFormPathStart(_ target: UnsafeBufferPointer<UInt8>) -> Int? {
        let lowered = target.prefix(8).map(asciiLowercased)
        let schemeLength: Int
        if lowered.starts(with: Array("http://".utf8)) {
            schemeLength = 7
        } else if lowered.starts(with: Array("https://".utf8)) {
            schemeLength = 8
        } else {
            return nil
        }
        guard target.count > schemeLength else { return nil }
        return target[schemeLength...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
            ?? target.count
    }

    static func percentDecoded(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, plusIsSpace: Bool) -> String? {
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusIsSpace && $0 == UInt8(ascii: "+")) || $0 >= 0x80 })
        {
            // Plain ASCII is valid UTF-8 as it stands (and the parser admits
            // nothing else to a target); the generic validating initialiser
            // over a slice cost a third of the target's decoding.
            return String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.endIndex, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else {
                    return nil
                }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(plusIsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    @inline(__always)
    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
