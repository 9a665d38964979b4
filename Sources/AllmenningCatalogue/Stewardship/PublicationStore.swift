import AllmenningCore
import Foundation

/// Where a resource stands with publication: whose it is, whether it waits for a teacher's
/// approval, who approved or withdrew it and when. What the policy's `see`, `approve-publication`
/// and `withdraw` look at, and what pages, the API and git ask before showing anything.
public struct PublicationState: Sendable, Equatable {
    /// The resource's manifest id; nil for a repository nothing has been published from yet.
    public var resourceID: String?
    /// The repository's absolute path on this machine.
    public var repository: String
    /// The repository's owner as the policy sees them. For a student, `userName` holds their
    /// pseudonym instead: the policy's refusals name the owner, and they are shown to people
    /// who may not learn who the student is.
    public var owner: Member?
    /// The owner's pseudonym, when the owner is a student.
    public var pseudonym: String?
    /// The commit of the current version (nil before the first).
    public var currentCommit: String?
    public var approval: Decision?
    public var withdrawal: Decision?
    /// Deleted (the branch or repository is gone) or withdrawn.
    public var deleted: Bool

    public struct Decision: Sendable, Equatable {
        /// The user name of who decided.
        public var by: String
        public var at: Date
        /// The version approved (approvals only).
        public var commit: String?

        public init(by: String, at: Date, commit: String? = nil) {
            self.by = by
            self.at = at
            self.commit = commit
        }
    }

    public init(resourceID: String?, repository: String, owner: Member?, pseudonym: String?, currentCommit: String?,
                approval: Decision?, withdrawal: Decision?, deleted: Bool) {
        self.resourceID = resourceID
        self.repository = repository
        self.owner = owner
        self.pseudonym = pseudonym
        self.currentCommit = currentCommit
        self.approval = approval
        self.withdrawal = withdrawal
        self.deleted = deleted
    }

    /// A student's resource waits for a teacher's approval before anyone else sees it.
    public var needsApproval: Bool { owner?.role == .student }

    /// Whether it has been public: not a student's, or approved. A deleted resource that was
    /// public stays as a deleted record for harvesters; one that never was is not mentioned.
    public var wasPublic: Bool { !needsApproval || approval != nil }

    /// Public now: live, and not a student's waiting for approval.
    public var isPublic: Bool { !deleted && withdrawal == nil && wasPublic }

    /// What the policy decides about (`see`, `approve-publication`, `withdraw`).
    public var subject: AuthorisationSubject { AuthorisationSubject(owner: owner, isPublic: isPublic) }
}

/// The seam between what is stored and who looks: the one question pages, the API, file
/// downloads and git clones ask before they show a resource or its repository.
public enum ResourceVisibility {
    /// Whether `viewer` (nil: nobody logged in) may see the resource. Public resources, and
    /// resources deleted by their owner after having been public (their page says so), are
    /// for everyone; the rest (a student's before approval, anything withdrawn) only for those
    /// the policy's `see` lets see what is not public: the student, teachers at their school and
    /// administrators. The server passes whoever is logged in; the command line the acting user.
    public static func allows(_ state: PublicationState, viewer: Member?) -> Bool {
        let shownToAll = state.isPublic || (state.deleted && state.withdrawal == nil && state.wasPublic)
        var subject = state.subject
        subject.isPublic = shownToAll
        return Authorisation.decide(.see, by: viewer, on: subject).isAllowed
    }
}

/// What publication approval and withdrawal need from the catalogue, besides reading the
/// resource: its state, and writing a decision together with its audit entry.
public protocol PublicationStore: CatalogueStore {
    /// The publication state of a resource (live, deleted or withdrawn) by manifest id.
    func publicationState(of resourceID: String) throws(CatalogueError) -> PublicationState?
    /// The publication state of what a repository holds (the resource published from it last,
    /// preferring a live one), or of the repository alone when nothing has been published from
    /// it; nil when the catalogue does not know the repository.
    func publicationState(ofRepository location: String) throws(CatalogueError) -> PublicationState?
    /// Students' resources waiting for a teacher's approval (live, never approved, not
    /// withdrawn), most recently changed first, at most `limit`.
    func awaitingApproval(limit: Int) throws(CatalogueError) -> [PublicationState]
    /// Records an approval of the resource's current version, which must still be `commit`,
    /// with the audit entry, in one transaction. False when the resource changed meanwhile
    /// (another version, approved, deleted or withdrawn): nothing was written.
    func approvePublication(of resourceID: String, commit: String, by user: Int64, at date: Date,
                            audit: NewAuditEntry) throws(CatalogueError) -> Bool
    /// Withdraws the resource for good (out of search and pages, a deleted record for
    /// harvesters when it had been public) with the audit entry, in one transaction. False
    /// when it was withdrawn already: nothing was written.
    func withdraw(_ resourceID: String, by user: Int64, at date: Date, audit: NewAuditEntry) throws(CatalogueError) -> Bool
}
