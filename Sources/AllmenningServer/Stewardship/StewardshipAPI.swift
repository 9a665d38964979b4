import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import HTTPTypes
import Hummingbird

/// Review decisions and ratings in the JSON API, with a bearer token (or a session and
/// `X-CSRF-Token`): `POST /api/resources/{id}/reviews`, `POST /api/resources/{id}/ratings` (the
/// caller's rating, new or replacing theirs) and `POST /api/resources/{id}/ratings/{user}/hide`. The
/// work is the catalogue's workflows'; refusals are problem details (`WriteRefusal`).
struct StewardshipAPI: Sendable {
    let setup: ServerSetup
    let templates: Templates

    var operations: StewardshipOperations { StewardshipOperations(setup: setup) }

    /// The methods these addresses take, for `ReadOnlyAPIMiddleware`; nil for other addresses.
    static func methods(_ path: String) -> [HTTPRequest.Method]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        // "", "api", "resources", ID, …
        guard parts.count >= 5, parts[1] == "api", parts[2] == "resources" else { return nil }
        switch parts.count {
        case 5 where parts[4] == "reviews" || parts[4] == "ratings": return [.get, .head, .post]
        case 7 where parts[4] == "ratings" && parts[6] == "hide": return [.post]
        default: return nil
        }
    }

    func register(on router: Router<ServerRequestContext>) {
        router.post("/api/resources/:id/reviews") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await decide(request, context, resourceID: try context.parameters.require("id"), visitor)
            }
        }
        router.post("/api/resources/:id/ratings") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await rate(request, context, resourceID: try context.parameters.require("id"), visitor)
            }
        }
        router.post("/api/resources/:id/ratings/:user/hide") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await hide(request, context, resourceID: try context.parameters.require("id"),
                               rater: try context.parameters.require("user"), visitor)
            }
        }
    }

    struct DecisionBody: Decodable {
        struct Score: Decodable {
            var score: Int?
            var comment: String?
        }
        var decision: String
        var commit: String
        var scores: [String: Score]?
        var comment: String?
    }

    struct RatingBody: Decodable {
        var score: Int
        var text: String?
    }

    struct HideBody: Decodable {
        var reason: String
    }

    /// `{"decision": "approved", "commit": "<40 hex>", "scores": {"subject-quality": {"score": 4, "comment": "…"}}, "comment": "…"}`
    /// → 201 with the signed decision and the resource's review status after it.
    func decide(_ request: Request, _ context: ServerRequestContext, resourceID: String, _ visitor: Visitor) async throws -> Response {
        _ = try AccountPages.signedInUser(visitor)
        let body = try await Self.decode(DecisionBody.self, request, context, example: LocalizedText(
            nb: "et JSON-objekt med decision (submitted-for-review, approved eller changes-requested), commit (versjonens id), og eventuelt scores ({\"kriterium\": {\"score\": 4, \"comment\": \"…\"}}) og comment",
            en: "a JSON object with decision (submitted-for-review, approved or changes-requested), commit (the version's id), and optionally scores ({\"criterion\": {\"score\": 4, \"comment\": \"…\"}}) and comment"))
        let scores = (body.scores ?? [:]).mapValues { (score: $0.score, comment: $0.comment) }
        let asked = try SubmittedDecision(decision: body.decision, commit: body.commit, scores: scores, comment: body.comment)
            .request(resourceID: resourceID)
        let workflow = try operations.reviews()
        let acting = visitor.acting, now = setup.now()
        let outcome = try await blocking { () throws(StewardshipFailure) in try workflow.decide(asked, by: acting, at: now) }
        let attestation = outcome.signed.attestation
        context.logger.notice("review \(asked.decision.rawValue) of \(resourceID) at \(attestation.commit) by \(visitor.user?.userName ?? "?")")
        return AccountAPI.privateJSON([
            "resource": attestation.resource, "commit": attestation.commit, "decision": attestation.decision.rawValue,
            "reviewer": ["user": attestation.reviewer.user, "name": attestation.reviewer.name,
                         "organisation": attestation.reviewer.organisation as Any? ?? NSNull()] as [String: Any],
            "date": Attestation.timestamp(attestation.date), "expires": attestation.expires.map { Attestation.timestamp($0) as Any } ?? NSNull(),
            "scores": attestation.scores.map { ["criterion": $0.criterion, "score": $0.score as Any? ?? NSNull(), "comment": $0.comment as Any? ?? NSNull()] },
            "comment": attestation.comment as Any? ?? NSNull(),
            "key": outcome.signed.key, "signature": outcome.signed.signature,
            "status": CatalogueJSON.object(outcome.status, language: ReaderLanguage(request).language.messageLanguage),
        ] as [String: Any], status: .created)
    }

    /// `{"score": 4, "text": "…"}` → 200 with the caller's rating, new or replacing theirs (one
    /// rating per user per resource).
    func rate(_ request: Request, _ context: ServerRequestContext, resourceID: String, _ visitor: Visitor) async throws -> Response {
        _ = try AccountPages.signedInUser(visitor)
        let body = try await Self.decode(RatingBody.self, request, context, example: LocalizedText(
            nb: "et JSON-objekt med score (et helt tall fra 1 til 5) og eventuelt text, for eksempel {\"score\": 4, \"text\": \"Fin til 5. trinn.\"}",
            en: "a JSON object with score (a whole number from 1 to 5) and optionally text, for example {\"score\": 4, \"text\": \"Good for year 5.\"}"))
        let workflow = try operations.ratings()
        let acting = visitor.acting, now = setup.now()
        let rating = try await blocking { () throws(StewardshipFailure) in
            try workflow.rate(resourceID, score: body.score, text: body.text, by: acting, at: now)
        }
        var object = ResourceAPI.ratingObject(rating)
        object["resource"] = rating.resourceID
        return AccountAPI.privateJSON(object)
    }

    /// `{"reason": "…"}` → the rating with its text hidden, and who hid it, when and why.
    func hide(_ request: Request, _ context: ServerRequestContext, resourceID: String, rater: String, _ visitor: Visitor) async throws -> Response {
        _ = try AccountPages.signedInUser(visitor)
        let body = try await Self.decode(HideBody.self, request, context, example: LocalizedText(
            nb: "et JSON-objekt med reason (hvorfor teksten skjules; det står i revisjonsloggen)",
            en: "a JSON object with reason (why the text is hidden; it goes into the audit log)"))
        let workflow = try operations.ratings()
        let acting = visitor.acting, now = setup.now()
        let rating = try await blocking { () throws(StewardshipFailure) in
            try workflow.hideText(of: resourceID, rater: rater, reason: body.reason, by: acting, at: now)
        }
        context.logger.notice("rating text of \(rater) on \(resourceID) hidden by \(visitor.user?.userName ?? "?")")
        var object = ResourceAPI.ratingObject(rating)
        object["resource"] = rating.resourceID
        if let hidden = rating.hidden {
            object["hidden"] = ["by": hidden.by, "at": hidden.at.formatted(.iso8601), "reason": hidden.reason]
        }
        return AccountAPI.privateJSON(object)
    }

    /// The request's JSON body as `T`, or 422 saying what the body must be.
    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: ServerRequestContext, example: LocalizedText) async throws -> T {
        let wanted = LocalizedText(nb: "Send \(example.nb), med Content-Type: application/json.",
                                   en: "Send \(example.en), with Content-Type: application/json.")
        guard request.headers[.contentType]?.lowercased().hasPrefix("application/json") ?? false else {
            throw WriteRefusal(.invalid(field: nil), wanted)
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        do { return try JSONDecoder().decode(T.self, from: Data(buffer: body)) } catch {
            throw WriteRefusal(.invalid(field: nil), wanted)
        }
    }
}
