import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import Testing

@Suite("The indexer: one transaction per commit, idempotent, incremental")
struct IndexerTests {
    @Test("a repository's head is published, and search finds it by a word of its body")
    func publishesHead() throws {
        let fixture = try CatalogueFixture()
        let repository = try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        let result = fixture.indexer.index(repository: repository)
        #expect(result.status == .published, "\(result)")
        #expect(result.resourceID == "01M82FGXV1GADSC78Z5PVSGCYE")
        let found = try fixture.store.search(SearchQuery(text: "biter"))
        #expect(found.total == 1)
        #expect(found.hits.first?.resourceID == "01M82FGXV1GADSC78Z5PVSGCYE")
        #expect(found.hits.first?.reasons.map(\.field) == ["body"])
        #expect(found.hits.first?.snippet?.contains("biter") == true)
        #expect(try fixture.store.integrityProblems().isEmpty)
    }

    @Test("indexing the same commit twice changes nothing in the catalogue")
    func idempotent() throws {
        let fixture = try CatalogueFixture()
        let repository = try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        #expect(fixture.indexer.index(repository: repository).status == .published)
        let before = try fixture.dump()
        #expect(fixture.indexer.index(repository: repository).status == .unchanged)
        // Also when the commit is named explicitly.
        #expect(fixture.indexer.index(repository: repository, revision: "main").status == .unchanged)
        #expect(try fixture.dump() == before)
    }

    @Test("a new commit re-reads only the documents it changed, and keeps the earlier version")
    func incremental() throws {
        let fixture = try CatalogueFixture()
        let repository = try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        try commit(["oppgaver.md": "# Oppgaver\n\nDel pizzaen i fire.\n"], in: repository)
        let first = fixture.indexer.index(repository: repository)
        #expect(first.status == .published)
        #expect(first.documentsRead == 2)
        try commit(["oppgaver.md": "# Oppgaver\n\nDel pizzaen i seks like store stykker.\n"], in: repository, message: "Seks stykker")
        let second = fixture.indexer.index(repository: repository)
        #expect(second.status == .published)
        #expect(second.documentsRead == 1)
        #expect(second.documentsKnown == 1)
        #expect(second.pluginFilesFromCache == 2, "resource.yaml and index.md come from the plugin cache")
        #expect(second.pluginFilesChecked == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM versions") == 2)
        #expect(try fixture.store.search(SearchQuery(text: "seks stykker")).total == 1)
        #expect(try fixture.store.search(SearchQuery(text: "fire")).total == 0, "only the current version is searched")
    }

    @Test("a broken manifest is refused with its line, and the catalogue keeps the published version")
    func brokenManifest() throws {
        let fixture = try CatalogueFixture()
        let repository = try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        #expect(fixture.indexer.index(repository: repository).status == .published)
        let before = try fixture.dump()
        try commit(["resource.yaml": "manifest: 1\nid: [unclosed\n"], in: repository, message: "Broken")
        let result = fixture.indexer.index(repository: repository)
        #expect(result.status == .refused)
        #expect(result.findings.contains { $0.location.path == "resource.yaml" && $0.location.line != nil })
        #expect(try fixture.dump() == before)
    }

    @Test("a blocking finding keeps the version out; the message names the file and line")
    func blockingFinding() throws {
        let fixture = try CatalogueFixture()
        let repository = try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"),
                                                    page: "# Brøk\n\nFORBIDDEN\n")
        let result = fixture.indexer.index(repository: repository)
        #expect(result.status == .refused)
        #expect(result.findings.map(\.code) == ["probe.forbidden"])
        #expect(result.findings.first?.location == SourceLocation(path: "index.md", line: 3))
        #expect(try fixture.count("SELECT COUNT(*) FROM resources") == 0)
    }

    @Test("a second repository with the same manifest id is refused: a copy needs its own id")
    func duplicateID() throws {
        let fixture = try CatalogueFixture()
        let first = try makeResourceRepository(at: fixture.folder.appending("a.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        let copy = try makeResourceRepository(at: fixture.folder.appending("b.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        #expect(fixture.indexer.index(repository: first).status == .published)
        let result = fixture.indexer.index(repository: copy)
        #expect(result.status == .refused)
        #expect(result.message?.en.contains("allmenning fork") == true)
    }

    @Test("a student author is stored by pseudonym only, in every table, also when the manifest names the pupil")
    func studentPseudonym() throws {
        let fixture = try CatalogueFixture()
        let authors = """
        authors:
          - { pseudonym: Elev 9B-3, role: student }
          - { name: Ola Elevsen, role: student }
          - { name: Kari Lærer, role: teacher, org: Eksempel skole }
        """
        let repository = try makeResourceRepository(at: fixture.folder.appending("elev.git"),
                                                    manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE", kind: "student", extra: authors))
        let result = fixture.indexer.index(repository: repository)
        #expect(result.status == .published, "\(result)")
        let dump = try fixture.dump()
        #expect(!dump.contains("Ola Elevsen"))
        #expect(dump.contains("Elev 9B-3"))
        #expect(dump.contains("Kari Lærer"))
    }

    @Test("deleting a repository marks its resource deleted: out of search, kept as a deleted record")
    func deletion() throws {
        let fixture = try CatalogueFixture()
        let repository = try makeResourceRepository(at: fixture.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        #expect(fixture.indexer.index(repository: repository).status == .published)
        try FileManager.default.removeItem(at: repository)
        #expect(fixture.indexer.delete(repository: repository).status == .deleted)
        #expect(try fixture.store.search(SearchQuery(text: "pizza")).total == 0)
        #expect(try fixture.count("SELECT COUNT(*) FROM resources WHERE deleted_at IS NOT NULL") == 1)
        #expect(try fixture.count("SELECT COUNT(*) FROM repositories WHERE removed_at IS NOT NULL") == 1)
        #expect(try fixture.store.integrityProblems().isEmpty)
    }

    @Test("derivedFrom becomes the fork graph")
    func forkGraph() throws {
        let fixture = try CatalogueFixture()
        let derived = """
        derivedFrom:
          - { id: 01M82FGXV1GADSC78Z5PVSGCYE, repository: /srv/brok.git, commit: 0123456789abcdef0123456789abcdef01234567, licence: CC-BY-SA-4.0, title: { nb: Brøk med pizza } }
        """
        let original = try makeResourceRepository(at: fixture.folder.appending("a.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        let fork = try makeResourceRepository(at: fixture.folder.appending("b.git"),
                                              manifest: manifest(id: "01M82FH0000000000000000000", title: "Brøk med pizza, tilpasset", extra: derived))
        #expect(fixture.indexer.index(repository: original).status == .published)
        #expect(fixture.indexer.index(repository: fork).status == .published)
        #expect(try fixture.count("SELECT COUNT(*) FROM derivations WHERE source_resource_id = '01M82FGXV1GADSC78Z5PVSGCYE'") == 1)
    }
}
