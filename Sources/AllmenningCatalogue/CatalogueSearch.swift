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
    /// Without words: the filter with the fewest rows in the facet index, which the matching
    /// starts from.
    var drivingFilter: Facet?
    /// Facet counts are exact up to this many matches, and estimated above it.
    let exactFacetLimit: Int
    /// The time approvals are judged at (whether they have expired).
    let now: Date

    /// The facets counted for the reader, each limited to its most frequent values.
    static let countedFacets: [Facet] = [.subject, .level, .aim, .licence, .language, .feature, .type, .kind]
    static let valuesPerFacet = 25
    /// A snippet comes from the first this many characters of each document.
    static let snippetTextLimit = 20_000

    init(db: Database, query: SearchQuery, words: QueryWords, exactFacetLimit: Int, now: Date) throws {
        self.db = db
        self.now = now
        self.query = query
        self.words = words
        self.exactFacetLimit = exactFacetLimit
        if words.isEmpty {
            var fewest = Int.max
            for facet in Facet.allCases where facet != .review {
                guard let values = query.filters[facet], !values.isEmpty else { continue }
                let rows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM facets WHERE facet = ? AND value IN (\(SQLiteCatalogue.placeholders(values.count)))",
                                            arguments: [facet.rawValue] + StatementArguments(values.map { facet.normalised($0) })) ?? 0
                if rows < fewest { (fewest, drivingFilter) = (rows, facet) }
            }
        }
    }

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
        let (facets, estimated) = total == 0 ? ([:], false) : try facetCounts(match: match, total: total)
        if estimated {
            notes.append(LocalizedText(
                nb: "Tallene per verdi er anslått ut fra \(exactFacetLimit) av de \(total) treffene.",
                en: "The counts per value are estimated from \(exactFacetLimit) of the \(total) matches."))
        }
        return SearchResults(total: total, hits: hits, facets: facets, facetsEstimated: estimated, notes: notes)
    }

    // MARK: The matching resources

    /// FROM and WHERE of the matching live resources (r: resources, v: their current version).
    /// `ranked`: whether the rows need their BM25 rank (only the page of hits does; counting
    /// does not pay for it).
    private func base(match: String?, ranked: Bool = false) -> (sql: String, arguments: StatementArguments) {
        var sql: String
        var arguments = StatementArguments()
        if let match, ranked {
            // FTS5 ranks inside the virtual table (its `rank` column with the field weights),
            // which is several times faster than calling bm25() on each row outside it.
            sql = """
                FROM (SELECT rowid AS id, rank FROM search_index WHERE search_index MATCH ? AND rank MATCH ?) AS s
                JOIN resources r ON r.id = s.id JOIN versions v ON v.id = r.current_version WHERE 1
                """
            arguments += [match, Self.ranking]
        } else if let match {
            sql = """
                FROM (SELECT rowid AS id FROM search_index WHERE search_index MATCH ?) AS s
                JOIN resources r ON r.id = s.id JOIN versions v ON v.id = r.current_version WHERE 1
                """
            arguments += [match]
        } else if let driver = drivingFilter {
            // Without words, the rarest filter value leads: its versions come from the facet
            // index, instead of every resource being tested against every filter.
            let values = query.filters[driver]!.map { driver.normalised($0) }
            sql = """
                FROM (SELECT DISTINCT version FROM facets WHERE facet = ? AND value IN (\(SQLiteCatalogue.placeholders(values.count)))) AS fv
                JOIN resources r ON r.current_version = fv.version JOIN versions v ON v.id = fv.version WHERE 1
                """
            arguments += [driver.rawValue]
            arguments += StatementArguments(values)
        } else {
            sql = "FROM resources r JOIN versions v ON v.id = r.current_version WHERE 1"
        }
        // Live and public: a student's resource waiting for approval is found by no one.
        sql += " AND \(SQLiteCatalogue.isPublic)"
        for facet in Facet.allCases where facet != .review && (match != nil || facet != drivingFilter) {
            guard let values = query.filters[facet], !values.isEmpty else { continue }
            sql += " AND EXISTS (SELECT 1 FROM facets f WHERE f.version = v.id AND f.facet = ? AND f.value IN (\(SQLiteCatalogue.placeholders(values.count))))"
            arguments += [facet.rawValue]
            arguments += StatementArguments(values.map { facet.normalised($0) })
        }
        if query.filters[.review]?.contains("approved") == true {
            sql += " AND \(Self.approved)"
            arguments += [Timestamp.string(now)]
        }
        return (sql, arguments)
    }

    /// BM25 with the field weights, in the order of `SearchFields.names`.
    static let ranking = "bm25(" + SQLiteCatalogue.fieldWeights.map { String($0) }.joined(separator: ", ") + ")"

    /// Whether the query has filters besides its words.
    private var isFiltered: Bool { query.filters.values.contains { !$0.isEmpty } }

    /// An approval of exactly the version's commit that has not expired, and that no later
    /// request for changes on that commit took back (a later line of the commit's note is a
    /// later decision). The one parameter is the time now. `ReviewStatus` decides the same way.
    static let approved = """
        EXISTS (SELECT 1 FROM reviews rv WHERE rv.resource = r.id AND rv.commit_id = v.commit_id AND rv.decision = 'approved'
                AND (rv.expires_at IS NULL OR rv.expires_at > ?)
                AND NOT EXISTS (SELECT 1 FROM reviews later WHERE later.resource = rv.resource AND later.commit_id = rv.commit_id
                                AND later.position > rv.position AND later.decision = 'changes-requested'))
        """

    private func count(match: String?) throws -> Int {
        if let match, !isFiltered {
            // The index holds only live resources' current versions.
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM search_index WHERE search_index MATCH ?", arguments: [match]) ?? 0
        }
        let (sql, arguments) = base(match: match)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) \(sql)", arguments: arguments) ?? 0
    }

    private func page(match: String?) throws -> [SearchHit] {
        var (sql, arguments) = base(match: match, ranked: true)
        let rank = match == nil ? "NULL" : "s.rank"
        var order: [String] = []
        // A resource that declares the aim asked for comes before one whose text only fits it.
        if let aims = query.filters[.aim], !aims.isEmpty {
            order.append("(SELECT COUNT(*) FROM facets f WHERE f.version = v.id AND f.facet = 'aim' AND f.source = 'declared' AND f.value IN (\(SQLiteCatalogue.placeholders(aims.count)))) DESC")
        }
        order.append(match == nil ? "r.updated_at DESC" : "s.rank")
        order.append("r.resource_id")
        var orderArguments = StatementArguments()
        if let aims = query.filters[.aim] { orderArguments += StatementArguments(aims.map { Facet.aim.normalised($0) }) }
        sql = """
            SELECT r.id AS rowid, r.resource_id, v.id AS version, v.commit_id, v.manifest, \(rank) AS rank,
                   (SELECT location FROM repositories WHERE id = r.repository) AS location,
                   \(Self.approved) AS approved
            \(sql) ORDER BY \(order.joined(separator: ", ")) LIMIT ? OFFSET ?
            """
        arguments = [Timestamp.string(now)] + arguments
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
        // Which query word each form stands for; a field is read term by term until every
        // word is found in it.
        var wordOfForm: [Substring: Int] = [:]
        for (index, forms) in words.forms.enumerated() { for form in forms { wordOfForm[Substring(form)] = index } }
        var reasons: [MatchReason] = []
        for (index, field) in SearchFields.names.enumerated() {
            let terms: String = row[index] ?? ""
            var found = Set<Int>()
            for term in terms.split(separator: " ") {
                if let word = wordOfForm[term] { found.insert(word) }
                if found.count == words.words.count { break }
            }
            if !found.isEmpty { reasons.append(MatchReason(field: field, words: found.sorted().map { words.words[$0] }, detail: nil)) }
        }
        return reasons
    }

    /// For an aim filter: whether the resource declares the aim or its text fits it (with the
    /// suggestion's score).
    private func aimReasons(version: Int64) throws -> [MatchReason] {
        guard let aims = query.filters[.aim], !aims.isEmpty else { return [] }
        let codes = aims.map { Facet.aim.normalised($0) }
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
        // Stemming every word of a long text costs more than the rest of the search: only a
        // word that begins like one of the forms can be one of them.
        let beginnings = Set(wanted.map { String($0.prefix(2)) })
        for text in texts {
            let pieces = text.prefix(Self.snippetTextLimit).split(whereSeparator: \.isWhitespace)
            for (index, piece) in pieces.enumerated() {
                let letters = piece.drop { !$0.isLetter && !$0.isNumber }.prefix(2)
                guard letters.count == 2 || piece.count <= 2, beginnings.contains(String(SearchText.fold(letters.lowercased()).prefix(2))) else { continue }
                let terms = SearchText.terms(String(piece), language: language).split(separator: " ").map(String.init)
                guard terms.contains(where: wanted.contains) else { continue }
                let start = max(0, index - 6), end = min(pieces.count, index + 7)
                return (start > 0 ? "…" : "") + pieces[start..<end].joined(separator: " ") + (end < pieces.count ? "…" : "")
            }
        }
        return nil
    }

    // MARK: Facet counts

    /// Counted in one pass over the matching versions' `facet_values`: a join of every
    /// matching version with its facet rows, grouped in SQLite, costs several times more. Over
    /// `exactFacetLimit` matches (a common word in a large catalogue) the counts are estimated
    /// from that many of them, scaled to the total, and marked as estimates.
    private func facetCounts(match: String?, total: Int) throws -> (counts: [Facet: [FacetCount]], estimated: Bool) {
        let (sql, arguments) = base(match: match)
        let sampled = total > exactFacetLimit
        var tallies = FacetTallies()
        var approved = 0
        var rowsRead = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT v.facet_values, \(Self.approved) AS approved \(sql) LIMIT ?",
                                       arguments: [Timestamp.string(now)] + arguments + [exactFacetLimit])
        while let row = try rows.next() {
            rowsRead += 1
            if row[1] as Bool { approved += 1 }
            var values: String = row[0]
            values.withUTF8 { tallies.add($0) }
        }
        let scale = sampled && rowsRead > 0 ? Double(total) / Double(rowsRead) : 1
        func scaled(_ count: Int) -> Int { sampled ? Int((Double(count) * scale).rounded()) : count }
        var counts = tallies.byFacet.mapValues { values in
            Array(values.map { FacetCount(value: $0.key, count: scaled($0.value)) }
                .sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }.prefix(Self.valuesPerFacet))
        }
        counts[.review] = [FacetCount(value: "approved", count: scaled(approved))]
        return (counts, sampled)
    }
}

/// Counts of `facet=value` lines (a version's `facet_values`) for the counted facets. It reads
/// the lines as UTF-8 bytes: with thousands of matches, walking them as Swift Characters was
/// most of a search's time.
private struct FacetTallies {
    private static let names: [(name: [UInt8], facet: Facet)] = CatalogueSearch.countedFacets.map { (Array($0.rawValue.utf8), $0) }
    private(set) var byFacet: [Facet: [String: Int]] = [:]

    mutating func add(_ lines: UnsafeBufferPointer<UInt8>) {
        let newline = UInt8(ascii: "\n"), equals = UInt8(ascii: "=")
        var start = 0
        while start < lines.count {
            var end = start
            while end < lines.count, lines[end] != newline { end += 1 }
            if let sign = lines[start..<end].firstIndex(of: equals),
               let facet = Self.names.first(where: { $0.name.elementsEqual(lines[start..<sign]) })?.facet {
                // Facet values are short (codes, ids, years), so most are small strings that
                // need no allocation.
                byFacet[facet, default: [:]][String(decoding: UnsafeBufferPointer(rebasing: lines[(sign + 1)..<end]), as: UTF8.self), default: 0] += 1
            }
            start = end + 1
        }
    }
}
