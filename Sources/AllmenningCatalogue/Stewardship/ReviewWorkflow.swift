import AllmenningCore
import AllmenningGit
import AllmenningReviews
import Foundation

/// A review decision someone asks to record: submit a version for review, approve it, or
/// request changes to it.
public struct ReviewDecisionRequest: Sendable, Equatable {
    public var resourceID: String
    /// The version: a full commit id or a prefix of one (at least 7 characters) of a version
    /// the catalogue has of this resource. Nil: the resource's current version.
    public var commit: String?
    public var decision: Attestation.Decision
    /// Scores and comments per criterion of the installation's rubric (empty for a
    /// submission). An approval scores every criterion.
    public var assessment: ReviewAssessment
    /// The overall comment.
    public var comment: String?

    public init(resourceID: String, commit: String? = nil, decision: Attestation.Decision,
                assessment: ReviewAssessment = ReviewAssessment(entries: []), comment: String? = nil) {
        self.resourceID = resourceID
        self.commit = commit
        self.decision = decision
        self.assessment = assessment
        self.comment = comment
    }
}

/// What a recorded decision came to: the signed attestation as stored in the repository's
/// notes, and the resource's review status with it.
public struct ReviewOutcome: Sendable {
    public var signed: SignedAttestation
    public var status: ReviewStatus
}

/// Records review decisions made by users: the one operation the command line
/// (`allmenning review submit|approve|request-changes`) and the server's forms and API call.
///
/// In order: the policy (`submit-for-review` or `review`, on the resource's repository owner),
/// the version (one the catalogue has of the resource), the assessment against the rubric,
/// then the signed note in git (`ReviewRecorder`), then one catalogue transaction that indexes
/// the repository's notes and appends the audit entry. The note is the record: if the process
/// stops after it, the next indexing of the repository's notes (a push, `allmenning index`,
/// `index --reviews-only`) writes both the index and the audit entry, since the audit entry of
/// a decision signed with the installation's key is written by the transaction that brings
/// the decision into the catalogue (`CatalogueStore.replaceReviews`), never on its own.
public struct ReviewWorkflow: Sendable {
    public let store: any PublicationStore & AccountStore
    public let recorder: ReviewRecorder
    public let checks: IndexingChecks

    /// `checks` are the ones the catalogue indexes with; the recorder's key is added to the
    /// keys they trust, and it is the key whose decisions are audited.
    public init(store: any PublicationStore & AccountStore, recorder: ReviewRecorder, checks: IndexingChecks) {
        self.store = store
        self.recorder = recorder
        var checks = checks
        checks.reviewVerifier.trustedKeys.insert(recorder.key.publicKey)
        checks.installationKey = recorder.key.publicKey
        self.checks = checks
    }

    /// The rubric decisions are scored on (config.yaml `reviews.rubric`, else the built-in).
    public var rubric: ReviewRubric { recorder.settings.rubric }

    @discardableResult
    public func decide(_ request: ReviewDecisionRequest, by acting: Acting, at date: Date) throws(StewardshipFailure) -> ReviewOutcome {
        let (resource, subject) = try Stewardship.subject(of: request.resourceID, in: store)
        let action: AuthorisedAction = request.decision == .submittedForReview ? .submitForReview : .review
        let user = try Stewardship.authorise(action, by: acting, on: subject, in: store)
        let commit = try version(request.commit, of: resource)
        let scores = try check(request)

        let signed: SignedAttestation
        do {
            signed = try recorder.record(ReviewRequest(resourceID: resource.resourceID, revision: commit, decision: request.decision,
                                                       by: Attestation.Person(user: user.userName, name: user.displayName,
                                                                              organisation: user.organisation.displayName),
                                                       scores: scores, comment: request.comment),
                                         in: URL(fileURLWithPath: resource.repository), at: date)
        } catch {
            throw StewardshipFailure(.failed, error.message)
        }
        let indexed = Indexer(store: store, checks: checks).indexReviews(repository: URL(fileURLWithPath: resource.repository))
        if indexed.status == .failed {
            let reason = indexed.message ?? LocalizedText(nb: "ukjent feil", en: "unknown error")
            throw StewardshipFailure(.failed, LocalizedText(
                nb: "Vurderingen er lagret i repositoriets notater, men katalogen kunne ikke oppdateres (\(reason.nb)). Kjør allmenning index --reviews-only \(resource.repository) når feilen er rettet.",
                en: "The review is stored in the repository's notes, but the catalogue could not be updated (\(reason.en)). Run allmenning index --reviews-only \(resource.repository) once the fault is fixed."))
        }
        let status = try Stewardship.attempt { () throws(CatalogueError) in try ReviewStatus.load(resource.resourceID, from: store, at: date) }
        guard let status else { throw .noSuchResource(request.resourceID) }
        return ReviewOutcome(signed: signed, status: status)
    }

    /// The full commit id of the version asked for: the current one, or the one version of
    /// the resource in the catalogue whose id starts with `prefix`.
    func version(_ prefix: String?, of resource: StoredResource) throws(StewardshipFailure) -> String {
        guard let prefix else { return resource.current!.commit }
        let wanted = prefix.lowercased()
        guard wanted.count >= 7, wanted.count <= 40, wanted.allSatisfy(\.isHexDigit) else {
            throw StewardshipFailure(.invalid, LocalizedText(
                nb: "«\(prefix)» er ikke en commit-id: oppgi minst de 7 første heksadesimale tegnene (allmenning review status viser versjonene).",
                en: "\"\(prefix)\" is not a commit id: give at least its first 7 hexadecimal characters (allmenning review status shows the versions)."))
        }
        let versions = try Stewardship.attempt { () throws(CatalogueError) in try store.versions(of: resource.resourceID) }
        let matching = versions.filter { $0.commit.hasPrefix(wanted) }
        guard matching.count <= 1 else {
            throw StewardshipFailure(.invalid, LocalizedText(
                nb: "«\(prefix)» passer til flere versjoner (\(matching.map { String($0.commit.prefix(12)) }.joined(separator: ", "))); oppgi flere tegn.",
                en: "\"\(prefix)\" fits several versions (\(matching.map { String($0.commit.prefix(12)) }.joined(separator: ", "))); give more characters."))
        }
        guard let version = matching.first else {
            throw StewardshipFailure(.notFound, LocalizedText(
                nb: "Katalogen har ingen versjon \(prefix) av \(resource.resourceID). Bare versjoner som er publisert (indeksert) kan vurderes; gjeldende versjon er \(resource.current!.commit.prefix(10)).",
                en: "The catalogue has no version \(prefix) of \(resource.resourceID). Only published (indexed) versions can be reviewed; the current version is \(resource.current!.commit.prefix(10))."))
        }
        return version.commit
    }

    /// The assessment as the attestation's scores, after the decision's rules: an approval
    /// scores every criterion, a submission scores none, a request for changes says what to
    /// change.
    func check(_ request: ReviewDecisionRequest) throws(StewardshipFailure) -> [Attestation.Score] {
        let assessment = request.assessment
        let file = assessment.file
        for entry in assessment.entries {
            guard let criterion = rubric.criterion(entry.criterion) else {
                throw StewardshipFailure(.invalid, LocalizedText(
                    nb: "«\(entry.criterion)» er ikke et kriterium i vurderingsmalen «\(rubric.id)». Kriteriene er: \(rubric.criteria.map(\.id).joined(separator: ", ")).",
                    en: "\"\(entry.criterion)\" is not a criterion of the rubric \"\(rubric.id)\". The criteria are: \(rubric.criteria.map(\.id).joined(separator: ", "))."),
                    file: file, line: file == nil ? nil : entry.line)
            }
            if let score = entry.score, !criterion.scale.contains(score) {
                throw StewardshipFailure(.invalid, LocalizedText(
                    nb: "\(score) for «\(criterion.id)» er utenfor skalaen \(criterion.scale.minimum)–\(criterion.scale.maximum).",
                    en: "\(score) for \"\(criterion.id)\" is outside the scale \(criterion.scale.minimum)–\(criterion.scale.maximum)."),
                    file: file, line: file == nil ? nil : entry.line)
            }
        }
        let hasComment = !(request.comment ?? "").isEmpty || assessment.entries.contains { !($0.comment ?? "").isEmpty }
        switch request.decision {
        case .approved:
            let unscored = assessment.unscored(in: rubric)
            if !unscored.isEmpty {
                let scale = "\(unscored[0].scale.minimum)–\(unscored[0].scale.maximum)"
                throw StewardshipFailure(.invalid, LocalizedText(
                    nb: "En godkjenning gir poeng for hvert kriterium i vurderingsmalen; disse mangler: \(unscored.map(\.id).joined(separator: ", ")). Gi dem i rubrikkfila (--rubric), for eksempel «\(unscored[0].id): \(unscored[0].scale.maximum)» (skala \(scale)).",
                    en: "An approval scores every criterion of the rubric; these are missing: \(unscored.map(\.id).joined(separator: ", ")). Give them in the rubric file (--rubric), for example \"\(unscored[0].id): \(unscored[0].scale.maximum)\" (scale \(scale))."),
                    file: file, line: file == nil ? nil : (assessment.entries.map(\.line).max() ?? 0) + 1)
            }
        case .changesRequested:
            if !hasComment {
                throw StewardshipFailure(.invalid, LocalizedText(
                    nb: "Den som ber om endringer, må si hva som skal endres: gi --comment, eller en kommentar til et kriterium i rubrikkfila.",
                    en: "Whoever requests changes must say what to change: give --comment, or a comment on a criterion in the rubric file."))
            }
        case .submittedForReview:
            if let scored = assessment.entries.first(where: { $0.score != nil }) {
                throw StewardshipFailure(.invalid, LocalizedText(
                    nb: "Den som sender inn til vurdering, gir ikke poeng («\(scored.criterion)»); det gjør fagfellen. Ta bort poengene, eller bare gi --comment.",
                    en: "Whoever submits for review gives no scores (\"\(scored.criterion)\"); the reviewer does. Leave the scores out, or give just --comment."),
                    file: file, line: file == nil ? nil : scored.line)
            }
        }
        return assessment.entries.map { Attestation.Score(criterion: $0.criterion, score: $0.score, comment: $0.comment) }
    }
}
