import Foundation
import HTTPTypes
import Hummingbird

/// OAI-PMH at /oai, by GET (the query) or POST (a form body), as the protocol allows both.
/// The provider does the protocol; this only carries its answers over HTTP.
struct OAIEndpoint: Sendable {
    let setup: ServerSetup

    func register(on router: Router<ServerRequestContext>) {
        router.get("/oai") { request, context in
            try await answer(query: request.uri.query ?? "", context)
        }
        router.post("/oai") { request, context in
            let contentType = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
            guard contentType == "application/x-www-form-urlencoded" else {
                throw HTTPError(.unsupportedMediaType, message: "OAI-PMH requests by POST are forms: Content-Type: application/x-www-form-urlencoded.")
            }
            // collect(upTo:) refuses a larger body with 413 before it is read.
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            guard let query = body.getString(at: body.readerIndex, length: body.readableBytes) else {
                throw HTTPError(.badRequest, message: "The form is not UTF-8 text.")
            }
            return try await answer(query: query, context)
        }
    }

    private func answer(query: String, _ context: ServerRequestContext) async throws -> Response {
        let provider: OAIProvider
        switch setup.oai {
        case let .success(ready): provider = ready
        case let .failure(off): throw HTTPError(.serviceUnavailable, message: off.message.en)
        }
        let response = try await blocking { provider.respond(toQuery: query) }
        if let failure = response.failure {
            context.logger.error("OAI-PMH: the catalogue cannot be read: \(failure.message.en)")
        }
        var headers = HTTPFields()
        headers[.contentType] = response.contentType
        return Response(status: HTTPResponse.Status(code: response.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: response.body)))
    }
}
