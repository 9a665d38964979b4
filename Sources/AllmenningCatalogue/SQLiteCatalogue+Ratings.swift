import AllmenningCore
import Foundation
import GRDB

extension SQLiteCatalogue: RatingStore {
    public func setRating(_ rating: NewRating, limit: RatingLimit, at date: Date) throws(CatalogueError) -> RatingWrite {
        let now = Timestamp.string(date)
        let windowStart = Timestamp.string(date.addingTimeInterval(-limit.window))
        return try writing { db in
            let resource = try Self.resourceKey(rating.resourceID, in: db)
            try db.execute(sql: "DELETE FROM rating_writes WHERE rater = ? AND at <= ?", arguments: [rating.rater, windowStart])
            let recent = try String.fetchAll(db, sql: "SELECT at FROM rating_writes WHERE rater = ? ORDER BY at", arguments: [rating.rater])
            if recent.count >= limit.writes {
                let oldest = recent[recent.count - limit.writes]
                return .tooMany(until: Timestamp.date(oldest).addingTimeInterval(limit.window))
            }
            if let held = try Self.rating(resource: resource, rater: rating.rater, in: db), held.hidden != nil,
               let text = rating.text, text != held.text {
                return .textHidden(held)
            }
            // A rating without text keeps a hidden text (it stays for the record); otherwise the
            // new text, or none, replaces the old.
            try db.execute(sql: """
                INSERT INTO ratings (resource, rater, score, text, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (resource, rater) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at,
                    text = CASE WHEN ratings.hidden_at IS NOT NULL THEN ratings.text ELSE excluded.text END
                """, arguments: [resource, rating.rater, rating.score, rating.text, now, now])
            try db.execute(sql: "INSERT INTO rating_writes (rater, at) VALUES (?, ?)", arguments: [rating.rater, now])
            return .stored(try Self.rating(resource: resource, rater: rating.rater, in: db)!)
        }
    }

    public func ratings(of resourceID: String) throws(CatalogueError) -> [Rating] {
        try reading { db in
            try Row.fetchAll(db, sql: "\(Self.ratingSelection) WHERE r.resource_id = ? ORDER BY g.updated_at DESC, u.user_name",
                             arguments: [resourceID]).map(Self.rating)
        }
    }

    public func ratingSummary(of resourceID: String) throws(CatalogueError) -> RatingSummary {
        try reading { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT count(*) AS count, avg(g.score) AS average FROM ratings g JOIN resources r ON r.id = g.resource WHERE r.resource_id = ?
                """, arguments: [resourceID])
            return RatingSummary(count: row?["count"] ?? 0, average: row?["average"])
        }
    }

    public func hideRatingText(of resourceID: String, rater: String, reason: String, by moderator: Int64, at date: Date) throws(CatalogueError) -> Rating? {
        let now = Timestamp.string(date)
        return try writing { db in
            let resource = try Self.resourceKey(resourceID, in: db)
            guard let raterID = try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE user_name = ?", arguments: [rater]),
                  let held = try Self.rating(resource: resource, rater: raterID, in: db) else { return nil }
            guard held.hidden == nil, held.text != nil else { return held }
            try db.execute(sql: "UPDATE ratings SET hidden_at = ?, hidden_by = ?, hidden_reason = ? WHERE resource = ? AND rater = ?",
                           arguments: [now, moderator, reason, resource, raterID])
            try Self.appendAudit(NewAuditEntry(actor: .user(moderator), action: "rating.hide", subjectType: "resource", subject: resourceID,
                                               details: ["rater": rater, "reason": reason, "score": String(held.score)]), at: now, in: db)
            return try Self.rating(resource: resource, rater: raterID, in: db)
        }
    }

    private static let ratingSelection = """
        SELECT r.resource_id, g.score, g.text, g.created_at, g.updated_at, g.hidden_at, g.hidden_reason,
               u.user_name, u.display_name, o.display_name AS organisation, m.user_name AS moderator
        FROM ratings g JOIN resources r ON r.id = g.resource JOIN users u ON u.id = g.rater JOIN organisations o ON o.id = u.organisation
        LEFT JOIN users m ON m.id = g.hidden_by
        """

    private static func rating(_ row: Row) -> Rating {
        let hidden = (row["hidden_at"] as String?).map { at in
            Rating.Hidden(at: Timestamp.date(at), by: row["moderator"] ?? "", reason: row["hidden_reason"] ?? "")
        }
        return Rating(resourceID: row["resource_id"], rater: row["user_name"], raterName: row["display_name"], organisation: row["organisation"],
                      score: row["score"], text: row["text"], createdAt: Timestamp.date(row["created_at"]), updatedAt: Timestamp.date(row["updated_at"]),
                      hidden: hidden)
    }

    private static func rating(resource: Int64, rater: Int64, in db: Database) throws -> Rating? {
        try Row.fetchOne(db, sql: "\(ratingSelection) WHERE g.resource = ? AND g.rater = ?", arguments: [resource, rater]).map(rating)
    }

    private static func resourceKey(_ resourceID: String, in db: Database) throws -> Int64 {
        guard let key = try Int64.fetchOne(db, sql: "SELECT id FROM resources WHERE resource_id = ? AND deleted_at IS NULL", arguments: [resourceID]) else {
            throw CatalogueError(LocalizedText(nb: "Katalogen har ingen ressurs «\(resourceID)».", en: "The catalogue has no resource \"\(resourceID)\"."))
        }
        return key
    }
}
