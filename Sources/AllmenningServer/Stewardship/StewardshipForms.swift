import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import Hummingbird

/// The resource page's forms for review decisions and ratings: submit a version for review,
/// approve it or request changes, rate, and hide a rating's text. Each posts with the session's
/// CSRF token (checked by `VisitorMiddleware`), calls the catalogue's workflow, and on success
/// sends the browser back to the resource page (303); refusals are `WriteRefusal`'s pages.
struct StewardshipForms: Sendable {
    let setup: ServerSetup
    let templates: Templates

    var operations: StewardshipOperations { StewardshipOperations(setup: setup) }

    func register(on router: Router<ServerRequestContext>) {
        router.post("/resources/:id/reviews") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await decide(request, context, resourceID: try context.parameters.require("id"), visitor)
            }
        }
        router.post("/resources/:id/rating") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await rate(request, context, resourceID: try context.parameters.require("id"), visitor)
            }
        }
        router.post("/resources/:id/ratings/:user/hide") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await hide(request, context, resourceID: try context.parameters.require("id"),
                               rater: try context.parameters.require("user"), visitor)
            }
        }
    }

    /// Fields: `decision`, `commit` (the full id of the version the page showed), per criterion
    /// of the rubric `score-ID` and `comment-ID`, and `comment`.
    func decide(_ request: Request, _ context: ServerRequestContext, resourceID: String, _ visitor: Visitor) async throws -> Response {
        _ = try AccountPages.signedInUser(visitor)
        var request = request
        let form = try await SubmittedForm.read(&request, limit: context.maxUploadSize)
        let workflow = try operations.reviews()
        var scores: [String: (score: Int?, comment: String?)] = [:]
        for criterion in workflow.rubric.criteria {
            let raw = form["score-\(criterion.id)"]?.trimmingCharacters(in: .whitespaces) ?? ""
            var score: Int?
            if !raw.isEmpty {
                guard let number = Int(raw) else {
                    throw WriteRefusal(.invalid(field: "score-\(criterion.id)"), LocalizedText(
                        nb: "Poengene for «\(criterion.id)» må være et helt tall fra \(criterion.scale.minimum) til \(criterion.scale.maximum).",
                        en: "The score for \"\(criterion.id)\" must be a whole number from \(criterion.scale.minimum) to \(criterion.scale.maximum)."))
                }
                score = number
            }
            scores[criterion.id] = (score, form["comment-\(criterion.id)"])
        }
        let asked = try SubmittedDecision(decision: form["decision"], commit: form["commit"], scores: scores, comment: form["comment"])
            .request(resourceID: resourceID)
        let acting = visitor.acting, now = setup.now()
        let outcome = try await blocking { () throws(StewardshipFailure) in try workflow.decide(asked, by: acting, at: now) }
        context.logger.notice("review \(asked.decision.rawValue) of \(resourceID) at \(outcome.signed.attestation.commit) by \(visitor.user?.userName ?? "?")")
        return StewardshipOperations.resourcePage(resourceID, request, section: "review")
    }

    /// Fields: `score` (1–5) and `text` (may be empty: no text).
    func rate(_ request: Request, _ context: ServerRequestContext, resourceID: String, _ visitor: Visitor) async throws -> Response {
        _ = try AccountPages.signedInUser(visitor)
        var request = request
        let form = try await SubmittedForm.read(&request, limit: context.maxUploadSize)
        guard let score = form["score"].flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw WriteRefusal(.invalid(field: "score"), LocalizedText(nb: "Velg en vurdering fra 1 til 5.", en: "Choose a rating from 1 to 5."))
        }
        let workflow = try operations.ratings()
        let text = form["text"], acting = visitor.acting, now = setup.now()
        _ = try await blocking { () throws(StewardshipFailure) in try workflow.rate(resourceID, score: score, text: text, by: acting, at: now) }
        return StewardshipOperations.resourcePage(resourceID, request, section: "ratings")
    }

    /// Field: `reason`, which goes into the audit log.
    func hide(_ request: Request, _ context: ServerRequestContext, resourceID: String, rater: String, _ visitor: Visitor) async throws -> Response {
        _ = try AccountPages.signedInUser(visitor)
        var request = request
        let form = try await SubmittedForm.read(&request, limit: context.maxUploadSize)
        let workflow = try operations.ratings()
        let reason = form["reason"] ?? "", acting = visitor.acting, now = setup.now()
        _ = try await blocking { () throws(StewardshipFailure) in
            try workflow.hideText(of: resourceID, rater: rater, reason: reason, by: acting, at: now)
        }
        context.logger.notice("rating text of \(rater) on \(resourceID) hidden by \(visitor.user?.userName ?? "?")")
        return StewardshipOperations.resourcePage(resourceID, request, section: "ratings")
    }
}

/// The forms a resource's page offers the visitor: only those the policy would allow them
/// (`Authorisation.decide` on the resource's subject), so nobody is shown a button that can
/// only be refused. The workflows ask the policy again when the form is sent.
struct StewardshipFormValues {
    let show: Presentation
    let rubric: ReviewRubric
    let visitor: Visitor
    let subject: AuthorisationSubject?
    let resourceID: String
    /// The version the page shows: what a submission or decision is bound to.
    let commit: String

    func allows(_ action: AuthorisedAction) -> Bool {
        guard let user = visitor.user, let subject else { return false }
        return Authorisation.decide(action, by: user.member, on: subject).isAllowed
    }

    var action: String { "/resources/\(percentEscaped(resourceID))" }

    /// For the review section: the submission form and the reviewer's form.
    func reviewForms() -> [String: Any] {
        var values: [String: Any] = [:]
        let version: [String: Any] = ["commit": commit, "short": String(commit.prefix(10)), "action": action + "/reviews"]
        if allows(.submitForReview) { values["submitForm"] = version }
        if allows(.review) {
            values["reviewForm"] = version.merging(["criteria": rubric.criteria.map { criterion -> [String: Any] in
                let label = show.text(criterion.label), description = show.text(criterion.description)
                return ["id": criterion.id, "label": label?.text ?? criterion.id, "labelLang": label?.lang as Any,
                        "criterionDescription": description?.text as Any, "criterionDescriptionLang": description?.lang as Any,
                        "options": (criterion.scale.minimum...criterion.scale.maximum).map { value -> [String: Any] in
                            let meaning = show.text(criterion.scale.labels[value])
                            return ["value": value, "optionLabel": meaning.map { "\(value) – \($0.text)" } ?? "\(value)"]
                        }]
            }]) { $1 }
        }
        return values
    }

    /// For the ratings section: the visitor's rating form, prefilled with their rating.
    func ratingForm(_ ratings: [Rating]) -> [String: Any]? {
        guard allows(.rate), let user = visitor.user else { return nil }
        let mine = ratings.first { $0.rater == user.userName }
        return ["action": action + "/rating",
                "options": (1...5).map { ["value": $0, "selected": $0 == mine?.score] as [String: Any] },
                "ratingText": mine?.shownText ?? "", "textHidden": mine?.hidden != nil, "isChange": mine != nil]
    }

    /// The address of the form hiding this rating's text, for a moderator, when there is a
    /// visible text to hide.
    func hideAction(_ rating: Rating) -> String? {
        guard rating.shownText != nil, allows(.hideRatingText) else { return nil }
        return action + "/ratings/\(percentEscaped(rating.rater))/hide"
    }
}
