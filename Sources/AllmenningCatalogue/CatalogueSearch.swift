import AllmenningCore
import Foundation
import GRDB

/// The words of a query, each with the forms it may have in the index. The query's text
/// never reaches FTS5's query syntax: only these forms do, each quoted, so quotes, stars,
/// NEAR, colons and brackets in what a teacher types are plain text.
struct QueryWords {
    /// More words than this say no more about what is sought; they are left out.
    static let maximumWords = 32

    var words: [String]
    var forms: [[String]]
    var leftOut: Int

    init(_ text: String) {
        var seen = Set<String>()
        let all = SearchText.words(text).filter { seen.insert($0).inserted }
        words = Array(all.prefix(Self.maximumWords))
        leftOut = all.count - words.count
        forms = words.map(SearchText.queryForms(of:))
    }

    var isEmpty: Bool { words.isEmpty }

    /// The FTS5 expression: every word (in one of its forms), or with `any`, at least one.
    func expression(any: Bool) -> String {
        forms.map { group in "(" + group.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " OR ") + ")" }
            .joined(separator: any ? " OR " : " AND ")
    }
}

/// One search over the catalogue's SQLite file: matching with BM25 over the weighted fields,
/// the facet filters, the counts per facet value and the reasons each hit matched.
struct CatalogueSearch {
    let db: Database
    let query: SearchQuery
    let words: QueryWords

    /// The facets counted for the reader, each limited to its most frequent values.
    static let countedFacets: [Facet] = [.subject, .level, .aim, .licence, .language, .feature, .type, .kind]
    static let valuesPerFacet = 25

    func run() throws -> SearchResults {
        var notes: [LocalizedText] = []
        if words.leftOut > 0 {
            notes.append(LocalizedText(nb: "Søket brukte de første \(QueryWords.maximumWords) ordene; \(words.leftOut) ord ble utelatt.",
                                       en: "The search used the first \(QueryWords.maximumWords) words; \(words.leftOut) were left out."))
        }
        if words.isEmpty, !query.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            notes.append(LocalizedText(nb: "Søket har ingen ord (bare tegn), så alle ressurser som passer filtrene vises.",
                                       en: "The query has no words (only signs), so every resource that fits the filters is shown."))
        }
        var match = words.isEmpty ? nil : words.expression(any: false)
        var total = try count(match: match)
        if total == 0, words.words.count > 1 {
            match = words.expression(any: true)
            total = try count(match: match)
            if total > 0 {
                notes.append(LocalizedText(nb: "Ingen ressurs har alle ordene; viser de som har noen av dem.",
                                           en: "No resource has all the words; showing those that have some of them."))
            }
        }
        let hits = total == 0 ? [] : try page(match: match)
        let facets = total == 0 ? [:] : try facetCounts(match: match)
        return SearchResults(total: total, hits: hits, facets: facets, notes: notes)
    }

    // MARK: The matching resources

    /// FROM and WHERE of the matching live resources (r: resources, v: their current version).
    private func base(match: String?) -> (sql: String, arguments: StatementArguments) {
        var sql: String
        var arguments = StatementArguments()
        if let match {
            sql = "FROM search_index JOIN resources r ON r.id = search_index.rowid JOIN versions v ON v.id = r.current_version WHERE search_index MATCH ?"
            arguments += [match]
        } else {
            sql = "FROM resources r JOIN versions v ON v.id = r.current_version WHERE 1"
        }
        sql += " AND r.deleted_at IS NULL"
        for facet in Facet.allCases where facet != .review {
            guard let values = query.filters[facet], !values.isEmpty else { continue }
            sql += " AND EXISTS (SELECT 1 FROM facets f WHERE f.version = v.id AND f.facet = ? AND f.value IN (\(SQLiteCatalogue.placeholders(values.count))))"
            arguments += [facet.rawValue]
            arguments += StatementArguments(values.map { Self.normalised($0, for: facet) })
        }
        if query.filters[.review]?.contains("approved") == true {
            sql += " AND \(Self.approved)"
            arguments += [Timestamp.string(Date())]
        }
        return (sql, arguments)
    }

    /// An approval of exactly the current commit that has not expired.
    static let approved = """
        EXISTS (SELECT 1 FROM reviews rv WHERE rv.resource = r.id AND rv.commit_id = v.commit_id AND rv.decision = 'approved'
                AND (rv.expires_at IS NULL OR rv.expires_at > ?))
        """

    /// Codes are written in capitals (KM1234, MAT01-05); school years and other values as
    /// they are.
    static func normalised(_ value: String, for facet: Facet) -> String {
        switch facet {
        case .aim, .subject: value.uppercased()
        case .level: value.lowercased()
        default: value
        }
    }

    private func count(match: String?) throws -> Int {
        let (sql, arguments) = base(match: match)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) \(sql)", arguments: arguments) ?? 0
    }

    private func page(match: String?) throws -> [SearchHit] {
        var (sql, arguments) = base(match: match)
        let weights = SQLiteCatalogue.fieldWeights.map { String($0) }.joined(separator: ", ")
        let rank = match == nil ? "NULL" : "bm25(search_index, \(weights))"
        var order: [String] = []
        // A resource that declares the aim asked for comes before one whose text only fits it.
        if let aims = query.filters[.aim], !aims.isEmpty {
            order.append("(SELECT COUNT(*) FROM facets f WHERE f.version = v.id AND f.facet = 'aim' AND f.source = 'declared' AND f.value IN (\(SQLiteCatalogue.placeholders(aims.count)))) DESC")
        }
        order.append(match == nil ? "r.updated_at DESC" : "rank")
        order.append("r.resource_id")
        var orderArguments = StatementArguments()
        if let aims = query.filters[.aim] { orderArguments += StatementArguments(aims.map { Self.normalised($0, for: .aim) }) }
        sql = """
            SELECT r.id AS rowid, r.resource_id, v.id AS version, v.commit_id, v.manifest, \(rank) AS rank,
                   (SELECT location FROM repositories WHERE id = r.repository) AS location,
                   \(Self.approved) AS approved
            \(sql) ORDER BY \(order.joined(separator: ", ")) LIMIT ? OFFSET ?
            """
        arguments = [Timestamp.string(Date())] + arguments
        arguments += orderArguments
        arguments += [max(0, query.limit), max(0, query.offset)]
        let decoder = JSONDecoder()
        return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            let manifest = try decoder.decode(Manifest.self, from: Data((row["manifest"] as String).utf8))
            let version: Int64 = row["version"]
            var reasons: [MatchReason] = []
            var snippet: String?
            if match != nil {
                reasons = try fieldReasons(rowid: row["rowid"])
                snippet = try self.snippet(version: version, language: manifest.language.first)
            }
            reasons += try aimReasons(version: version)
            return SearchHit(resourceID: row["resource_id"], repository: row["location"], commit: row["commit_id"],
                             title: manifest.title, description: manifest.description, languages: manifest.language,
                             levels: manifest.level ?? [], subjects: manifest.subjects ?? [], licence: manifest.licence,
                             kind: manifest.kind, approved: row["approved"], rank: row["rank"], reasons: reasons, snippet: snippet)
        }
    }

    // MARK: Why a resource matched

    /// The fields in which each query word was found.
    private func fieldReasons(rowid: Int64) throws -> [MatchReason] {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(SearchFields.names.joined(separator: ", ")) FROM search_index WHERE rowid = ?",
                                         arguments: [rowid]) else { return [] }
        var reasons: [MatchReason] = []
        for (index, field) in SearchFields.names.enumerated() {
            let terms = Set((row[index] as String? ?? "").split(separator: " ").map(String.init))
            let found = zip(words.words, words.forms).filter { _, forms in forms.contains(where: terms.contains) }.map(\.0)
            if !found.isEmpty { reasons.append(MatchReason(field: field, words: found, detail: nil)) }
        }
        return reasons
    }

    /// For an aim filter: whether the resource declares the aim or its text fits it (with the
    /// suggestion's score).
    private func aimReasons(version: Int64) throws -> [MatchReason] {
        guard let aims = query.filters[.aim], !aims.isEmpty else { return [] }
        let codes = aims.map { Self.normalised($0, for: .aim) }
        return try Row.fetchAll(db, sql: """
            SELECT value, source, score FROM facets WHERE version = ? AND facet = 'aim' AND value IN (\(SQLiteCatalogue.placeholders(codes.count)))
            ORDER BY source, value
            """, arguments: [version] + StatementArguments(codes)).map { row in
            let score: Double? = row["score"]
            let detail = row["source"] as String == "declared" ? "declared" : "suggested" + (score.map { String(format: " (score %.1f)", $0) } ?? "")
            return MatchReason(field: "aim", words: [row["value"]], detail: detail)
        }
    }

    /// About a dozen words of the documents around the first word that matches the query.
    private func snippet(version: Int64, language: String?) throws -> String? {
        let texts = try String.fetchAll(db, sql: """
            SELECT d.text FROM version_files f JOIN document_texts d ON d.blob_id = f.blob_id WHERE f.version = ? ORDER BY f.path
            """, arguments: [version])
        let wanted = Set(words.forms.flatMap { $0 })
        for text in texts {
            let pieces = text.split(whereSeparator: \.isWhitespace)
            for (index, piece) in pieces.enumerated() {
                let terms = SearchText.terms(String(piece), language: language).split(separator: " ").map(String.init)
                guard terms.contains(where: wanted.contains) else { continue }
                let start = max(0, index - 6), end = min(pieces.count, index + 7)
                return (start > 0 ? "…" : "") + pieces[start..<end].joined(separator: " ") + (end < pieces.count ? "…" : "")
            }
        }
        return nil
    }

    // MARK: Facet counts

    private func facetCounts(match: String?) throws -> [Facet: [FacetCount]] {
        let (sql, arguments) = base(match: match)
        var counts: [Facet: [FacetCount]] = [:]
        let names = Self.countedFacets.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let rows = try Row.fetchAll(db, sql: """
            WITH hits AS (SELECT v.id AS version \(sql))
            SELECT f.facet, f.value, COUNT(DISTINCT hits.version) AS resources FROM hits JOIN facets f ON f.version = hits.version
            WHERE f.facet IN (\(names)) GROUP BY f.facet, f.value ORDER BY f.facet, resources DESC, f.value
            """, arguments: arguments)
        for row in rows {
            guard let facet = Facet(rawValue: row["facet"]) else { continue }
            if counts[facet, default: []].count < Self.valuesPerFacet {
                counts[facet, default: []].append(FacetCount(value: row["value"], count: row["resources"]))
            }
        }
        let approved = try Int.fetchOne(db, sql: "SELECT COUNT(*) \(sql) AND \(Self.approved)",
                                        arguments: arguments + [Timestamp.string(Date())]) ?? 0
        counts[.review] = [FacetCount(value: "approved", count: approved)]
        return counts
    }
}
