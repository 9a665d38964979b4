import AllmenningCore
import AllmenningGit
import AllmenningReviews
import Foundation

/// Where a resource stands with its reviewers: which version is approved, by whom and until
/// when; whether the review is due; what changed in the published versions since; and what
/// waits for a reviewer. Read from the catalogue's reviews (checked when indexed) and, for the
/// commits since the approved version, from the resource's repository.
public struct ReviewStatus: Sendable {
    public enum State: String, Sendable {
        /// The current version is approved and the approval holds.
        case approved
        /// An earlier version is approved; the current one is not reviewed.
        case newerVersionUnreviewed = "newer-version-unreviewed"
        /// The last approval has expired: the resource must be reviewed again.
        case reviewDue = "review-due"
        /// No version was ever approved.
        case notReviewed = "not-reviewed"
    }

    /// A commit on the published branch after the approved version, with the files it changed
    /// (against its first parent).
    public struct Commit: Sendable, Equatable {
        public var commit: String
        public var committedAt: Date
        public var summary: String
        public var files: [PathChange]
    }

    public var resourceID: String
    /// The version the catalogue publishes now.
    public var currentCommit: String?
    public var state: State
    /// The latest approval that holds: not expired, not taken back by a later request for
    /// changes on its commit, and of a version in the published history.
    public var approval: IndexedReview?
    /// When no approval holds: the latest one that expired.
    public var expiredApproval: IndexedReview?
    /// The commits after the approved (or expired) version up to the current one, newest
    /// first, at most `ReviewStatus.commitsListed`; `newerCommitsTotal` counts them all.
    public var newerCommits: [Commit]
    public var newerCommitsTotal: Int
    /// The files that differ between the approved (or expired) version and the current one.
    public var changedFiles: [PathChange]
    /// Submissions no reviewer has answered yet.
    public var pendingSubmissions: [IndexedReview]
    /// Requests for changes not yet followed by a new submission or decision.
    public var changesRequested: [IndexedReview]
    /// Why the commits since the approval could not be listed (the repository cannot be read).
    public var historyProblem: LocalizedText?

    public var reviewDue: Bool { state == .reviewDue }

    /// Commits listed with their files; more are only counted.
    public static let commitsListed = 50

    /// The status of `resourceID` at `date`, or nil when the catalogue does not know it.
    public static func load(_ resourceID: String, from store: any CatalogueStore, at date: Date) throws(CatalogueError) -> ReviewStatus? {
        guard let resource = try store.resource(resourceID) else { return nil }
        return try load(resource, from: store, at: date)
    }

    /// The status of a resource already read from the catalogue (as a page has it).
    public static func load(_ resource: StoredResource, from store: any CatalogueStore, at date: Date) throws(CatalogueError) -> ReviewStatus {
        let reviews = try store.reviews(of: resource.resourceID)
        // Without reviews there is no history to read.
        let repository = reviews.isEmpty ? nil : try? Repository.open(at: URL(fileURLWithPath: resource.repository))
        return ReviewStatus(resourceID: resource.resourceID, current: resource.current?.commit, reviews: reviews, repository: repository, at: date)
    }

    /// Decides the status from the reviews (oldest first) and the repository (nil when it
    /// cannot be opened: then nothing is left out for being outside the published history,
    /// and the commits since the approval are not listed).
    init(resourceID: String, current: String?, reviews: [IndexedReview], repository: Repository?, at date: Date) {
        self.resourceID = resourceID
        currentCommit = current
        func id(_ hex: String) -> ObjectID? { ObjectID(hex: hex) }
        /// Whether `descendant` is `ancestor` or has it in its history.
        func descends(_ descendant: String, from ancestor: String) -> Bool {
            if descendant == ancestor { return true }
            guard let repository, let a = id(ancestor), let d = id(descendant) else { return false }
            return (try? repository.isAncestor(a, of: d)) ?? false
        }
        let published: (IndexedReview) -> Bool = { review in
            guard let current, repository != nil else { return true }
            return descends(current, from: review.commit)
        }
        // A later line of a commit's note is a later decision about that commit: a request for
        // changes after an approval takes the approval back (as the catalogue's search decides).
        let standing = reviews.filter { review in
            review.attestation.decision == .approved && published(review) && !reviews.contains { later in
                later.commit == review.commit && later.position > review.position && later.attestation.decision == .changesRequested
            }
        }
        let latest = { (candidates: [IndexedReview]) in
            candidates.max { ($0.attestation.date, $0.position) < ($1.attestation.date, $1.position) }
        }
        approval = latest(standing.filter { !$0.attestation.isExpired(at: date) })
        expiredApproval = approval == nil ? latest(standing.filter { $0.attestation.isExpired(at: date) }) : nil
        state = if let approval { approval.commit == current ? .approved : .newerVersionUnreviewed }
                else if expiredApproval != nil { .reviewDue } else { .notReviewed }

        // A submission or a request for changes is answered by any later decision about the
        // same version or a newer one.
        let open = reviews.filter { review in
            review.attestation.decision != .approved && !reviews.contains { other in
                other != review && descends(other.commit, from: review.commit)
                    && (other.commit == review.commit ? other.position > review.position : other.attestation.date > review.attestation.date)
            }
        }
        pendingSubmissions = open.filter { $0.attestation.decision == .submittedForReview }
        changesRequested = open.filter { $0.attestation.decision == .changesRequested }

        newerCommits = []
        newerCommitsTotal = 0
        changedFiles = []
        historyProblem = nil
        guard let reference = approval ?? expiredApproval, let current, reference.commit != current,
              let from = id(reference.commit), let to = id(current) else { return }
        guard let repository else {
            historyProblem = LocalizedText(nb: "Repositoriet kan ikke leses, så versjonene etter den godkjente kan ikke vises.",
                                           en: "The repository cannot be read, so the versions after the approved one cannot be shown.")
            return
        }
        do {
            let commits = try repository.log(from: to, excluding: [from])
            newerCommitsTotal = commits.count
            newerCommits = try commits.prefix(Self.commitsListed).map { commit throws(GitError) in
                Commit(commit: commit.id.hex, committedAt: commit.committer.date, summary: commit.summary,
                       files: try repository.changedPaths(from: commit.parents.first, to: commit.id).sorted { $0.path < $1.path })
            }
            changedFiles = try repository.changedPaths(from: from, to: to).sorted { $0.path < $1.path }
        } catch {
            historyProblem = LocalizedText(nb: "Versjonene etter den godkjente kan ikke leses: git: \(error.message)",
                                           en: "The versions after the approved one cannot be read: git: \(error.message)")
        }
    }
}

extension CatalogueJSON {
    /// A review status for machines: the same for `allmenning review status --format json`
    /// and the API's /api/resources/{id}/reviews. Who submitted a version is not named (it may
    /// be a pupil's teacher acting for the pupil); reviewers are, with their organisation.
    public static func object(_ status: ReviewStatus, language: MessageLanguage) -> [String: Any] {
        func decision(_ review: IndexedReview, signed: Bool) -> [String: Any] {
            let attestation = review.attestation
            var object: [String: Any] = [
                "commit": review.commit,
                "decision": attestation.decision.rawValue,
                "date": Attestation.timestamp(attestation.date),
                "expires": attestation.expires.map(Attestation.timestamp) as Any? ?? NSNull(),
                "comment": attestation.comment as Any? ?? NSNull(),
            ]
            guard signed else { return object }
            object["reviewer"] = ["name": attestation.reviewer.name, "organisation": attestation.reviewer.organisation as Any? ?? NSNull()]
            object["rubric"] = ["id": attestation.rubric.id,
                                "criteria": attestation.rubric.criteria.map { ["id": $0.id, "min": $0.minimum, "max": $0.maximum] }]
            object["scores"] = attestation.scores.map { score in
                ["criterion": score.criterion, "score": score.score as Any? ?? NSNull(), "comment": score.comment as Any? ?? NSNull()] as [String: Any]
            }
            // What anyone holding the installation's public key needs to check the decision.
            object["attestation"] = attestation.json.canonicalString
            object["key"] = review.signed.key
            object["signature"] = review.signed.signature
            return object
        }
        func change(_ change: PathChange) -> [String: Any] { ["path": change.path, "status": change.status.rawValue] }
        return [
            "id": status.resourceID,
            "currentCommit": status.currentCommit as Any? ?? NSNull(),
            "state": status.state.rawValue,
            "reviewDue": status.reviewDue,
            "approval": status.approval.map { decision($0, signed: true) } as Any? ?? NSNull(),
            "expiredApproval": status.expiredApproval.map { decision($0, signed: true) } as Any? ?? NSNull(),
            "newerCommits": status.newerCommits.map { commit in
                ["commit": commit.commit, "committedAt": commit.committedAt.formatted(.iso8601), "summary": commit.summary,
                 "files": commit.files.map(change)] as [String: Any]
            },
            "newerCommitsTotal": status.newerCommitsTotal,
            "changedFiles": status.changedFiles.map(change),
            "pendingSubmissions": status.pendingSubmissions.map { decision($0, signed: false) },
            "changesRequested": status.changesRequested.map { decision($0, signed: true) },
            "historyProblem": status.historyProblem?.text(in: language) as Any? ?? NSNull(),
        ]
    }
}
