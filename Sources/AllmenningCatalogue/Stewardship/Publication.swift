import AllmenningCore
import Foundation

/// Why a publication decision was not made, in a form the command line (exit codes) and the
/// server (HTTP statuses) can tell apart.
public struct PublicationFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The policy says no, or the resource's state does (withdrawn, deleted). Exit 1; 403.
        case refused
        /// No such resource, or one the acting user may not see: a refusal would tell them
        /// that a pupil's resource exists and whose it is. Exit 1; 404.
        case notFound
        /// The current version has privacy findings that stop approval (listed, with file and
        /// line). Exit 1; 409 or 422.
        case blockedByPrivacy([Finding])
        /// The catalogue could not be read or written, or the resource changed while the
        /// decision was made. Exit 2; 500 or 409.
        case failed
    }

    public var kind: Kind
    public var message: LocalizedText
    public var description: String { message.en }

    public init(_ kind: Kind, _ message: LocalizedText) {
        self.kind = kind
        self.message = message
    }
}

/// What a decision came to: the state afterwards, and whether the decision changed anything
/// (approving what is approved, or withdrawing what is withdrawn, changes nothing and writes
/// no audit entry).
public struct PublicationOutcome: Sendable, Equatable {
    public var state: PublicationState
    public var changed: Bool
}

/// Where a resource stands, for whoever may see it: its state, and the privacy findings of the
/// current version that stand in the way of approval.
public struct PublicationStatus: Sendable, Equatable {
    public var state: PublicationState
    public var title: LanguageMap?
    public var blockingFindings: [Finding]
}

/// Students' publishing: a teacher approves a pupil's resource for publication, the pupil (or
/// an administrator) withdraws it. The command line, the server's forms and its API call these;
/// each asks the authorisation policy, and writes its decision and its audit entry in one
/// transaction.
public struct Publication: Sendable {
    public let store: any PublicationStore

    public init(store: any PublicationStore) {
        self.store = store
    }

    /// Which privacy findings stop approval: errors and warnings of the privacy plugin. In a
    /// pupil's resource (`kind: student`) the plugin's findings are errors and would not have
    /// passed the push; but a pupil may have written `kind: teacher`, and then the same
    /// national identity number or e-mail address is only a warning. Approval is the moment a
    /// teacher vouches for a pupil's publication, so both stop it; the plugin's low-confidence
    /// hints (information) do not, as they would stop too much that is fine; the teacher sees
    /// them in `publication status`.
    public static func blockingFindings(_ findings: [Finding]) -> [Finding] {
        findings.filter { $0.plugin == "privacy" && $0.severity != .info }.sortedForReading()
    }

    public func status(of resourceID: String, by acting: Acting) throws(PublicationFailure) -> PublicationStatus {
        let state = try visibleState(resourceID, to: acting)
        let current = try attempt { () throws(CatalogueError) in try store.resource(resourceID) }?.current
        return PublicationStatus(state: state, title: current?.manifest.title,
                                 blockingFindings: Self.blockingFindings(current?.findings ?? []))
    }

    /// The pupils' resources waiting for approval that the acting user may see: a teacher's
    /// pupils', a pupil's own, all for an administrator; each with what stops its approval.
    /// The most recently changed first, at most `limit`.
    public func awaitingApproval(by acting: Acting, limit: Int = 200) throws(PublicationFailure) -> [PublicationStatus] {
        guard let viewer = acting.member else { return [] }
        // Read more than shown: most of an installation's waiting resources are other schools'.
        let waiting = try attempt { () throws(CatalogueError) in try store.awaitingApproval(limit: 20 * limit) }
        var statuses: [PublicationStatus] = []
        for state in waiting where ResourceVisibility.allows(state, viewer: viewer) && statuses.count < limit {
            guard let id = state.resourceID,
                  let current = try attempt({ () throws(CatalogueError) in try store.resource(id) })?.current else { continue }
            statuses.append(PublicationStatus(state: state, title: current.manifest.title, blockingFindings: Self.blockingFindings(current.findings)))
        }
        return statuses
    }

    /// Approves the publication of a student's resource: it becomes public, with its current
    /// version, and stays so for later versions (which each pass the push checks) until it is
    /// withdrawn.
    public func approve(_ resourceID: String, by acting: Acting, at date: Date) throws(PublicationFailure) -> PublicationOutcome {
        let state = try visibleState(resourceID, to: acting)
        try authorise(.approvePublication, by: acting, on: state)
        if state.withdrawal != nil { throw PublicationFailure(.refused, Self.withdrawnMessage(resourceID)) }
        if state.approval != nil { return PublicationOutcome(state: state, changed: false) }
        guard !state.deleted, let commit = state.currentCommit, case .user(let user) = acting else {
            throw PublicationFailure(.refused, LocalizedText(
                nb: "Ressursen \(resourceID) er slettet (grenen eller repositoriet er borte), så det er ingenting å godkjenne. Eleven kan sende den igjen.",
                en: "The resource \(resourceID) is deleted (its branch or repository is gone), so there is nothing to approve. The student can push it again."))
        }
        let current = try attempt { () throws(CatalogueError) in try store.resource(resourceID) }?.current
        guard let current, current.commit == commit else { throw Self.changedMeanwhile(resourceID) }
        let blocking = Self.blockingFindings(current.findings)
        if !blocking.isEmpty {
            throw PublicationFailure(.blockedByPrivacy(blocking), LocalizedText(
                nb: "Versjonen \(commit.prefix(7)) har \(blocking.count) funn om personopplysninger, og en elevressurs blir ikke publisert før de er rettet: eleven retter filene og sender en ny versjon, så godkjenner du den.",
                en: "The version \(commit.prefix(7)) has \(blocking.count) finding(s) about personal data, and a student's resource is not published until they are fixed: the student fixes the files and pushes a new version, which you then approve."))
        }
        let audit = NewAuditEntry(actor: .user(user.id), action: "publication.approve", subjectType: "resource", subject: resourceID,
                                  details: ["commit": commit, "repository": state.repository, "student": state.pseudonym ?? ""])
        let written = try attempt { () throws(CatalogueError) in
            try store.approvePublication(of: resourceID, commit: commit, by: user.id, at: date, audit: audit)
        }
        guard written else { throw Self.changedMeanwhile(resourceID) }
        return PublicationOutcome(state: try reload(resourceID), changed: true)
    }

    /// Withdraws a resource for good: out of search, pages, files and clones, and a deleted
    /// record for harvesters that had it. The student's own right, and an administrator's.
    public func withdraw(_ resourceID: String, by acting: Acting, at date: Date) throws(PublicationFailure) -> PublicationOutcome {
        let state = try visibleState(resourceID, to: acting)
        try authorise(.withdraw, by: acting, on: state)
        guard state.withdrawal == nil, case .user(let user) = acting else { return PublicationOutcome(state: state, changed: false) }
        let audit = NewAuditEntry(actor: .user(user.id), action: "resource.withdraw", subjectType: "resource", subject: resourceID,
                                  details: ["repository": state.repository, "wasPublic": state.isPublic ? "true" : "false"])
        let written = try attempt { () throws(CatalogueError) in try store.withdraw(resourceID, by: user.id, at: date, audit: audit) }
        return PublicationOutcome(state: try reload(resourceID), changed: written)
    }

    /// The resource's state, when the acting user may see it; otherwise "not found", so that
    /// nobody learns from a refusal that a pupil's unpublished resource exists.
    private func visibleState(_ resourceID: String, to acting: Acting) throws(PublicationFailure) -> PublicationState {
        let state = try attempt { () throws(CatalogueError) in try store.publicationState(of: resourceID) }
        guard let state, ResourceVisibility.allows(state, viewer: acting.member) else {
            throw PublicationFailure(.notFound, LocalizedText(
                nb: "Katalogen har ingen ressurs med id-en «\(resourceID)» som du kan se. Sjekk id-en (den står i resource.yaml), og at du sier hvem du er (--as eller --token).",
                en: "The catalogue has no resource with the id \"\(resourceID)\" that you may see. Check the id (it is in resource.yaml), and that you say who you are (--as or --token)."))
        }
        return state
    }

    private func authorise(_ action: AuthorisedAction, by acting: Acting, on state: PublicationState) throws(PublicationFailure) {
        if case .refused(let reason) = Authorisation.decide(action, by: acting.member, on: state.subject) {
            throw PublicationFailure(.refused, reason)
        }
    }

    private func reload(_ resourceID: String) throws(PublicationFailure) -> PublicationState {
        guard let state = try attempt({ () throws(CatalogueError) in try store.publicationState(of: resourceID) }) else {
            throw Self.changedMeanwhile(resourceID)
        }
        return state
    }

    private func attempt<T>(_ body: () throws(CatalogueError) -> T) throws(PublicationFailure) -> T {
        do { return try body() } catch { throw PublicationFailure(.failed, error.message) }
    }

    static func changedMeanwhile(_ resourceID: String) -> PublicationFailure {
        PublicationFailure(.failed, LocalizedText(
            nb: "Ressursen \(resourceID) ble endret mens beslutningen ble tatt (en ny versjon, eller noen andre bestemte seg først). Se på den igjen og prøv på nytt.",
            en: "The resource \(resourceID) changed while the decision was being made (a new version, or someone else decided first). Look at it again and try again."))
    }

    /// Withdrawing is final, so that what a pupil took back stays back, and harvesters that
    /// deleted the record are not told otherwise.
    public static func withdrawnMessage(_ resourceID: String) -> LocalizedText {
        LocalizedText(
            nb: "Ressursen \(resourceID) er trukket tilbake og blir ikke publisert igjen. Vil du publisere på nytt, gi den en ny id (en ny ressurs, som må godkjennes på nytt).",
            en: "The resource \(resourceID) has been withdrawn and is not published again. To publish anew, give it a new id (a new resource, which needs approval again).")
    }
}
