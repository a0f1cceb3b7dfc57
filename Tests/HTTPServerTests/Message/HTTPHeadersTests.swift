import HTTPServer
import Testing

@Suite struct HTTPHeadersTests {
    static let headers: HTTPHeaders = [
        "Accept": "a", "X-Twice": "1", "x-twice": "2", "Connection": "keep-alive, Upgrade",
    ]

    @Test func lookupIsCaseInsensitiveAndKeepsOrder() {
        #expect(Self.headers["ACCEPT"] == "a")
        #expect(Self.headers["X-TWICE"] == "1")
        #expect(Self.headers.values("x-Twice") == ["1", "2"])
        #expect(Self.headers.map(\.name) == ["Accept", "X-Twice", "x-twice", "Connection"])
        #expect(!Self.headers.contains("Missing"))
        #expect(Self.headers.count(of: "X-TWICE") == 2)
        #expect(Self.headers.count(of: "accept") == 1)
        #expect(Self.headers.count(of: "Missing") == 0)
    }

    @Test(arguments: [("upgrade", true), ("KEEP-ALIVE", true), ("close", false), ("keep", false)])
    func listHeaderTokensAreFoundWholeAndCaseInsensitively(token: String, found: Bool) {
        #expect(Self.headers.containsToken(token, in: "connection") == found)
    }

    /// Split and trimmed on bytes; pieces keep their non-ASCII text whole,
    /// including combining marks next to a separator or to whitespace.
    @Test func listItemsSplitOnBytesAndKeepEmptiesAndNonASCIIText() {
        #expect("a, b ,\tc".fieldItems(separatedBy: ",") == ["a", "b", "c"])
        #expect("chunked, , gzip".fieldItems(separatedBy: ",") == ["chunked", "", "gzip"])
        #expect("".fieldItems(separatedBy: ",") == [""])
        #expect("text/plain; charset=\"utf-8\"".fieldItems(separatedBy: ";") == ["text/plain", "charset=\"utf-8\""])
        #expect("zoë ,\u{301}é; ü ".fieldItems(separatedBy: ",") == ["zoë", "\u{301}é; ü"])
        #expect(" \u{301} ".trimmingOWS().unicodeScalars.map(\.value) == [0x301])
        #expect("\"\"utf-8\"".trimmingASCII { $0 == UInt8(ascii: "\"") } == "utf-8")
    }

    @Test func setReplacesEveryFieldOfThatName() {
        var headers = Self.headers
        headers.set("X-TWICE", "3")
        #expect(headers.values("x-twice") == ["3"])
        headers.add("X-Twice", "4")
        #expect(headers.values("x-twice") == ["3", "4"])
        headers.remove("x-twice")
        #expect(headers.count == 2)
    }

    @Test(arguments: [(" \t a b \t", "a b"), ("", ""), ("\t", ""), ("x", "x")])
    func optionalWhitespaceIsTrimmedFromBothEnds(text: String, trimmed: String) {
        #expect(text.trimmingOWS() == trimmed)
    }

    @Test(arguments: [("Content-Length", "content-length", true), ("abc", "ABD", false), ("abc", "ab", false)])
    func asciiCaseInsensitiveComparison(a: String, b: String, equal: Bool) {
        #expect(a.equalsIgnoringASCIICase(b) == equal)
    }
}
