import AllmenningCatalogue
import AllmenningCore
import Foundation
import HTTPTypes
import Hummingbird

/// The account's part of the JSON API: who the token or session is (`GET /api/me`) and its
/// access tokens (`GET`/`POST /api/tokens`, `DELETE /api/tokens/{id}`), with a bearer token or
/// a session cookie and its CSRF token in `X-CSRF-Token` (checked by `VisitorMiddleware`).
/// Changes go through `AccountAdministration`, as the command line's and the account page's do.
struct AccountAPI: Sendable {
    let setup: ServerSetup
    let templates: Templates

    /// The methods the account's /api addresses take, for `ReadOnlyAPIMiddleware`; nil for the
    /// other addresses (GET and HEAD only).
    static func methods(_ path: String) -> [HTTPRequest.Method]? {
        if path == "/api/tokens" { return [.get, .head, .post] }
        if path.hasPrefix("/api/tokens/") { return [.delete] }
        return nil
    }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api/me") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                let user = try AccountPages.signedInUser(visitor)
                var object = Self.userObject(user)
                switch visitor.credential {
                case .token: object["authenticatedBy"] = "token"
                case .session(let session):
                    object["authenticatedBy"] = "session"
                    // What a script on our own pages sends back as X-CSRF-Token.
                    object["csrfToken"] = session.csrfToken
                case .none: break
                }
                return Self.privateJSON(object)
            }
        }
        router.get("/api/tokens") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                let user = try AccountPages.signedInUser(visitor)
                let owner = QueryParameters(request.uri.query).first("user") ?? user.userName
                let administration = try AccountPages(setup: setup, templates: templates).administration()
                let acting = visitor.acting, now = setup.now()
                let tokens = try await blocking { () throws(AccountFailure) in try administration.tokens(of: owner, by: acting) }
                return Self.privateJSON(["tokens": tokens.map { Self.tokenObject($0, at: now) }])
            }
        }
        router.post("/api/tokens") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await makeToken(request, context, visitor)
            }
        }
        router.delete("/api/tokens/:id") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                _ = try AccountPages.signedInUser(visitor)
                let raw = context.parameters.get("id") ?? ""
                guard let id = Int64(raw) else { throw WriteRefusal(.notFound, Self.noSuchToken(raw)) }
                let administration = try AccountPages(setup: setup, templates: templates).administration()
                let acting = visitor.acting, now = setup.now()
                let token = try await blocking { () throws(AccountFailure) in try administration.revokeToken(id: id, by: acting, at: now) }
                return Self.privateJSON(["token": Self.tokenObject(token, at: now)])
            }
        }
    }

    /// `{"name": "laptop", "expiresInDays": 90, "user": "kari"}`: `expiresInDays` and `user`
    /// (someone else's token, for administrators) may be left out.
    func makeToken(_ request: Request, _ context: ServerRequestContext, _ visitor: Visitor) async throws -> Response {
        let user = try AccountPages.signedInUser(visitor)
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false else {
            throw WriteRefusal(.invalid(field: nil), LocalizedText(nb: "Send nøkkelen som JSON (Content-Type: application/json), for eksempel {\"name\": \"bærbar\"}.",
                                                                   en: "Send the token as JSON (Content-Type: application/json), for example {\"name\": \"laptop\"}."))
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let asked: NewTokenRequest
        do { asked = try JSONDecoder().decode(NewTokenRequest.self, from: Data(buffer: body)) } catch {
            throw WriteRefusal(.invalid(field: nil), LocalizedText(
                nb: "Forespørselen må være et JSON-objekt med name (tekst), og eventuelt expiresInDays (et helt tall) og user (et brukernavn), for eksempel {\"name\": \"bærbar\", \"expiresInDays\": 90}.",
                en: "The request must be a JSON object with name (text), and optionally expiresInDays (a whole number) and user (a user name), for example {\"name\": \"laptop\", \"expiresInDays\": 90}."))
        }
        let name = asked.name
        guard TokenSecret.isAcceptableName(name) else { throw WriteRefusal(.invalid(field: "name"), TokenSecret.unacceptableName(name)) }
        var expiresAt: Date?
        let now = setup.now()
        if let days = asked.expiresInDays {
            guard (1...AccountPages.maximumDays).contains(days) else {
                throw WriteRefusal(.invalid(field: "expiresInDays"), LocalizedText(
                    nb: "expiresInDays må være et helt antall dager fra 1 til \(AccountPages.maximumDays), eller utelatt (til nøkkelen trekkes tilbake).",
                    en: "expiresInDays must be a whole number of days from 1 to \(AccountPages.maximumDays), or left out (until the token is revoked)."))
            }
            expiresAt = now.addingTimeInterval(TimeInterval(days) * 86_400)
        }
        var owner = user.userName
        if let other = asked.user {
            guard (1...64).contains(other.unicodeScalars.count) else {
                throw WriteRefusal(.invalid(field: "user"), LocalizedText(nb: "user må være et brukernavn.", en: "user must be a user name."))
            }
            owner = other
        }
        let administration = try AccountPages(setup: setup, templates: templates).administration()
        let acting = visitor.acting, expiry = expiresAt, tokenOwner = owner
        let issued = try await blocking { () throws(AccountFailure) in
            try administration.addToken(named: name, for: tokenOwner, expiresAt: expiry, by: acting, at: now)
        }
        context.logger.notice("token \(name) of \(owner) made by \(user.userName)")
        return Self.privateJSON(["token": Self.tokenObject(issued.token, at: now), "secret": issued.secret], status: .created)
    }

    struct NewTokenRequest: Decodable {
        var name: String
        var expiresInDays: Int?
        var user: String?
    }

    // MARK: JSON

    /// JSON for the one who asked: no `Access-Control-Allow-Origin` (unlike the public API, other
    /// sites' scripts may not read it) and not stored by caches.
    static func privateJSON(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        var body = ByteBuffer(bytes: CatalogueJSON.compactData(object))
        body.writeString("\n")
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    static func timestamp(_ date: Date?) -> Any {
        guard let date else { return NSNull() }
        return ISO8601DateFormatter().string(from: date)
    }

    static func userObject(_ user: User) -> [String: Any] {
        var organisation: [String: Any] = ["name": user.organisation.name, "displayName": user.organisation.displayName,
                                           "kind": user.organisation.kind.rawValue]
        if let municipality = user.organisation.municipality { organisation["municipality"] = municipality }
        var object: [String: Any] = ["userName": user.userName, "displayName": user.displayName, "role": user.role.rawValue,
                                     "organisation": organisation]
        if let pseudonym = user.pseudonym { object["pseudonym"] = pseudonym }
        return object
    }

    static func tokenObject(_ token: AccessToken, at date: Date) -> [String: Any] {
        ["id": token.id, "name": token.name, "user": token.owner.map { $0 as Any } ?? NSNull(), "state": token.state(at: date).rawValue,
         "createdAt": timestamp(token.createdAt), "expiresAt": timestamp(token.expiresAt),
         "revokedAt": timestamp(token.revokedAt), "lastUsedAt": timestamp(token.lastUsedAt)]
    }

    static func noSuchToken(_ id: String) -> LocalizedText {
        LocalizedText(nb: "Ingen nøkkel har id-en «\(Pages.shortened(id, to: 40))».", en: "No token has the id \"\(Pages.shortened(id, to: 40))\".")
    }
}
