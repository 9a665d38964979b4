import AllmenningCore
import Foundation
import GRDB

/// Reads for harvesters (OAI-PMH): every resource that ever had a version, live or deleted,
/// in the order of `resources.updated_at`, the datestamp the indexer sets on each new version
/// and on deletion.
extension SQLiteCatalogue {
    public func earliestDatestamp() throws(CatalogueError) -> Date? {
        try harvestReading { db in
            try String.fetchOne(db, sql: "SELECT min(updated_at) FROM resources \(Self.harvestable)").map(Self.datestamp)
        }
    }

    public func harvestRecords(_ query: HarvestQuery) throws(CatalogueError) -> HarvestPage {
        try harvestReading { db in
            var conditions = [Self.harvestableCondition]
            var arguments: [(any DatabaseValueConvertible)?] = []
            if let from = query.from {
                conditions.append("r.updated_at >= ?")
                arguments.append(Timestamp.string(from))
            }
            if let until = query.until {
                conditions.append("r.updated_at <= ?")
                arguments.append(Timestamp.string(until))
            }
            if let subject = query.subject {
                conditions.append("""
                    EXISTS (SELECT 1 FROM facets f WHERE f.version = r.current_version AND f.facet = 'subject'
                            AND f.source = 'declared' AND f.value = ?)
                    """)
                arguments.append(subject)
            }
            let matching = "FROM resources r WHERE " + conditions.joined(separator: " AND ")
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(matching)", arguments: StatementArguments(arguments)) ?? 0
            var offset = 0
            var page = matching
            var pageArguments = arguments
            if let after = query.after {
                let position: [(any DatabaseValueConvertible)?] = [Timestamp.string(after.datestamp), after.resourceID]
                offset = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(matching) AND (r.updated_at, r.resource_id) <= (?, ?)",
                                          arguments: StatementArguments(arguments + position)) ?? 0
                page += " AND (r.updated_at, r.resource_id) > (?, ?)"
                pageArguments += position
            }
            let limit = max(0, query.limit)
            // One row more than the page, to know whether another page follows.
            let rows = try Row.fetchAll(db, sql: """
                SELECT r.resource_id \(page) ORDER BY r.updated_at, r.resource_id LIMIT ?
                """, arguments: StatementArguments(pageArguments + [limit + 1]))
            let identifiers: [String] = rows.prefix(limit).map { $0["resource_id"] }
            let records = try Self.harvestRecords(identifiers, in: db)
            return HarvestPage(records: records, total: total, offset: offset, hasMore: rows.count > limit)
        }
    }

    public func harvestRecord(resourceID: String) throws(CatalogueError) -> HarvestRecord? {
        try harvestReading { db in try Self.harvestRecords([resourceID], in: db).first }
    }

    public func harvestSets(curricula: CurriculumCatalogue?) throws(CatalogueError) -> [HarvestSet] {
        let subjects = try harvestReading { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT f.value FROM resources r CROSS JOIN facets f ON f.version = r.current_version
                WHERE f.facet = 'subject' AND f.source = 'declared' AND \(Self.harvestableCondition) ORDER BY f.value
                """)
        }
        return subjects.map { code in
            let curriculum = curricula?.curriculum(code)
            return HarvestSet(subject: code, names: curriculum?.subject, uri: curriculum?.uri)
        }
    }

    /// A resource that has a version or was deleted, and has been public: a student's
    /// resource waiting for approval is not there at all, and one withdrawn before it was
    /// approved was never there. (A live resource is without a current version only inside
    /// the transaction that publishes it.)
    private static let harvestableCondition = "((r.current_version IS NOT NULL OR r.deleted_at IS NOT NULL) AND \(SQLiteCatalogue.wasPublic))"
    private static let harvestable = "r WHERE \(harvestableCondition)"

    /// The records of these resources, in the order given (unknown ids are left out).
    private static func harvestRecords(_ resourceIDs: [String], in db: Database) throws -> [HarvestRecord] {
        guard !resourceIDs.isEmpty else { return [] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT r.resource_id, r.updated_at, r.deleted_at, r.current_version,
                   v.commit_id, v.committed_at, v.manifest, v.bytes, p.location
            FROM resources r JOIN repositories p ON p.id = r.repository LEFT JOIN versions v ON v.id = r.current_version
            WHERE r.resource_id IN (\(placeholders(resourceIDs.count))) AND \(harvestableCondition)
            """, arguments: StatementArguments(resourceIDs))
        let versions = rows.compactMap { $0["current_version"] as Int64? }
        var subjects: [Int64: [String]] = [:]
        if !versions.isEmpty {
            for row in try Row.fetchAll(db, sql: """
                SELECT version, value FROM facets WHERE facet = 'subject' AND source = 'declared'
                AND version IN (\(placeholders(versions.count))) ORDER BY version, value
                """, arguments: StatementArguments(versions)) {
                subjects[row["version"], default: []].append(row["value"])
            }
        }
        var records: [String: HarvestRecord] = [:]
        for row in rows {
            let resourceID: String = row["resource_id"]
            let deleted = row["deleted_at"] as String? != nil
            var version: HarvestedVersion?
            if !deleted, let commit = row["commit_id"] as String? {
                version = HarvestedVersion(manifest: manifest(fromJSON: row["manifest"]), commit: commit,
                                           committedAt: try datestamp(row["committed_at"]), repository: row["location"],
                                           bytes: row["bytes"])
            }
            let versionID = row["current_version"] as Int64?
            records[resourceID] = HarvestRecord(resourceID: resourceID, datestamp: try datestamp(row["updated_at"]), deleted: deleted,
                                                subjects: versionID.flatMap { subjects[$0] } ?? [], version: version)
        }
        return resourceIDs.compactMap { records[$0] }
    }

    /// The manifest as `publish` wrote it (JSONEncoder, sorted keys); nil when this version of
    /// the Manifest type cannot read it.
    private static func manifest(fromJSON text: String?) -> Manifest? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(Manifest.self, from: Data(text.utf8))
    }

    private static func datestamp(_ text: String) throws -> Date {
        guard let date = try? Date(text, strategy: .iso8601) else {
            throw CatalogueError(LocalizedText(nb: "Katalogen har et tidspunkt som ikke kan leses: «\(text)».",
                                               en: "The catalogue has a time that cannot be read: \"\(text)\"."))
        }
        return date
    }

    private func harvestReading<T>(_ body: (Database) throws -> T) throws(CatalogueError) -> T {
        do { return try pool.read(body) } catch { throw Self.failure(error, file: file) }
    }
}
