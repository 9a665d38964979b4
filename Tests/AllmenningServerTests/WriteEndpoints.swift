import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
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
    ] + MatrixWorld.ownerships.flatMap { situation in
        [reviewDecision(.submittedForReview, situation: situation, channel: .form),
         reviewDecision(.submittedForReview, situation: situation, channel: .api),
         reviewDecision(.approved, situation: situation, channel: .form),
         reviewDecision(.approved, situation: situation, channel: .api),
         rating(situation: situation, channel: .form),
         rating(situation: situation, channel: .api)]
    } + [hideRatingText(channel: .form), hideRatingText(channel: .api)] + publication

    /// A review decision on the current version of a resource in `situation` (own, a
    /// colleague's, no user's), through the form or the API; changed: the catalogue has one more
    /// decision of that kind about exactly that commit.
    static func reviewDecision(_ decision: Attestation.Decision, situation: String, channel: Channel) -> WriteEndpoint {
        let action = decision == .submittedForReview ? "submit-for-review" : "review"
        let name = channel == .form ? "POST /resources/{id}/reviews (\(decision.rawValue)), \(situation)"
            : "POST /api/resources/{id}/reviews (\(decision.rawValue)), \(situation)"
        return WriteEndpoint(name: name, who: .policy(action: action, situation: situation), channel: channel) { world, actor, csrf in
            try world.resource(situation, for: actor)
            let commit = try world.currentCommit()
            let before = try world.decisions(decision, on: commit)
            let scores = decision == .approved ? ReviewRubric.builtIn.criteria.map(\.id) : []
            // Its own comment: two equal decisions within one second would be one attestation.
            let comment = "Vurdering \(UUID().uuidString.prefix(8))"
            let answer: RawHTTP.Answer
            if channel == .form {
                answer = try await world.post(actor, "/resources/\(MatrixWorld.resourceID)/reviews",
                                              form: [("decision", decision.rawValue), ("commit", commit), ("comment", comment)] + scores.map { ("score-\($0)", "3") },
                                              csrf: csrf)
            } else {
                let scored = scores.map { "\"\($0)\": {\"score\": 3}" }.joined(separator: ", ")
                answer = try await world.api(actor, "POST", "/api/resources/\(MatrixWorld.resourceID)/reviews",
                                             json: "{\"decision\": \"\(decision.rawValue)\", \"commit\": \"\(commit)\", \"comment\": \"\(comment)\", \"scores\": {\(scored)}}")
            }
            return Attempt(answer, changed: try world.decisions(decision, on: commit) == before + 1)
        }
    }

    /// The actor's rating of a resource in `situation`; changed: their rating has the new score.
    static func rating(situation: String, channel: Channel) -> WriteEndpoint {
        let name = channel == .form ? "POST /resources/{id}/rating, \(situation)" : "POST /api/resources/{id}/ratings, \(situation)"
        return WriteEndpoint(name: name, who: .policy(action: "rate", situation: situation), channel: channel) { world, actor, csrf in
            try world.resource(situation, for: actor)
            // A score the actor's rating does not have yet, so that a stored one shows.
            let score = (try world.rating(by: actor.user)?.score ?? 0) % 5 + 1
            let answer: RawHTTP.Answer
            if channel == .form {
                answer = try await world.post(actor, "/resources/\(MatrixWorld.resourceID)/rating",
                                              form: [("score", String(score)), ("text", "Fungerte i 6B.")], csrf: csrf)
            } else {
                answer = try await world.api(actor, "POST", "/api/resources/\(MatrixWorld.resourceID)/ratings",
                                             json: "{\"score\": \(score), \"text\": \"Fungerte i 6B.\"}")
            }
            return Attempt(answer, changed: try world.rating(by: actor.user)?.score == score)
        }
    }

    /// Hiding the text of a fresh rater's rating of a published resource (belonging to no user);
    /// changed: the rating's text is hidden.
    static func hideRatingText(channel: Channel) -> WriteEndpoint {
        let name = channel == .form ? "POST /resources/{id}/ratings/{user}/hide" : "POST /api/resources/{id}/ratings/{user}/hide"
        return WriteEndpoint(name: name, who: .policy(action: "hide-rating-text", situation: "published"), channel: channel) { world, actor, csrf in
            let rater = try world.ratingWithText()
            let path = "/resources/\(MatrixWorld.resourceID)/ratings/\(rater)/hide"
            let answer = channel == .form
                ? try await world.post(actor, path, form: [("reason", "Personangrep.")], csrf: csrf)
                : try await world.api(actor, "POST", "/api" + path, json: "{\"reason\": \"Personangrep.\"}")
            return Attempt(answer, changed: try world.rating(by: rater)?.hidden != nil)
        }
    }

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

    // MARK: Resources, reviews and ratings

    /// The hosted resource (brok-med-pizza) the review and rating rows act on.
    static let resourceID = "01M82EZD6DXN085RY0X6RECPA6"
    /// The README table's situations of whose a resource is.
    static let ownerships = ["own", "a colleague's", "no user's"]

    /// Makes the resource the actor's own (nobody's "own" is the colleague's), a colleague's, or
    /// no user's, by giving its repository to that owner.
    func resource(_ situation: String, for actor: Actor) throws {
        switch situation {
        case "own": try server.give(WriteEndpoint.repository, to: actor.user ?? Self.colleague)
        case "a colleague's": try server.give(WriteEndpoint.repository, to: Self.colleague)
        case "no user's": try server.give(WriteEndpoint.repository, to: nil)
        default: Issue.record("no resource for the situation \(situation)")
        }
    }

    func currentCommit() throws -> String {
        try #require(try server.catalogue.resource(Self.resourceID)?.current?.commit)
    }

    /// How many decisions of this kind the catalogue holds about exactly this commit.
    func decisions(_ decision: Attestation.Decision, on commit: String) throws -> Int {
        try server.catalogue.reviews(of: Self.resourceID).filter { $0.commit == commit && $0.attestation.decision == decision }.count
    }

    func rating(by userName: String?) throws -> Rating? {
        guard let userName else { return nil }
        return try server.catalogue.ratings(of: Self.resourceID).first { $0.rater == userName }
    }

    /// A new teacher's rating with a text, of the resource as no user's (published): something
    /// for a moderator to hide. Returns the rater's user name.
    func ratingWithText() throws -> String {
        try server.give(WriteEndpoint.repository, to: nil)
        let rater = "rater-\(UUID().uuidString.prefix(8).lowercased())"
        let user = try server.user(rater, .teacher)
        try RatingWorkflow(store: server.catalogue).rate(Self.resourceID, score: 1, text: "Dette er søppel.", by: .user(user), at: Date())
        return rater
    }
}
