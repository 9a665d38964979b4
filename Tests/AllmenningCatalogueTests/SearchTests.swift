import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB
import Testing

@Suite("Search terms: Nordic letters folded, words stemmed per language")
struct SearchTextTests {
    @Test("ø, ö and oe meet o; æ and ä meet ae; å meets aa", arguments: [
        ("brød", "brod"), ("brød", "broed"), ("bröd", "brod"), ("lære", "laere"), ("läsa", "laesa"), ("på", "paa"), ("café", "cafe"),
    ])
    func folding(pair: (String, String)) {
        #expect(SearchText.fold(pair.0) == SearchText.fold(pair.1))
    }

    @Test("a query word finds the indexed stem in each language", arguments: [
        ("brøkene", "Brøk", "nb"), ("brøkane", "brøk", "nn"), ("fotosyntesen", "fotosyntes", "sv"), ("brøkerne", "brøk", "da"),
        ("explained", "explain", "en"), ("functions", "function", "en"), ("funksjonar", "funksjon", "nn"),
    ])
    func stemming(triple: (String, String, String)) {
        let (query, indexed, language) = triple
        let indexedTerm = SearchText.terms(indexed, language: language)
        #expect(SearchText.queryForms(of: query).contains(indexedTerm), "\(query) → \(SearchText.queryForms(of: query)); \(indexed) → \(indexedTerm)")
    }

    @Test("words are runs of letters and digits; aim codes stay one word")
    func words() {
        #expect(SearchText.words("KM13277: «Brøk» og 3,5 %") == ["km13277", "brøk", "og", "3", "5"])
    }
}

@Suite("Search over the catalogue: facets, ranking, reasons, hostile queries")
struct CatalogueSearchTests {
    /// Three resources: a bokmål lesson about fractions, a Swedish one on percent that
    /// declares the aim, and an English page on photosynthesis with captions.
    static func catalogue() throws -> CatalogueFixture {
        let fixture = try CatalogueFixture()
        try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        try makeResourceRepository(
            at: fixture.folder.appending("procent.git"),
            manifest: manifest(id: "01M82FH0000000000000000001", title: "Procent i vardagen", language: "sv", extra: "aims: [KM13277]\nkeywords: { sv: [rabatt, procent] }"),
            page: "# Procent\n\nRabatter i butiken: hur mycket är 25 procent av priset?\n")
        let photosynthesis = try makeResourceRepository(
            at: fixture.folder.appending("photo.git"),
            manifest: manifest(id: "01M82FH0000000000000000002", title: "Photosynthesis explained", language: "en")
                .replacingOccurrences(of: "MAT01-06", with: "NAT01-07").replacingOccurrences(of: "level: [\"5\"]", with: "level: [\"7\"]"),
            page: "# Photosynthesis\n\nPlants turn light into sugar. The video has captions.\n")
        try commit(["media/film.vtt": "WEBVTT\n\n00:00.000 --> 00:02.000\nLight\n"], in: photosynthesis)
        for name in ["brok.git", "procent.git", "photo.git"] {
            let result = fixture.indexer.index(repository: fixture.folder.appending(name))
            try #require(result.status == .published, "\(result)")
        }
        return fixture
    }

    @Test("facet filters narrow the results and the counts describe them")
    func facets() throws {
        let fixture = try Self.catalogue()
        let all = try fixture.store.search(SearchQuery(text: ""))
        #expect(all.total == 3)
        #expect(all.facets[.subject]?.first == FacetCount(value: "MAT01-06", count: 2))
        #expect(all.facets[.language]?.count == 3)
        #expect(all.facets[.feature] == [FacetCount(value: "captions", count: 1)])
        #expect(try fixture.store.search(SearchQuery(text: "", filters: [.subject: ["mat01-06"]])).total == 2)
        #expect(try fixture.store.search(SearchQuery(text: "", filters: [.subject: ["MAT01-06"], .language: ["sv"]])).total == 1)
        #expect(try fixture.store.search(SearchQuery(text: "", filters: [.language: ["sv", "en"]])).total == 2)
        #expect(try fixture.store.search(SearchQuery(text: "", filters: [.feature: ["captions"]])).hits.map(\.resourceID) == ["01M82FH0000000000000000002"])
        #expect(try fixture.store.search(SearchQuery(text: "", filters: [.level: ["7"]])).total == 1)
        #expect(try fixture.store.search(SearchQuery(text: "", filters: [.review: ["approved"]])).total == 0)
    }

    @Test("over the exact limit, facet counts are estimated from part of the matches, scaled, and said to be")
    func estimatedFacets() throws {
        let fixture = try Self.catalogue()
        let sampling = try SQLiteCatalogue(file: fixture.store.file, exactFacetLimit: 2)
        let results = try sampling.search(SearchQuery(text: ""))
        #expect(results.total == 3)
        #expect(results.facetsEstimated)
        #expect(results.notes.contains { $0.en.contains("estimated from 2 of the 3 matches") })
        let languages = try #require(results.facets[.language])
        #expect(languages.count == 2 && languages.allSatisfy { $0.count == 2 }, "each of two sampled languages stands for 1.5 resources: \(languages)")
        #expect(try fixture.store.search(SearchQuery(text: "")).facetsEstimated == false)
    }

    @Test("an aim code finds resources that declare it before those whose text fits it")
    func aimRanking() throws {
        let fixture = try Self.catalogue()
        let byFilter = try fixture.store.search(SearchQuery(text: "", filters: [.aim: ["KM13277"]]))
        #expect(byFilter.hits.map(\.resourceID) == ["01M82FH0000000000000000001", "01M82FGXV1GADSC78Z5PVSGCYE"])
        #expect(byFilter.hits.first?.reasons.first == MatchReason(field: "aim", words: ["KM13277"], detail: "declared"))
        #expect(byFilter.hits.last?.reasons.first?.detail?.hasPrefix("suggested") == true)
        let byWord = try fixture.store.search(SearchQuery(text: "KM13277"))
        #expect(byWord.hits.map(\.resourceID) == ["01M82FH0000000000000000001", "01M82FGXV1GADSC78Z5PVSGCYE"])
        #expect(byWord.hits.first?.reasons.map(\.field) == ["aims"])
        #expect(byWord.hits.last?.reasons.map(\.field) == ["suggested_aims"])
    }

    @Test("a word in the title ranks above the same word in the body")
    func fieldWeights() throws {
        let fixture = try Self.catalogue()
        try makeResourceRepository(at: fixture.folder.appending("lys.git"),
                                   manifest: manifest(id: "01M82FH0000000000000000003", title: "Lys og skygge", language: "nb"),
                                   page: "# Om lys\n\nFotosyntese trenger lys, men denne timen handler om skygger.\n")
        #expect(fixture.indexer.index(repository: fixture.folder.appending("lys.git")).status == .published)
        let results = try fixture.store.search(SearchQuery(text: "photosynthesis"))
        #expect(results.hits.first?.resourceID == "01M82FH0000000000000000002")
        #expect(results.hits.first?.reasons.first?.field == "title")
    }

    @Test("Nordic spellings without Nordic letters, inflected forms and Swedish stems all find their resource")
    func foldingAndStemming() throws {
        let fixture = try Self.catalogue()
        #expect(try fixture.store.search(SearchQuery(text: "brok")).hits.first?.resourceID == "01M82FGXV1GADSC78Z5PVSGCYE")
        #expect(try fixture.store.search(SearchQuery(text: "broekene")).hits.first?.resourceID == "01M82FGXV1GADSC78Z5PVSGCYE")
        #expect(try fixture.store.search(SearchQuery(text: "rabatterna")).hits.first?.resourceID == "01M82FH0000000000000000001")
        #expect(try fixture.store.search(SearchQuery(text: "explaining plant")).hits.first?.resourceID == "01M82FH0000000000000000002")
    }

    @Test("when no resource has every word, those with some are shown and the reader is told")
    func anyWordFallback() throws {
        let fixture = try Self.catalogue()
        let results = try fixture.store.search(SearchQuery(text: "pizza photosynthesis"))
        #expect(results.total == 2)
        #expect(results.notes.count == 1)
    }

    @Test("FTS syntax, quotes, SQL and 10 KB of text give results or nothing, never an SQL error", arguments: [
        "\"", "\"\"\"", "brøk\"", "NEAR(brøk pizza)", "brøk AND OR NOT", "title:brøk", "*", "brøk*", "^brøk", "(((", ")",
        "'; DROP TABLE resources; --", "{title}: x", "-brøk", "+", "\u{0}", "🍕 brøk", "a:b:c", "NOT", "OR",
    ])
    func hostileQueries(text: String) throws {
        let fixture = try Self.catalogue()
        _ = try fixture.store.search(SearchQuery(text: text))
        #expect(try fixture.store.search(SearchQuery(text: "")).total == 3, "the catalogue is unchanged")
    }

    @Test("a 10 KB query is answered, using its first words, and says so")
    func longQuery() throws {
        let fixture = try Self.catalogue()
        let text = String(repeating: "pizza brøk \"quoted\" NEAR( *:^ ", count: 400) + (1...2000).map { "ord\($0)" }.joined(separator: " ")
        #expect(text.utf8.count > 10_000)
        let results = try fixture.store.search(SearchQuery(text: text))
        #expect(results.hits.first?.resourceID == "01M82FGXV1GADSC78Z5PVSGCYE")
        #expect(results.notes.contains { $0.en.contains("left out") })
    }
}

@Suite("The catalogue's schema")
struct CatalogueSchemaTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Schemas/catalogue.sql is the schema the code applies")
    func schemaFile() throws {
        let file = Self.packageRoot.appendingPathComponent("Schemas/catalogue.sql")
        if ProcessInfo.processInfo.environment["ALLMENNING_WRITE_SCHEMA"] == "1" {
            try CatalogueSchema.sqlFile.write(to: file, atomically: true, encoding: .utf8)
        }
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == CatalogueSchema.sqlFile, "Schemas/catalogue.sql differs from CatalogueSchema.swift: run ALLMENNING_WRITE_SCHEMA=1 swift test --filter schemaFile")
    }

    @Test("a new catalogue has the schema's version, WAL journalling and foreign keys on")
    func pragmas() throws {
        let fixture = try CatalogueFixture()
        #expect(try fixture.count("PRAGMA user_version") == CatalogueSchema.version)
        #expect(try fixture.count("SELECT COUNT(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'") == 1)
        // Reopening an existing catalogue applies nothing twice.
        _ = try SQLiteCatalogue(file: fixture.store.file)
        #expect(try fixture.count("SELECT COUNT(*) FROM grdb_migrations") == CatalogueSchema.migrations.count)
    }

    @Test("a catalogue made with schema version 1 is migrated on opening: facet values are filled in from its rows")
    func migration() throws {
        let fixture = try CatalogueFixture()
        try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        #expect(fixture.indexer.index(repository: fixture.folder.appending("brok.git")).status == .published)
        let expected = try DatabaseQueue(path: fixture.store.file.path).read { try String.fetchOne($0, sql: "SELECT facet_values FROM versions") }
        // The same catalogue as version 1 wrote it: without the column, recorded as version 1.
        let queue = try DatabaseQueue(path: fixture.store.file.path)
        try queue.write { db in
            try db.execute(sql: "DROP INDEX resources_current_version; ALTER TABLE versions DROP COLUMN facet_values; PRAGMA user_version = 1")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE '2 %'")
        }
        _ = try SQLiteCatalogue(file: fixture.store.file)
        let migrated = try queue.read { try String.fetchOne($0, sql: "SELECT facet_values FROM versions") }
        #expect(migrated == expected)
        #expect(expected?.contains("subject=MAT01-06") == true)
        #expect(try fixture.count("PRAGMA user_version") == 2)
        #expect(try fixture.store.search(SearchQuery(text: "")).facets[.subject] == [FacetCount(value: "MAT01-06", count: 1)])
    }

    @Test("a file that is not a catalogue is refused with its path and what to do")
    func notACatalogue() throws {
        let folder = try TemporaryFolder()
        let file = folder.appending("catalogue.sqlite")
        try Data(String(repeating: "not sqlite ", count: 200).utf8).write(to: file)
        #expect {
            _ = try SQLiteCatalogue(file: file)
        } throws: { error in
            (error as? CatalogueError)?.message.en.contains(file.path) == true && (error as? CatalogueError)?.message.en.contains("allmenning index") == true
        }
    }
}
