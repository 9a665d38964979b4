import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import Hummingbird

extension StewardshipFailure: WriteRefusalConvertible {
    func refusal(for acting: Acting) -> WriteRefusal {
        switch kind {
        case .refused: WriteRefusal(acting == .nobody ? .needsLogin : .forbidden, message)
        case .notFound: WriteRefusal(.notFound, message)
        case .conflict: WriteRefusal(.conflict, message)
        // The message names the file and line when the input came from one (the command line's
        // rubric file); over HTTP it came from the request, and the message names the field.
        case .invalid: WriteRefusal(.invalid(field: nil), LocalizedText(nb: text(in: .nb), en: text(in: .en)))
        // Rounded up: a client that waits exactly this long is let through.
        case .tooMany: WriteRefusal(.tooManyAttempts(retryAfter: max(1, Int((retryAfter ?? 60).rounded(.up)))), message)
        // The catalogue or the repository could not do it: nothing the request can change.
        case .failed: WriteRefusal(.unavailable, message)
        }
    }
}

/// What review decisions and ratings through the server need: the catalogue's workflows (the
/// same the command line runs, so the policy, the limits and the audit log are theirs), made for
/// one request, and the policy's answer for the forms a page offers.
struct StewardshipOperations: Sendable {
    let setup: ServerSetup

    typealias Store = any PublicationStore & AccountStore & RatingStore

    /// The catalogue as the workflows need it; a store that keeps no accounts or ratings cannot
    /// record decisions (the server over a catalogue without accounts reads only).
    func store() throws(WriteRefusal) -> Store {
        guard let store = setup.catalogue as? Store else {
            throw WriteRefusal(.unavailable, LocalizedText(nb: "Denne tjeneren tar ikke imot vurderinger: katalogen har ingen kontoer.",
                                                           en: "This server takes no reviews or ratings: its catalogue has no accounts."))
        }
        return store
    }

    func ratings() throws(WriteRefusal) -> RatingWorkflow {
        RatingWorkflow(store: try store())
    }

    func reviews() throws -> ReviewWorkflow {
        let store = try store()
        guard let checks = setup.checks else {
            throw WriteRefusal(.unavailable, LocalizedText(
                nb: "Denne tjeneren er startet uten kontrollene katalogen indekserer med, så den kan ikke registrere vurderinger. Start den med allmenning serve.",
                en: "This server was started without the checks the catalogue indexes with, so it cannot record reviews. Start it with allmenning serve."))
        }
        let recorder: ReviewRecorder
        do { recorder = try ReviewRecorder(data: setup.data, configuration: setup.configuration) } catch {
            throw WriteRefusal(.unavailable, error.message)
        }
        return ReviewWorkflow(store: store, recorder: recorder, checks: checks)
    }

    /// The policy's subject for a resource: its repository's owner and whether it is public;
    /// nil when the catalogue does not know it or keeps no publication state.
    func subject(of resourceID: String) throws -> AuthorisationSubject? {
        guard let publication = setup.catalogue as? any PublicationStore else { return nil }
        return try publication.publicationState(of: resourceID)?.subject
    }

    /// The page of a resource, at its review or ratings section.
    static func resourcePage(_ resourceID: String, _ request: Request, section: String) -> Response {
        AccountPages.redirect("/resources/\(percentEscaped(resourceID))?lang=\(ReaderLanguage(request).language.rawValue)#\(section)")
    }
}

/// A review decision as a form or the API sends it, before the workflow checks it against the
/// rubric: the decision's name, the commit it is about, and per criterion a score and comment.
struct SubmittedDecision {
    var decision: String?
    var commit: String?
    var scores: [String: (score: Int?, comment: String?)]
    var comment: String?

    /// The request for `ReviewWorkflow`. The commit is required: a decision is about the version
    /// the reviewer looked at, never whichever is current when the request arrives.
    func request(resourceID: String) throws(WriteRefusal) -> ReviewDecisionRequest {
        let names = Attestation.Decision.allCases.map(\.rawValue).joined(separator: ", ")
        guard let raw = decision, let decision = Attestation.Decision(rawValue: raw) else {
            throw WriteRefusal(.invalid(field: "decision"), LocalizedText(
                nb: "decision må være en av \(names), ikke «\(Pages.shortened(decision ?? "", to: 40))».",
                en: "decision must be one of \(names), not \"\(Pages.shortened(decision ?? "", to: 40))\"."))
        }
        guard let commit = commit?.trimmingCharacters(in: .whitespaces), !commit.isEmpty else {
            throw WriteRefusal(.invalid(field: "commit"), LocalizedText(
                nb: "Oppgi commit: id-en til versjonen avgjørelsen gjelder (resource.current.commit i API-et, eller siden du vurderte).",
                en: "Give commit: the id of the version the decision is about (current.commit in the API, or the page you reviewed)."))
        }
        let entries = scores.keys.sorted().map { criterion in
            ReviewAssessment.Entry(criterion: criterion, score: scores[criterion]?.score, comment: scores[criterion]?.comment?.trimmedOrNil)
        }.filter { $0.score != nil || $0.comment != nil }
        return ReviewDecisionRequest(resourceID: resourceID, commit: commit, decision: decision,
                                     assessment: ReviewAssessment(entries: entries), comment: comment?.trimmedOrNil)
    }
}

extension String {
    /// Without surrounding white space; nil when nothing is left.
    var trimmedOrNil: String? {
        let trimmed = trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
