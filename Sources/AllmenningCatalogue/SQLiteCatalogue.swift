import AllmenningCore
import Foundation
import GRDB

/// The catalogue in one SQLite file (GRDB): WAL journalling so that searches read while the
/// indexer writes, foreign keys on, FTS5 for the text, and the schema's migrations applied on
/// opening.
public final class SQLiteCatalogue: CatalogueStore {
    public let file: URL
    let pool: DatabasePool

    /// Field weights for BM25, in the order of `SearchFields.names`: a word in the title says
    /// more about a resource than the same word in its body.
    static let fieldWeights = [10.0, 6.0, 4.0, 3.0, 1.5, 1.0]

    /// Search counts facet values exactly up to this many matches and estimates them above.
    public let exactFacetLimit: Int

    /// How much of the file SQLite maps into memory (it maps no more than the file's size).
    static let mappedBytes = 1 << 30

    /// The time approvals are judged at (whether they have expired); for tests.
    public let now: @Sendable () -> Date

    /// Opens the catalogue at `file`, creating it (and its folder) when it does not exist.
    public init(file: URL, exactFacetLimit: Int = 5_000, now: @escaping @Sendable () -> Date = { Date() }) throws(CatalogueError) {
        self.file = file
        self.exactFacetLimit = max(1, exactFacetLimit)
        self.now = now
        do {
            try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw CatalogueError(LocalizedText(nb: "Kan ikke lage mappa til katalogen \(file.path): \(error.localizedDescription)",
                                               en: "Cannot create the catalogue's folder \(file.path): \(error.localizedDescription)"))
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(60)
        // With WAL, NORMAL keeps the file whole when a process is killed; only a power cut can
        // lose the last transactions, which the next indexing run puts back.
        // Searches read the matching versions' rows; mapped into memory, each page is read
        // where the kernel keeps it instead of being copied by a read call (an eighth of a
        // search's time at 10,000 resources went to copying).
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)")
        }
        do {
            pool = try DatabasePool(path: file.path, configuration: configuration)
            try Self.migrate(pool)
        } catch let error as CatalogueError {
            throw error
        } catch {
            throw Self.failure(error, file: file)
        }
    }

    private static func migrate(_ pool: DatabasePool) throws {
        var migrator = DatabaseMigrator()
        for migration in CatalogueSchema.migrations {
            migrator.registerMigration("\(migration.version) \(migration.name)") { db in
                try db.execute(sql: migration.sql)
                try db.execute(sql: "PRAGMA user_version = \(migration.version)")
            }
        }
        if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
            throw CatalogueError(LocalizedText(
                nb: "Katalogen er laget av en nyere versjon av Allmenning. Oppdater Allmenning før du bruker den.",
                en: "The catalogue was made by a newer version of Allmenning. Update Allmenning before using it."))
        }
        // Two hooks may open a new catalogue at once: the second waits for the first's
        // migration and then finds it applied.
        do { try migrator.migrate(pool) } catch { try migrator.migrate(pool) }
    }

    static func failure(_ error: Error, file: URL) -> CatalogueError {
        if let error = error as? CatalogueError { return error }
        let detail = (error as? DatabaseError).map { $0.message ?? "\($0.resultCode)" } ?? "\(error)"
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB {
            return CatalogueError(LocalizedText(
                nb: "\(file.path) er ikke en katalog (ikke en SQLite-fil). Flytt fila bort og bygg katalogen på nytt med allmenning index.",
                en: "\(file.path) is not a catalogue (not an SQLite file). Move the file away and rebuild the catalogue with allmenning index."))
        }
        return CatalogueError(LocalizedText(nb: "Katalogen \(file.path): \(detail)", en: "The catalogue \(file.path): \(detail)"))
    }

    func reading<T>(_ body: (Database) throws -> T) throws(CatalogueError) -> T {
        do { return try pool.read(body) } catch { throw Self.failure(error, file: file) }
    }

    func writing<T>(_ body: (Database) throws -> T) throws(CatalogueError) -> T {
        do { return try pool.write(body) } catch { throw Self.failure(error, file: file) }
    }

    // MARK: What is published

    public func publishedState(ofRepository location: String) throws(CatalogueError) -> PublishedState? {
        try reading { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT r.resource_id, r.deleted_at, v.id AS version, v.commit_id, v.checks
                FROM resources r JOIN repositories p ON p.id = r.repository JOIN versions v ON v.id = r.current_version
                WHERE p.location = ? ORDER BY r.deleted_at IS NULL DESC, r.updated_at DESC LIMIT 1
                """, arguments: [location]) else { return nil }
            let version: Int64 = row["version"]
            var files: [String: String] = [:]
            for file in try Row.fetchAll(db, sql: "SELECT path, blob_id FROM version_files WHERE version = ?", arguments: [version]) {
                files[file["path"]] = file["blob_id"]
            }
            return PublishedState(resourceID: row["resource_id"], commit: row["commit_id"],
                                  checks: row["checks"], deleted: row["deleted_at"] as String? != nil, files: files)
        }
    }

    public func repository(holding resourceID: String) throws(CatalogueError) -> String? {
        try reading { db in
            try String.fetchOne(db, sql: """
                SELECT p.location FROM resources r JOIN repositories p ON p.id = r.repository
                WHERE r.resource_id = ? AND r.deleted_at IS NULL
                """, arguments: [resourceID])
        }
    }

    public func documentTexts(blobIDs: [String]) throws(CatalogueError) -> [String: String] {
        guard !blobIDs.isEmpty else { return [:] }
        return try reading { db in
            var texts: [String: String] = [:]
            // SQLite takes at most 32,766 parameters in one statement.
            for chunk in stride(from: 0, to: blobIDs.count, by: 500).map({ Array(blobIDs[$0..<min($0 + 500, blobIDs.count)]) }) {
                let rows = try Row.fetchAll(db, sql: "SELECT blob_id, text FROM document_texts WHERE blob_id IN (\(Self.placeholders(chunk.count)))",
                                            arguments: StatementArguments(chunk))
                for row in rows { texts[row["blob_id"]] = row["text"] }
            }
            return texts
        }
    }

    public func repositories(under folder: String) throws(CatalogueError) -> [String] {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        return try reading { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT p.location FROM repositories p JOIN resources r ON r.repository = p.id
                WHERE substr(p.location, 1, length(?1)) = ?1 AND r.deleted_at IS NULL ORDER BY p.location
                """, arguments: [prefix])
        }
    }

    // MARK: Publishing

    public func publish(_ record: VersionRecord) throws(CatalogueError) {
        try writing { db in try Self.publish(record, in: db) }
    }

    private static func publish(_ record: VersionRecord, in db: Database) throws {
        let now = Timestamp.string(record.indexedAt)
        let repository = try Int64.fetchOne(db, sql: """
            INSERT INTO repositories (location) VALUES (?) ON CONFLICT (location) DO UPDATE SET removed_at = NULL RETURNING id
            """, arguments: [record.repository])!
        var record = record
        // A student's resource credits its makers by the owner's pseudonym, whatever the
        // manifest says (StudentCredits); what the catalogue stores is what everyone sees.
        if let owner = try Row.fetchOne(db, sql: """
            SELECT u.display_name, u.user_name, u.pseudonym FROM repositories p JOIN users u ON u.id = p.owner
            WHERE p.id = ? AND u.role = 'student'
            """, arguments: [repository]) {
            record.manifest = StudentCredits.manifest(record.manifest, ownerPseudonym: owner["pseudonym"] ?? "?",
                                                      ownerName: owner["display_name"], ownerUserName: owner["user_name"])
        }
        let manifest = record.manifest
        var resource: Int64
        if let existing = try Row.fetchOne(db, sql: "SELECT id, repository, deleted_at, withdrawn_at FROM resources WHERE resource_id = ?",
                                           arguments: [manifest.id]) {
            resource = existing["id"]
            if existing["withdrawn_at"] as String? != nil {
                throw CatalogueError(Publication.withdrawnMessage(manifest.id))
            }
            let holder: Int64 = existing["repository"]
            if holder != repository, existing["deleted_at"] as String? == nil {
                throw CatalogueError(LocalizedText(
                    nb: "Id-en \(manifest.id) brukes allerede av en annen ressurs i katalogen. En kopi må ha sin egen id: lag den med allmenning fork.",
                    en: "The id \(manifest.id) is already used by another resource in the catalogue. A copy needs its own id: make it with allmenning fork."))
            }
        } else {
            resource = try Int64.fetchOne(db, sql: """
                INSERT INTO resources (resource_id, repository, branch, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id
                """, arguments: [manifest.id, repository, record.branch, now, now])!
        }
        if let existing = try Row.fetchOne(db, sql: """
            SELECT v.id, v.checks, r.current_version, r.deleted_at FROM versions v JOIN resources r ON r.id = v.resource
            WHERE v.resource = ? AND v.commit_id = ?
            """, arguments: [resource, record.commit]) {
            let id: Int64 = existing["id"]
            let isCurrent = existing["current_version"] as Int64? == id && existing["deleted_at"] as String? == nil
            if isCurrent, existing["checks"] as String == record.checks { return }
            // Checked again with other plugins or settings, or published again after a
            // deletion: the version's rows are written anew.
            try db.execute(sql: "UPDATE resources SET current_version = NULL WHERE current_version = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM versions WHERE id = ?", arguments: [id])
        }
        let version = try insertVersion(record, resource: resource, in: db)
        try db.execute(sql: """
            UPDATE resources SET repository = ?, branch = ?, current_version = ?, updated_at = ?, deleted_at = NULL WHERE id = ?
            """, arguments: [repository, record.branch, version, now, resource])
        try db.execute(sql: "DELETE FROM search_index WHERE rowid = ?", arguments: [resource])
        let fields = record.searchFields
        try db.execute(sql: "INSERT INTO search_index (rowid, \(SearchFields.names.joined(separator: ", "))) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: StatementArguments([resource] + fields.values.map { $0 as DatabaseValueConvertible }))
    }

    private static func insertVersion(_ record: VersionRecord, resource: Int64, in db: Database) throws -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let manifestJSON = String(decoding: try encoder.encode(record.manifest), as: UTF8.self)
        let inferredJSON = String(decoding: try encoder.encode(record.inferred), as: UTF8.self)
        let version = try Int64.fetchOne(db, sql: """
            INSERT INTO versions (resource, commit_id, committed_at, commit_summary, indexed_at, checks, manifest, inferred,
                                  files, bytes, documents, words, errors, warnings)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, arguments: [resource, record.commit, Timestamp.string(record.committedAt), record.commitSummary,
                             Timestamp.string(record.indexedAt), record.checks, manifestJSON, inferredJSON,
                             record.tags.files, record.tags.bytes, record.tags.documents, record.tags.words,
                             record.findings.count(of: .error), record.findings.count(of: .warning)])!
        for file in record.files {
            try db.execute(sql: "INSERT INTO version_files (version, path, blob_id, size) VALUES (?, ?, ?, ?)",
                           arguments: [version, file.path, file.blobID, file.size])
        }
        for (blob, text) in record.documentTexts {
            try db.execute(sql: "INSERT OR IGNORE INTO document_texts (blob_id, text) VALUES (?, ?)", arguments: [blob, text])
        }
        for (position, finding) in record.findings.enumerated() {
            try db.execute(sql: """
                INSERT INTO findings (version, position, plugin, code, rule, severity, path, line, column_number, message_nb, message_en, wcag)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [version, position, finding.plugin, finding.code, finding.rule, finding.severity.rawValue,
                                 finding.location.path, finding.location.line, finding.location.column,
                                 finding.message.nb, finding.message.en, finding.wcag.flatMap { $0.isEmpty ? nil : $0.joined(separator: " ") }])
        }
        for facet in Set(record.facets) {
            try db.execute(sql: "INSERT OR REPLACE INTO facets (version, facet, value, source, score) VALUES (?, ?, ?, ?, ?)",
                           arguments: [version, facet.facet, facet.value, facet.source.rawValue, facet.score])
        }
        try db.execute(sql: "UPDATE versions SET facet_values = ? WHERE id = ?",
                       arguments: [Self.facetValues(record.facets), version])
        for (position, author) in (record.manifest.authors ?? []).enumerated() {
            try db.execute(sql: "INSERT INTO authors (version, position, name, pseudonym, role, organisation) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [version, position, author.name, author.pseudonym, author.role, author.org])
        }
        for (position, source) in (record.manifest.derivedFrom ?? []).enumerated() {
            let title = String(decoding: try encoder.encode(source.title), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO derivations (version, position, source_resource_id, source_repository, source_commit, source_licence, source_title)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [version, position, source.id, source.repository, source.commit, source.licence, title])
        }
        return version
    }

    /// `facet=value` lines, each pair once, sorted (as migration 2 writes them).
    static func facetValues(_ facets: [FacetValue]) -> String {
        Set(facets.map { "\($0.facet)=\($0.value)" }).sorted().joined(separator: "\n")
    }

    @discardableResult
    public func markDeleted(repository location: String, at date: Date, repositoryGone: Bool) throws(CatalogueError) -> Bool {
        try writing { db in
            let resources = try Int64.fetchAll(db, sql: """
                SELECT r.id FROM resources r JOIN repositories p ON p.id = r.repository WHERE p.location = ? AND r.deleted_at IS NULL
                """, arguments: [location])
            for resource in resources {
                try db.execute(sql: "UPDATE resources SET deleted_at = ?1, updated_at = ?1 WHERE id = ?2",
                               arguments: [Timestamp.string(date), resource])
                try db.execute(sql: "DELETE FROM search_index WHERE rowid = ?", arguments: [resource])
            }
            if repositoryGone {
                try db.execute(sql: "UPDATE repositories SET removed_at = ? WHERE location = ?", arguments: [Timestamp.string(date), location])
            }
            return !resources.isEmpty
        }
    }

    // MARK: Search

    public func search(_ query: SearchQuery) throws(CatalogueError) -> SearchResults {
        let parsed = QueryWords(query.text)
        let now = now()
        return try reading { db in try CatalogueSearch(db: db, query: query, words: parsed, exactFacetLimit: exactFacetLimit, now: now).run() }
    }

    // MARK: Statistics

    public func statistics(curricula: CurriculumCatalogue?) throws(CatalogueError) -> CatalogueStatistics {
        try reading { db in
            // Each live resource's facet rows by primary key; left to itself SQLite starts from
            // every facet row and looks for its resource.
            let live = "FROM resources r CROSS JOIN facets f ON f.version = r.current_version WHERE \(Self.isPublic)"
            var declared: [String: [FacetCount]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT f.facet, f.value, COUNT(DISTINCT r.id) AS resources \(live) AND f.source = 'declared'
                AND f.facet IN ('subject', 'level', 'language', 'licence', 'type', 'kind', 'feature', 'grouping')
                GROUP BY f.facet, f.value ORDER BY resources DESC, f.value
                """) {
                declared[row["facet"], default: []].append(FacetCount(value: row["value"], count: row["resources"]))
            }
            let verified = try Row.fetchAll(db, sql: """
                SELECT f.value, COUNT(DISTINCT r.id) AS resources \(live) AND f.source = 'inferred' AND f.facet = 'feature'
                GROUP BY f.value ORDER BY resources DESC, f.value
                """).map { FacetCount(value: $0["value"], count: $0["resources"]) }
            let declaredAims = Set(try String.fetchAll(db, sql: "SELECT DISTINCT f.value \(live) AND f.facet = 'aim' AND f.source = 'declared'"))
            let suggestedAims = Set(try String.fetchAll(db, sql: "SELECT DISTINCT f.value \(live) AND f.facet = 'aim' AND f.source = 'inferred'"))
            var coverage: [CurriculumCoverage] = []
            for pack in curricula?.packs ?? [] {
                for curriculum in pack.curricula {
                    let aims = pack.aims.filter { $0.curriculum == curriculum.code }.map(\.code)
                    guard !aims.isEmpty else { continue }
                    let uncovered = aims.filter { !declaredAims.contains($0) }
                    coverage.append(CurriculumCoverage(
                        curriculum: curriculum.code, subject: curriculum.subject, aims: aims.count,
                        declared: aims.count - uncovered.count,
                        onlySuggested: uncovered.filter { suggestedAims.contains($0) },
                        gaps: uncovered.filter { !suggestedAims.contains($0) }))
                }
            }
            return CatalogueStatistics(
                resources: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resources r WHERE \(Self.isPublic) AND r.current_version IS NOT NULL") ?? 0,
                deleted: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM resources r WHERE r.deleted_at IS NOT NULL AND \(Self.wasPublic)") ?? 0,
                versions: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM versions") ?? 0,
                declared: declared, verifiedFeatures: verified, curricula: coverage)
        }
    }

    // MARK: Integrity

    public func integrityProblems() throws(CatalogueError) -> [String] {
        try writing { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            problems += try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").map { "foreign key broken in \($0[0] as String) row \($0[1] as Int64)" }
            do { try db.execute(sql: "INSERT INTO search_index (search_index) VALUES ('integrity-check')") } catch {
                problems.append("search index: \(error)")
            }
            problems += try Int64.fetchAll(db, sql: """
                SELECT id FROM resources WHERE deleted_at IS NULL AND (current_version IS NULL OR id NOT IN (SELECT rowid FROM search_index))
                """).map { "resource row \($0) has no current version or no search entry" }
            problems += try Int64.fetchAll(db, sql: """
                SELECT rowid FROM search_index WHERE rowid NOT IN (SELECT id FROM resources WHERE deleted_at IS NULL)
                """).map { "search entry \($0) belongs to no live resource" }
            problems += try Int64.fetchAll(db, sql: """
                SELECT v.id FROM versions v WHERE NOT EXISTS (SELECT 1 FROM version_files f WHERE f.version = v.id)
                """).map { "version \($0) has no files" }
            return problems
        }
    }

    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}

/// Times as the catalogue stores them: UTC, to the second, ISO 8601 (what OAI-PMH's datestamps
/// use, and what sorts as text).
enum Timestamp {
    static func string(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func date(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? Date(timeIntervalSince1970: 0)
    }
}
