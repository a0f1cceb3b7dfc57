import TestSupport

/// A request as text: the request line, the field lines and the body, with the
/// CRLFs filled in. Most parser cases differ from a valid request in one place.
func message(_ requestLine: String = "GET / HTTP/1.1", _ fields: [String] = ["Host: example.com"], body: String = "")
    -> String
{
    requestLine + "\r\n" + fields.map { $0 + "\r\n" }.joined() + "\r\n" + body
}

/// The verifier every parser test goes through, with a 1 KiB body limit.
let verifier = ParserVerifier(bodyLimit: 1024)
