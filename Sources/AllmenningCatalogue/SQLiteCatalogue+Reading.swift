import AllmenningCore
import Foundation
import GRDB

/// What pages and the API read: one resource in full, its versions, its place in the fork
/// graph, and the resources of each competence aim.
extension SQLiteCatalogue {
    public func resource(_ resourceID: String) throws(CatalogueError) -> StoredResource? {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.id, r.resource_id, r.branch, r.created_at, r.updated_at, r.deleted_at, r.current_version, p.location
                FROM resources r JOIN repositories p ON p.id = r.repository WHERE r.resource_id = ?
                """, arguments: [resourceID]) else { return nil }
            let current: StoredVersion? = try (row["current_version"] as Int64?).flatMap { try Self.storedVersion(id: $0, at: now(), in: db) }
            return StoredResource(resourceID: row["resource_id"], repository: row["location"], branch: row["branch"],
                                  createdAt: Timestamp.date(row["created_at"]), updatedAt: Timestamp.date(row["updated_at"]),
                                  deletedAt: (row["deleted_at"] as String?).map(Timestamp.date), current: current)
        }
    }

    public func publishedFiles(of resourceID: String, publicOnly: Bool) throws(CatalogueError) -> PublishedFiles? {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT v.id, v.commit_id, v.committed_at, p.location
                FROM resources r JOIN versions v ON v.id = r.current_version JOIN repositories p ON p.id = r.repository
                WHERE r.resource_id = ? AND \(publicOnly ? Self.isPublic : "r.deleted_at IS NULL")
                """, arguments: [resourceID]) else { return nil }
            return PublishedFiles(repository: row["location"], commit: row["commit_id"], committedAt: Timestamp.date(row["committed_at"]),
                                  files: try Self.files(ofVersion: row["id"], in: db))
        }
    }

    public func versions(of resourceID: String) throws(CatalogueError) -> [VersionSummary] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT v.commit_id, v.committed_at, v.commit_summary, v.indexed_at, v.errors, v.warnings,
                       v.id = r.current_version AND r.deleted_at IS NULL AS is_current
                FROM versions v JOIN resources r ON r.id = v.resource WHERE r.resource_id = ?
                ORDER BY v.committed_at DESC, v.id DESC
                """, arguments: [resourceID]).map { row in
                VersionSummary(commit: row["commit_id"], committedAt: Timestamp.date(row["committed_at"]),
                               commitSummary: row["commit_summary"], indexedAt: Timestamp.date(row["indexed_at"]),
                               errors: row["errors"], warnings: row["warnings"], isCurrent: row["is_current"])
            }
        }
    }

    public func version(of resourceID: String, commit: String) throws(CatalogueError) -> StoredVersion? {
        let prefix = commit.lowercased()
        guard prefix.count >= 7, prefix.count <= 64, prefix.allSatisfy(\.isHexDigit) else { return nil }
        return try reading { db in
            let ids = try Int64.fetchAll(db, sql: """
                SELECT v.id FROM versions v JOIN resources r ON r.id = v.resource
                WHERE r.resource_id = ? AND substr(v.commit_id, 1, length(?2)) = ?2 LIMIT 2
                """, arguments: [resourceID, prefix])
            // An ambiguous prefix names no version rather than a chosen one.
            guard ids.count == 1 else { return nil }
            return try Self.storedVersion(id: ids[0], at: now(), in: db)
        }
    }

    public func adaptations(of resourceID: String) throws(CatalogueError) -> [ResourceLink] {
        try reading { db in
            try Row.fetchAll(db, sql: """
                SELECT r.resource_id, v.commit_id, v.manifest, d.source_commit
                FROM derivations d JOIN versions v ON v.id = d.version
                JOIN resources r ON r.current_version = v.id AND \(Self.isPublic)
                WHERE d.source_resource_id = ? ORDER BY r.resource_id
                """, arguments: [resourceID]).compactMap { row in
                try Self.link(row, derivedFromCommit: row["source_commit"])
            }
        }
    }

    public func links(to resourceIDs: [String]) throws(CatalogueError) -> [String: ResourceLink] {
        guard !resourceIDs.isEmpty else { return [:] }
        return try reading { db in
            var links: [String: ResourceLink] = [:]
            for chunk in stride(from: 0, to: resourceIDs.count, by: 500).map({ Array(resourceIDs[$0..<min($0 + 500, resourceIDs.count)]) }) {
                for row in try Row.fetchAll(db, sql: """
                    SELECT r.resource_id, v.commit_id, v.manifest FROM resources r JOIN versions v ON v.id = r.current_version
                    WHERE \(Self.isPublic) AND r.resource_id IN (\(Self.placeholders(chunk.count)))
                    """, arguments: StatementArguments(chunk)) {
                    if let link = try Self.link(row, derivedFromCommit: nil) { links[link.resourceID] = link }
                }
            }
            return links
        }
    }

    public func resources(forAims aims: [String]) throws(CatalogueError) -> [String: AimResources] {
        let codes = Array(Set(aims.map { Facet.aim.normalised($0) }))
        guard !codes.isEmpty else { return [:] }
        return try reading { db in
            var result: [String: AimResources] = [:]
            for chunk in stride(from: 0, to: codes.count, by: 500).map({ Array(codes[$0..<min($0 + 500, codes.count)]) }) {
                for row in try Row.fetchAll(db, sql: """
                    SELECT f.value AS aim, f.source, f.score, r.resource_id, v.commit_id, v.manifest
                    FROM facets f JOIN versions v ON v.id = f.version
                    JOIN resources r ON r.current_version = v.id AND \(Self.isPublic)
                    WHERE f.facet = 'aim' AND f.value IN (\(Self.placeholders(chunk.count)))
                    ORDER BY f.value, f.source, f.score DESC, r.resource_id
                    """, arguments: StatementArguments(chunk)) {
                    guard let link = try Self.link(row, derivedFromCommit: nil) else { continue }
                    let aim: String = row["aim"]
                    var entry = result[aim] ?? AimResources(declaring: [], suggested: [])
                    if row["source"] as String == FacetValue.Source.declared.rawValue {
                        entry.declaring.append(link)
                    } else if !entry.declaring.contains(link) {
                        entry.suggested.append((link, row["score"]))
                    }
                    result[aim] = entry
                }
            }
            // A resource that declares an aim is not also listed as merely suggested for it.
            for (aim, entry) in result {
                let declared = Set(entry.declaring.map(\.resourceID))
                result[aim]?.suggested = entry.suggested.filter { !declared.contains($0.link.resourceID) }
            }
            return result
        }
    }

    private static func link(_ row: Row, derivedFromCommit: String?) throws -> ResourceLink? {
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data((row["manifest"] as String).utf8))
        return ResourceLink(resourceID: row["resource_id"], title: manifest.title, commit: row["commit_id"],
                            languages: manifest.language, levels: manifest.level ?? [], derivedFromCommit: derivedFromCommit)
    }

    private static func files(ofVersion id: Int64, in db: Database) throws -> [StoredFile] {
        try Row.fetchAll(db, sql: "SELECT path, blob_id, size FROM version_files WHERE version = ? ORDER BY path", arguments: [id]).map {
            StoredFile(path: $0["path"], blobID: $0["blob_id"], size: $0["size"])
        }
    }

    private static func storedVersion(id: Int64, at now: Date, in db: Database) throws -> StoredVersion? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT v.*, \(CatalogueSearch.approved) AS approved FROM versions v JOIN resources r ON r.id = v.resource WHERE v.id = ?
            """, arguments: [Timestamp.string(now), id]) else { return nil }
        let decoder = JSONDecoder()
        let manifest = try decoder.decode(Manifest.self, from: Data((row["manifest"] as String).utf8))
        let inferred = try decoder.decode([String: [String: [String: TagValue]]].self, from: Data((row["inferred"] as String).utf8))
        let findings = try Row.fetchAll(db, sql: "SELECT * FROM findings WHERE version = ? ORDER BY position", arguments: [id]).map { finding in
            Finding(plugin: finding["plugin"], code: finding["code"], rule: finding["rule"],
                    severity: Severity(rawValue: finding["severity"]) ?? .info,
                    location: SourceLocation(path: finding["path"], line: finding["line"], column: finding["column_number"]),
                    message: LocalizedText(nb: finding["message_nb"], en: finding["message_en"]),
                    wcag: (finding["wcag"] as String?)?.split(separator: " ").map(String.init) ?? [])
        }
        let files = try Self.files(ofVersion: id, in: db)
        let inferredFacets = try Row.fetchAll(db, sql: """
            SELECT facet, value, score FROM facets WHERE version = ? AND source = 'inferred' ORDER BY facet, score DESC, value
            """, arguments: [id]).map { FacetValue($0["facet"], $0["value"], .inferred, score: $0["score"]) }
        return StoredVersion(commit: row["commit_id"], committedAt: Timestamp.date(row["committed_at"]),
                             commitSummary: row["commit_summary"], indexedAt: Timestamp.date(row["indexed_at"]),
                             manifest: manifest, inferred: inferred, findings: findings, files: files,
                             documents: row["documents"], words: row["words"], inferredFacets: inferredFacets,
                             approved: row["approved"])
    }
}
