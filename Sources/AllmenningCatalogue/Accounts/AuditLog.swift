import AllmenningCore
import Foundation

/// One thing done, as the audit log keeps it.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    /// The acting user's user name; nil for the installation itself.
    public var actor: String?
    /// What was done, as `subject-type.verb`: `user.add`, `token.revoke`, `review.approve`.
    public var action: String
    /// What it was done to: its type (`user`, `organisation`, `token`, `repository`,
    /// `resource`) and its name or id there.
    public var subjectType: String
    public var subject: String
    /// More about it, as a JSON object (never a secret).
    public var details: [String: String]
}

/// An entry to append.
public struct NewAuditEntry: Sendable {
    public var actor: AuditActor
    public var action: String
    public var subjectType: String
    public var subject: String
    public var details: [String: String]

    public init(actor: AuditActor, action: String, subjectType: String, subject: String, details: [String: String] = [:]) {
        self.actor = actor
        self.action = action
        self.subjectType = subjectType
        self.subject = subject
        self.details = details
    }
}

/// The audit log: append and read, nothing else. There is no way to change or remove an entry,
/// here or in the SQLite file (its triggers refuse both).
public protocol AuditLog: Sendable {
    /// Appends an entry on its own. Changes the account store makes log themselves in the same
    /// transaction; this is for decisions recorded elsewhere (approvals, publication,
    /// withdrawals).
    func appendAudit(_ entry: NewAuditEntry, at date: Date) throws(CatalogueError)
    /// Entries at or after `since` (all without), oldest first, at most `limit` of the newest.
    func auditEntries(since: Date?, limit: Int?) throws(CatalogueError) -> [AuditEntry]
}
