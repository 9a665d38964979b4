import AllmenningCore
import Foundation
import GRDB

/// Students' publishing in the SQLite catalogue: which resources the public may see, and the
/// approvals and withdrawals that change it.
extension SQLiteCatalogue: PublicationStore {
    /// The repositories that belong to a student: what they publish waits for approval.
    static let studentRepositories = "(SELECT sp.id FROM repositories sp JOIN users su ON su.id = sp.owner WHERE su.role = 'student')"

    /// A resource (alias r) that has been public: not a student's, or approved. SQL to put in
    /// a WHERE; `PublicationState.wasPublic` says the same in Swift.
    static let wasPublic = "(r.approved_at IS NOT NULL OR r.repository NOT IN \(SQLiteCatalogue.studentRepositories))"

    /// A resource (alias r) the public may see now: live (not deleted, not withdrawn, which
    /// sets deleted_at too) and not a student's waiting for approval. Every read for the
    /// public (search, facet counts, statistics, the fork graph, curriculum pages, files,
    /// harvesting) uses this; `PublicationState.isPublic` says the same in Swift.
    static let isPublic = "(r.deleted_at IS NULL AND \(SQLiteCatalogue.wasPublic))"

    public func publicationState(of resourceID: String) throws(CatalogueError) -> PublicationState? {
        try reading { db in
            try Row.fetchOne(db, sql: Self.stateQuery + " WHERE r.resource_id = ?", arguments: [resourceID]).map(Self.state)
        }
    }

    public func publicationState(ofRepository location: String) throws(CatalogueError) -> PublicationState? {
        try reading { db in
            if let row = try Row.fetchOne(db, sql: Self.stateQuery + """
                 WHERE p.location = ? ORDER BY r.deleted_at IS NULL DESC, r.updated_at DESC LIMIT 1
                """, arguments: [location]) {
                return Self.state(row)
            }
            guard let row = try Row.fetchOne(db, sql: """
                SELECT p.location, u.id AS owner_id, u.user_name AS owner_name, u.role AS owner_role,
                       u.organisation AS owner_organisation, u.pseudonym AS owner_pseudonym
                FROM repositories p LEFT JOIN users u ON u.id = p.owner WHERE p.location = ?
                """, arguments: [location]) else { return nil }
            let (owner, pseudonym) = Self.owner(row)
            return PublicationState(resourceID: nil, repository: row["location"], owner: owner, pseudonym: pseudonym,
                                    currentCommit: nil, approval: nil, withdrawal: nil, deleted: false)
        }
    }

    public func awaitingApproval(limit: Int) throws(CatalogueError) -> [PublicationState] {
        try reading { db in
            try Row.fetchAll(db, sql: Self.stateQuery + """
                 WHERE u.role = 'student' AND r.deleted_at IS NULL AND r.approved_at IS NULL AND r.withdrawn_at IS NULL
                AND r.current_version IS NOT NULL ORDER BY r.updated_at DESC LIMIT ?
                """, arguments: [limit]).map(Self.state)
        }
    }

    public func approvePublication(of resourceID: String, commit: String, by user: Int64, at date: Date,
                                   audit: NewAuditEntry) throws(CatalogueError) -> Bool {
        let now = Timestamp.string(date)
        return try writing { db in
            // Only the version that was checked, and only while nothing else happened to it.
            // updated_at is the OAI-PMH datestamp: a harvester that came by before the approval
            // finds the record on its next visit.
            try db.execute(sql: """
                UPDATE resources SET approved_at = ?1, approved_by = ?2, approved_commit = ?3, updated_at = ?1
                WHERE resource_id = ?4 AND approved_at IS NULL AND deleted_at IS NULL AND withdrawn_at IS NULL
                AND current_version = (SELECT v.id FROM versions v WHERE v.resource = resources.id AND v.commit_id = ?3)
                """, arguments: [now, user, commit, resourceID])
            guard db.changesCount == 1 else { return false }
            try Self.appendAudit(audit, at: now, in: db)
            return true
        }
    }

    public func withdraw(_ resourceID: String, by user: Int64, at date: Date, audit: NewAuditEntry) throws(CatalogueError) -> Bool {
        let now = Timestamp.string(date)
        return try writing { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM resources WHERE resource_id = ? AND withdrawn_at IS NULL",
                                              arguments: [resourceID]) else { return false }
            // A resource deleted before keeps the time of its deletion as its datestamp.
            try db.execute(sql: """
                UPDATE resources SET withdrawn_at = ?1, withdrawn_by = ?2, updated_at = CASE WHEN deleted_at IS NULL THEN ?1 ELSE updated_at END,
                deleted_at = coalesce(deleted_at, ?1) WHERE id = ?3
                """, arguments: [now, user, id])
            try db.execute(sql: "DELETE FROM search_index WHERE rowid = ?", arguments: [id])
            try Self.appendAudit(audit, at: now, in: db)
            return true
        }
    }

    private static let stateQuery = """
        SELECT r.resource_id, r.deleted_at, r.approved_at, r.approved_commit, r.withdrawn_at, p.location, v.commit_id,
               approver.user_name AS approver, withdrawer.user_name AS withdrawer,
               u.id AS owner_id, u.user_name AS owner_name, u.role AS owner_role, u.organisation AS owner_organisation,
               u.pseudonym AS owner_pseudonym
        FROM resources r JOIN repositories p ON p.id = r.repository
        LEFT JOIN users u ON u.id = p.owner
        LEFT JOIN versions v ON v.id = r.current_version
        LEFT JOIN users approver ON approver.id = r.approved_by
        LEFT JOIN users withdrawer ON withdrawer.id = r.withdrawn_by
        """

    private static func state(_ row: Row) -> PublicationState {
        let (owner, pseudonym) = owner(row)
        var approval: PublicationState.Decision?
        if let at = row["approved_at"] as String? {
            approval = .init(by: row["approver"] ?? "?", at: Timestamp.date(at), commit: row["approved_commit"])
        }
        var withdrawal: PublicationState.Decision?
        if let at = row["withdrawn_at"] as String? {
            withdrawal = .init(by: row["withdrawer"] ?? "?", at: Timestamp.date(at))
        }
        return PublicationState(resourceID: row["resource_id"], repository: row["location"], owner: owner, pseudonym: pseudonym,
                                currentCommit: row["commit_id"], approval: approval, withdrawal: withdrawal,
                                deleted: row["deleted_at"] as String? != nil)
    }

    /// The owner as the policy sees them; a student under their pseudonym (see
    /// `PublicationState.owner`).
    private static func owner(_ row: Row) -> (Member?, String?) {
        guard let id = row["owner_id"] as Int64?, let role = Role(rawValue: row["owner_role"] ?? "") else { return (nil, nil) }
        let pseudonym = role == .student ? row["owner_pseudonym"] as String? : nil
        let shownAs = role == .student ? (pseudonym ?? "?") : row["owner_name"]
        return (Member(user: id, userName: shownAs, role: role, organisation: row["owner_organisation"]), pseudonym)
    }
}
