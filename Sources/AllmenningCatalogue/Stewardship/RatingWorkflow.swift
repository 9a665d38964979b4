import AllmenningCore
import Foundation

/// Teachers' ratings: rate a resource 1–5 with an optional text (rating again replaces
/// yours), and hide a rating's abusive text. The one operation the command line (`allmenning
/// rate`, `allmenning ratings hide`) and the server's forms and API call.
public struct RatingWorkflow: Sendable {
    public let store: any PublicationStore & AccountStore & RatingStore
    /// How many ratings one account may write in a window of time.
    public let limit: RatingLimit

    /// The longest text a rating takes.
    public static let maximumText = 2_000

    public init(store: any PublicationStore & AccountStore & RatingStore, limit: RatingLimit = .standard) {
        self.store = store
        self.limit = limit
    }

    /// Rates a resource as the acting user (policy `rate`: teachers, reviewers and
    /// administrators, never their own, never what is not published). Refused with `tooMany`
    /// when the user has written `limit.writes` ratings within `limit.window`.
    @discardableResult
    public func rate(_ resourceID: String, score: Int, text: String?, by acting: Acting, at date: Date) throws(StewardshipFailure) -> Rating {
        guard (1...5).contains(score) else {
            throw StewardshipFailure(.invalid, LocalizedText(nb: "«\(score)» er ikke en vurdering: gi et helt tall fra 1 til 5.",
                                                             en: "\"\(score)\" is not a rating: give a whole number from 1 to 5."))
        }
        let text = text?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if let text, text.count > Self.maximumText {
            throw StewardshipFailure(.invalid, LocalizedText(
                nb: "Teksten er \(text.count) tegn; en vurdering tar høyst \(Self.maximumText). Kort den ned.",
                en: "The text is \(text.count) characters; a rating takes at most \(Self.maximumText). Shorten it."))
        }
        let (resource, subject) = try Stewardship.subject(of: resourceID, in: store)
        let user = try Stewardship.authorise(.rate, by: acting, on: subject, in: store)
        let write = try Stewardship.attempt { () throws(CatalogueError) in
            try store.setRating(NewRating(resourceID: resource.resourceID, rater: user.id, score: score, text: text), limit: limit, at: date)
        }
        switch write {
        case .stored(let rating):
            return rating
        case .tooMany(let until):
            let minutes = max(1, Int((until.timeIntervalSince(date) / 60).rounded(.up)))
            throw StewardshipFailure(.tooMany, LocalizedText(
                nb: "Du har gitt \(limit.writes) vurderinger den siste \(Self.window(limit, nb: true)), som er grensen. Prøv igjen om \(minutes) minutter.",
                en: "You have written \(limit.writes) ratings in the last \(Self.window(limit, nb: false)), which is the limit. Try again in \(minutes) minutes."),
                retryAfter: max(0, until.timeIntervalSince(date)))
        case .textHidden:
            throw StewardshipFailure(.refused, LocalizedText(
                nb: "En moderator har skjult teksten i vurderingen din, så du kan ikke gi den ny tekst. Du kan endre poengene (uten --text); spør en fagfelle eller administrator om teksten.",
                en: "A moderator has hidden the text of your rating, so you cannot give it a new text. You can change the score (without --text); ask a reviewer or administrator about the text."))
        }
    }

    /// Hides the text of `rater`'s rating of a resource (policy `hide-rating-text`: reviewers
    /// and administrators). The text is kept; the hiding and its reason go to the audit log.
    @discardableResult
    public func hideText(of resourceID: String, rater: String, reason: String, by acting: Acting, at date: Date) throws(StewardshipFailure) -> Rating {
        // Counted in Unicode scalars before trimming, as the API description's maxLength is.
        let length = reason.unicodeScalars.count
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, length <= 500 else {
            throw StewardshipFailure(.invalid, LocalizedText(nb: "Si hvorfor teksten skjules (--reason), med høyst 500 tegn: det står i revisjonsloggen.",
                                                             en: "Say why the text is hidden (--reason), in at most 500 characters: it goes into the audit log."))
        }
        let (resource, subject) = try Stewardship.subject(of: resourceID, in: store)
        let user = try Stewardship.authorise(.hideRatingText, by: acting, on: subject, in: store)
        let held = try Stewardship.attempt { () throws(CatalogueError) in try store.ratings(of: resource.resourceID) }.first { $0.rater == rater }
        guard let held else {
            throw StewardshipFailure(.notFound, LocalizedText(nb: "«\(rater)» har ikke vurdert \(resource.resourceID).",
                                                              en: "\"\(rater)\" has not rated \(resource.resourceID)."))
        }
        guard held.text != nil else {
            throw StewardshipFailure(.conflict, LocalizedText(nb: "Vurderingen til «\(rater)» har ingen tekst å skjule.",
                                                              en: "The rating by \"\(rater)\" has no text to hide."))
        }
        if let hidden = held.hidden {
            throw StewardshipFailure(.conflict, LocalizedText(
                nb: "Teksten er allerede skjult, av \(hidden.by) \(hidden.at.formatted(.iso8601)).",
                en: "The text is hidden already, by \(hidden.by) at \(hidden.at.formatted(.iso8601))."))
        }
        let hidden = try Stewardship.attempt { () throws(CatalogueError) in
            try store.hideRatingText(of: resource.resourceID, rater: rater, reason: reason, by: user.id, at: date)
        }
        guard let hidden else {
            throw StewardshipFailure(.notFound, LocalizedText(nb: "«\(rater)» har ikke vurdert \(resource.resourceID).",
                                                              en: "\"\(rater)\" has not rated \(resource.resourceID)."))
        }
        return hidden
    }

    /// A live resource's ratings and their summary, for anyone (ratings are public; a hidden
    /// text is for whoever shows them to leave out, see `Rating.shownText`).
    public func ratings(of resourceID: String) throws(StewardshipFailure) -> (summary: RatingSummary, ratings: [Rating]) {
        let resource = try Stewardship.attempt { () throws(CatalogueError) in try store.resource(resourceID) }
        guard let resource, resource.deletedAt == nil else { throw .noSuchResource(resourceID) }
        return try Stewardship.attempt { () throws(CatalogueError) in
            (try store.ratingSummary(of: resource.resourceID), try store.ratings(of: resource.resourceID))
        }
    }

    private static func window(_ limit: RatingLimit, nb: Bool) -> String {
        if limit.window == 3600 { return nb ? "timen" : "hour" }
        let minutes = Int(limit.window / 60)
        return nb ? "\(minutes) minuttene" : "\(minutes) minutes"
    }
}

private extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
