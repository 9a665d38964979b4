import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import Testing

/// Every endpoint that changes something, as the authorisation matrix and the CSRF tests walk
/// them: one row each. A row says who may use it (a row of the README's "Roles and what they
/// may do", or everyone), how it answers (a form, the API, git), and how to try it as one
/// actor: set up the situation (whose token, whose repository), send the request, and say
/// whether the thing it changes did change.
///
/// Adding an endpoint (a review decision, a rating, a publication, a withdrawal) is adding a
/// row here; `WriteMatrixTests` then checks it for every role and nobody, and for a form, CSRF.
struct WriteEndpoint: Sendable {
    enum Who: Sendable {
        /// The README row (`action`, `on`) decides, per role and for nobody.
        case policy(action: String, situation: String)
        /// Everyone, nobody too (logging in, logging out).
        case anyone
    }

    enum Channel: Sendable {
        /// A form posted with the session cookie and its CSRF token: nobody is sent to the login
        /// page (303), a refusal is 403.
        case form
        /// The login form (its own pre-login CSRF token, tested in LoginTests).
        case loginForm
        /// The JSON API with a bearer token: nobody 401, a refusal 403.
        case api
        /// git over HTTP with a token as Basic password: nobody 401, a refusal 403.
        case git
    }

    var name: String
    var who: Who
    var channel: Channel
    /// For what is not public (a pupil's resource): the README's `see` row for the same thing.
    /// Who may not see it is told it does not exist (404), not that they may not act on it.
    var seenAs: String? = nil
    var attempt: @Sendable (MatrixWorld, MatrixWorld.Actor, CSRFChoice) async throws -> Attempt
}

/// What a form sends as its CSRF token.
enum CSRFChoice: String, Sendable, CaseIterable {
    /// The actor's session's own.
    case valid
    case missing
    case wrong
    /// A token of another live session (another user's).
    case anotherSessions
}

/// What trying an endpoint gave.
struct Attempt: Sendable {
    var status: Int
    var location: String?
    /// Whether what the endpoint changes changed; nil when there is nothing to look at (a
    /// logout without a session, git's first request of a push, which changes nothing).
    var changed: Bool?
    var text: String

    init(_ answer: RawHTTP.Answer, changed: Bool?) {
        status = answer.status
        location = answer.header("Location")
        self.changed = changed
        text = answer.text
    }
}

extension WriteEndpoint {
    static let repository = "brok-med-pizza"

    /// The write endpoints there are today.
    static let all: [WriteEndpoint] = [
        WriteEndpoint(name: "POST /login", who: .anyone, channel: .loginForm) { world, actor, _ in
            // Everyone logs in as themselves; nobody as an account that has no session yet.
            let userName = actor.user ?? "nykommer"
            let browser = Browser(port: world.server.port)
            let answer = try await browser.logIn(userName)
            let changed = try browser.session.map { secret in
                if case .valid(let session) = try world.server.catalogue.checkSession(secret, limits: .standard, at: Date()) {
                    return session.user.userName == userName
                }
                return false
            } ?? false
            return Attempt(answer, changed: changed)
        },
        WriteEndpoint(name: "POST /logout", who: .anyone, channel: .form) { world, actor, csrf in
            guard let userName = actor.user else {
                return Attempt(try await Browser(port: world.server.port).request("POST", "/logout", form: []), changed: nil)
            }
            // A session of its own, so that the actor's stays.
            let session = try world.server.catalogue.startSession(for: userName, replacing: nil, limits: .standard, at: Date())
            let browser = Browser(port: world.server.port)
            browser.cookies["allmenning-session"] = session.secret
            let answer = try await browser.request("POST", "/logout", form: world.csrfField(csrf, session.session.csrfToken))
            let ended = try world.server.catalogue.checkSession(session.secret, limits: .standard, at: Date()) == .ended
            return Attempt(answer, changed: ended)
        },
        WriteEndpoint(name: "POST /account/tokens", who: .policy(action: "manage-tokens", situation: "own"), channel: .form) { world, actor, csrf in
            let name = "skjema-\(UUID().uuidString.prefix(8))"
            let answer = try await world.post(actor, "/account/tokens", form: [("name", name)], csrf: csrf)
            return Attempt(answer, changed: try world.tokenExists(named: name))
        },
        WriteEndpoint(name: "POST /account/tokens/{id}/revoke, own", who: .policy(action: "manage-tokens", situation: "own"), channel: .form) { world, actor, csrf in
            let token = try world.freshToken(of: actor.user ?? MatrixWorld.colleague)
            let answer = try await world.post(actor, "/account/tokens/\(token.id)/revoke", form: [], csrf: csrf)
            return Attempt(answer, changed: try world.isRevoked(token))
        },
        WriteEndpoint(name: "POST /account/tokens/{id}/revoke, another user's", who: .policy(action: "manage-tokens", situation: "another user's"),
                      channel: .form) { world, actor, csrf in
            let token = try world.freshToken(of: MatrixWorld.colleague)
            let answer = try await world.post(actor, "/account/tokens/\(token.id)/revoke", form: [], csrf: csrf)
            return Attempt(answer, changed: try world.isRevoked(token))
        },
        WriteEndpoint(name: "POST /api/tokens, own", who: .policy(action: "manage-tokens", situation: "own"), channel: .api) { world, actor, _ in
            let name = "api-\(UUID().uuidString.prefix(8))"
            let answer = try await world.api(actor, "POST", "/api/tokens", json: "{\"name\": \"\(name)\"}")
            return Attempt(answer, changed: try world.tokenExists(named: name))
        },
        WriteEndpoint(name: "POST /api/tokens, another user's", who: .policy(action: "manage-tokens", situation: "another user's"), channel: .api) { world, actor, _ in
            let name = "api-\(UUID().uuidString.prefix(8))"
            let answer = try await world.api(actor, "POST", "/api/tokens", json: "{\"name\": \"\(name)\", \"user\": \"\(MatrixWorld.colleague)\"}")
            return Attempt(answer, changed: try world.tokenExists(named: name))
        },
        WriteEndpoint(name: "DELETE /api/tokens/{id}, own", who: .policy(action: "manage-tokens", situation: "own"), channel: .api) { world, actor, _ in
            let token = try world.freshToken(of: actor.user ?? MatrixWorld.colleague)
            let answer = try await world.api(actor, "DELETE", "/api/tokens/\(token.id)")
            return Attempt(answer, changed: try world.isRevoked(token))
        },
        WriteEndpoint(name: "DELETE /api/tokens/{id}, another user's", who: .policy(action: "manage-tokens", situation: "another user's"), channel: .api) { world, actor, _ in
            let token = try world.freshToken(of: MatrixWorld.colleague)
            let answer = try await world.api(actor, "DELETE", "/api/tokens/\(token.id)")
            return Attempt(answer, changed: try world.isRevoked(token))
        },
        gitPush(situation: "own") { actor in actor.user ?? MatrixWorld.colleague },
        gitPush(situation: "a colleague's") { _ in MatrixWorld.colleague },
        gitPush(situation: "no user's") { _ in nil },
    ] + publication

    /// git's push, as far as the server decides it: the first request of a push (receive-pack's
    /// advertisement) is answered 200 or refused; GitHTTPTests pushes for real.
    static func gitPush(situation: String, owner: @escaping @Sendable (MatrixWorld.Actor) -> String?) -> WriteEndpoint {
        WriteEndpoint(name: "git push, \(situation)", who: .policy(action: "push", situation: situation), channel: .git) { world, actor, _ in
            try world.server.give(repository, to: owner(actor))
            let answer = try await GitHTTPTests.pushAnswer(world.server, secret: actor.token)
            return Attempt(answer, changed: nil)
        }
    }
}

/// A server with a user of each role, each logged in (a session) and with a token, and a
/// colleague (a teacher at the same school) whose things the others act on.
final class MatrixWorld: Sendable {
    static let colleague = "kollega"
    static let roles: [String: Role] = ["student": .student, "teacher": .teacher, "reviewer": .reviewer, "administrator": .administrator]

    struct Actor: Sendable {
        /// The README table's column: `nobody`, `student`, …
        var column: String
        var user: String?
        var session: String?
        var csrf: String?
        var token: String?
    }

    let server: ServerFixture
    let actors: [String: Actor]
    /// The colleague's session's CSRF token: another session's, for the CSRF tests.
    let colleaguesCSRF: String

    init() async throws {
        server = try await ServerFixture(resources: [], hosted: [WriteEndpoint.repository])
        var actors = ["nobody": Actor(column: "nobody")]
        for (column, role) in Self.roles {
            let userName = "aktor-\(column)"
            try server.userWithPassword(userName, role)
            let session = try server.catalogue.startSession(for: userName, replacing: nil, limits: .standard, at: Date())
            actors[column] = Actor(column: column, user: userName, session: session.secret, csrf: session.session.csrfToken,
                                   token: try server.token(for: userName, named: "matrise").secret)
        }
        try server.userWithPassword(Self.colleague, .teacher)
        try server.userWithPassword("nykommer", .student)
        try Self.addPupils(to: server)
        colleaguesCSRF = try server.catalogue.startSession(for: Self.colleague, replacing: nil, limits: .standard, at: Date()).session.csrfToken
        self.actors = actors
    }

    func csrfField(_ choice: CSRFChoice, _ own: String?) -> [(String, String)] {
        switch choice {
        case .valid: own.map { [("csrf", $0)] } ?? []
        case .missing: []
        case .wrong: [("csrf", TokenSecret.base64URL(TokenSecret.randomBytes(32)))]
        case .anotherSessions: [("csrf", colleaguesCSRF)]
        }
    }

    /// A form posted by the actor's browser (nobody's has no cookie).
    func post(_ actor: Actor, _ path: String, form: [(String, String)], csrf: CSRFChoice) async throws -> RawHTTP.Answer {
        let browser = Browser(port: server.port)
        if let session = actor.session { browser.cookies["allmenning-session"] = session }
        return try await browser.request("POST", path, form: csrfField(csrf, actor.csrf) + form)
    }

    /// An API request with the actor's token (nobody's has none).
    func api(_ actor: Actor, _ method: String, _ path: String, json: String? = nil) async throws -> RawHTTP.Answer {
        let client = Browser(port: server.port)
        client.origin = nil
        return try await client.request(method, path, json: json, extraHeaders: actor.token.map { ["Authorization: Bearer \($0)"] } ?? [])
    }

    func freshToken(of userName: String) throws -> AccessToken {
        try server.token(for: userName, named: "mål-\(UUID().uuidString.prefix(8))").token
    }

    func isRevoked(_ token: AccessToken) throws -> Bool {
        try server.catalogue.token(id: token.id)?.revokedAt != nil
    }

    func tokenExists(named name: String) throws -> Bool {
        try server.catalogue.tokens(of: nil).contains { $0.name == name }
    }
}
