/// An error that knows how it is answered, so handlers can throw it and one
/// place in the application turns it into a response.
public protocol HTTPResponseError: Error {
    var status: HTTPStatus { get }
    func response(for request: Request) -> Response
}
