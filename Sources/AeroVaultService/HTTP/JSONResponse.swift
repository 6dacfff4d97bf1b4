import Foundation
import Hummingbird

/// JSON bodies of the API (SPEC.md §19 "API"): snake_case keys, sorted; errors as `{"error": "…"}`.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func make(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let data = (try? encoder.encode(value)) ?? Data(#"{"error":"cannot encode the response"}"#.utf8)
        return raw(status, data, contentType: "application/json")
    }

    static func error(_ status: HTTPResponse.Status, _ message: String) -> Response {
        make(status, ["error": message])
    }

    static func raw(_ status: HTTPResponse.Status, _ data: Data, contentType: String) -> Response {
        Response(
            status: status, headers: [.contentType: contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String) -> Response {
        raw(.ok, Data(text.utf8), contentType: contentType)
    }
}

/// Turns every error into a JSON error with its status (an unknown route is a 404); anything that is not
/// an HTTP error is a 500 that names it, which the tests treat as a bug.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            return JSONResponse.error(error.status, error.body ?? error.status.reasonPhrase)
        } catch {
            return JSONResponse.error(.internalServerError, "\(error)")
        }
    }
}

/// Every `/v1` call needs `Authorization: Bearer <token>`; otherwise 401 (SPEC.md §19 "API").
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let given = request.headers[.authorization] ?? ""
        let expected = "Bearer " + token
        // Compare every byte, so the time taken does not tell how much of the token was right.
        let matches = given.utf8.count == expected.utf8.count
            && zip(given.utf8, expected.utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
        guard matches else {
            var response = JSONResponse.error(.unauthorized, "missing or wrong bearer token")
            response.headers[.wwwAuthenticate] = "Bearer"
            return response
        }
        return try await next(request, context)
    }
}
