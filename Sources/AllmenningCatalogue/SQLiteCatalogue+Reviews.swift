import AllmenningCore
import AllmenningReviews
import Foundation
import GRDB

/// A review decision as the catalogue holds it: a checked attestation from a repository's
/// notes, with its place in the commit's note.
public struct IndexedReview: Sendable, Equatable {
    public var commit: String
    /// Its line in the commit's note, from 0: a later line was decided later.
    public var position: Int
    public var signed: SignedAttestation

    public init(commit: String, position: Int, signed: SignedAttestation) {
        self.commit = commit
        self.position = position
        self.signed = signed
    }

    public var attestation: Attestation { signed.attestation }
}

extension SQLiteCatalogue {
    @discardableResult
    public func replaceReviews(of resourceID: String, with reviews: [IndexedReview], decidedHere: String?) throws(CatalogueError) -> Bool {
        try writing { db in
            guard let resource = try Int64.fetchOne(db, sql: "SELECT id FROM resources WHERE resource_id = ?", arguments: [resourceID]) else {
                throw CatalogueError(LocalizedText(nb: "Katalogen har ingen ressurs \(resourceID) å lagre vurderinger for.",
                                                   en: "The catalogue has no resource \(resourceID) to keep reviews for."))
            }
            let held = try Self.reviews(ofResource: resource, in: db)
            let sorted = reviews.sorted { ($0.commit, $0.position) < ($1.commit, $1.position) }
            if let decidedHere {
                try Self.auditDecisions(sorted.filter { $0.signed.key == decidedHere }, of: resourceID, at: Timestamp.string(now()), in: db)
            }
            guard held.sorted(by: { ($0.commit, $0.position) < ($1.commit, $1.position) }) != sorted else { return false }
            try db.execute(sql: "DELETE FROM reviews WHERE resource = ?", arguments: [resource])
            for review in sorted {
                let attestation = review.attestation
                try db.execute(sql: """
                    INSERT INTO reviews (resource, commit_id, position, decision, reviewer, decided_at, expires_at, attestation, signing_key, signature)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [resource, review.commit, review.position, attestation.decision.rawValue, attestation.reviewer.user,
                                     Timestamp.string(attestation.date), attestation.expires.map(Timestamp.string),
                                     attestation.json.canonicalString, review.signed.key, review.signed.signature])
            }
            return true
        }
    }

    /// The audit action of a decision.
    public static func auditAction(_ decision: Attestation.Decision) -> String {
        switch decision {
        case .submittedForReview: "review.submit"
        case .approved: "review.approve"
        case .changesRequested: "review.request-changes"
        }
    }

    /// Appends an audit entry for each decision the log does not have yet, known by its
    /// signature (unique to the attestation). The entry's time is when the catalogue learnt of
    /// the decision: its own time, unless a process stopped between the note and the catalogue.
    private static func auditDecisions(_ reviews: [IndexedReview], of resourceID: String, at now: String, in db: Database) throws {
        for review in reviews {
            let attestation = review.attestation
            let logged = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM audit_log WHERE action LIKE 'review.%' AND json_extract(details, '$.signature') = ?)
                """, arguments: [review.signed.signature]) ?? false
            guard !logged else { continue }
            // User names are never reused (users are never deleted), so the name in the
            // attestation is the user who decided; nil when they have no account here, which
            // only a decision written by the library directly can have.
            let actor = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE user_name = ?", arguments: [attestation.reviewer.user])
            var details = ["commit": review.commit, "signature": review.signed.signature, "user": attestation.reviewer.user,
                           "decidedAt": Timestamp.string(attestation.date), "rubric": attestation.rubric.id]
            if let comment = attestation.comment { details["comment"] = comment }
            if let expires = attestation.expires { details["expires"] = Timestamp.string(expires) }
            try appendAudit(NewAuditEntry(actor: actor.map(AuditActor.user) ?? .installation, action: auditAction(attestation.decision),
                                          subjectType: "resource", subject: resourceID, details: details),
                            at: now, in: db)
        }
    }

    public func reviews(of resourceID: String) throws(CatalogueError) -> [IndexedReview] {
        try reading { db in
            guard let resource = try Int64.fetchOne(db, sql: "SELECT id FROM resources WHERE resource_id = ?", arguments: [resourceID]) else { return [] }
            return try Self.reviews(ofResource: resource, in: db)
        }
    }

    /// Oldest first: by the time decided, then by place in the note.
    private static func reviews(ofResource resource: Int64, in db: Database) throws -> [IndexedReview] {
        try Row.fetchAll(db, sql: """
            SELECT commit_id, position, attestation, signing_key, signature FROM reviews WHERE resource = ?
            ORDER BY decided_at, commit_id, position
            """, arguments: [resource]).map { row in
            let attestation = try Attestation(json: JSONValue(parsing: Data((row["attestation"] as String).utf8)))
            return IndexedReview(commit: row["commit_id"], position: row["position"],
                                 signed: SignedAttestation(attestation: attestation, key: row["signing_key"], signature: row["signature"]))
        }
    }
}
