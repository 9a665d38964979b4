import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB
import Testing

/// A version as the indexer would publish it, at a chosen time, without git.
private func version(id: String, subjects: [String], at date: Date, commit: String = String(repeating: "a", count: 40),
                     repository: String? = nil, extra: String = "") throws -> VersionRecord {
    let text = """
    manifest: 1
    id: \(id)
    title: { nb: Ressurs \(id.suffix(3)) }
    language: [nb]
    kind: teacher
    licence: CC-BY-4.0
    subjects: [\(subjects.joined(separator: ", "))]
    \(extra)
    """
    let reading = ManifestValidator().validate(data: Data(text.utf8), path: "resource.yaml")
    let manifest = try #require(reading.manifest, "\(reading.findings)")
    return VersionRecord(repository: repository ?? "/srv/\(id).git", branch: "refs/heads/main", commit: commit, committedAt: date,
                         commitSummary: "First version", indexedAt: date, checks: "test", manifest: manifest, inferred: [:],
                         tags: ResourceTags(files: 1, bytes: 321), findings: [],
                         files: [SnapshotFile(path: "index.md", blobID: commit, size: 321)], documentTexts: [:], newTexts: [:], curricula: nil)
}

private let day = Date(timeIntervalSince1970: 1_714_521_600) // 2024-05-01T00:00:00Z

@Suite("Harvesting reads: records in datestamp order, pages, sets, deletions")
struct HarvestingTests {
    /// Five resources published a minute apart (two in the same second), one deleted later.
    static func catalogue() throws -> CatalogueFixture {
        let fixture = try CatalogueFixture()
        try fixture.store.publish(version(id: "01M82FH0000000000000000004", subjects: ["MAT01-06"], at: day.addingTimeInterval(60)))
        try fixture.store.publish(version(id: "01M82FH0000000000000000002", subjects: ["MAT01-06", "NAT01-07"], at: day.addingTimeInterval(120)))
        try fixture.store.publish(version(id: "01M82FH0000000000000000001", subjects: ["NAT01-07"], at: day.addingTimeInterval(120)))
        try fixture.store.publish(version(id: "01M82FH0000000000000000003", subjects: ["ENG01-04"], at: day.addingTimeInterval(180)))
        try fixture.store.publish(version(id: "01M82FH0000000000000000005", subjects: ["MAT01-06"], at: day.addingTimeInterval(240),
                                          repository: "/srv/gone.git"))
        try fixture.store.markDeleted(repository: "/srv/gone.git", at: day.addingTimeInterval(86_400), repositoryGone: true)
        return fixture
    }

    @Test("the earliest datestamp is the oldest record's; an empty catalogue has none")
    func earliest() throws {
        #expect(try CatalogueFixture().store.earliestDatestamp() == nil)
        #expect(try Self.catalogue().store.earliestDatestamp() == day.addingTimeInterval(60))
    }

    @Test("records come in (datestamp, id) order, deleted ones included, and pages continue after the cursor")
    func paging() throws {
        let store = try Self.catalogue().store
        var seen: [String] = []
        var query = HarvestQuery(limit: 2)
        var offsets: [Int] = []
        while true {
            let page = try store.harvestRecords(query)
            #expect(page.total == 5)
            offsets.append(page.offset)
            seen += page.records.map(\.resourceID)
            guard page.hasMore, let last = page.records.last else { break }
            query.after = HarvestCursor(datestamp: last.datestamp, resourceID: last.resourceID)
        }
        #expect(seen == ["01M82FH0000000000000000004", "01M82FH0000000000000000001", "01M82FH0000000000000000002",
                         "01M82FH0000000000000000003", "01M82FH0000000000000000005"])
        #expect(offsets == [0, 2, 4])
    }

    @Test("from and until are inclusive, to the second")
    func dateRange() throws {
        let store = try Self.catalogue().store
        let inclusive = try store.harvestRecords(HarvestQuery(from: day.addingTimeInterval(120), until: day.addingTimeInterval(180), limit: 10))
        #expect(inclusive.records.map(\.resourceID) == ["01M82FH0000000000000000001", "01M82FH0000000000000000002", "01M82FH0000000000000000003"])
        #expect(try store.harvestRecords(HarvestQuery(from: day.addingTimeInterval(121), until: day.addingTimeInterval(179), limit: 10)).total == 0)
        let deletedLater = try store.harvestRecords(HarvestQuery(from: day.addingTimeInterval(3_600), limit: 10))
        #expect(deletedLater.records.map(\.resourceID) == ["01M82FH0000000000000000005"])
        #expect(deletedLater.records.first?.deleted == true)
    }

    @Test("a set is a declared subject; a deleted record stays in the sets of its last version")
    func subjects() throws {
        let store = try Self.catalogue().store
        let mathematics = try store.harvestRecords(HarvestQuery(subject: "MAT01-06", limit: 10))
        #expect(mathematics.records.map(\.resourceID) == ["01M82FH0000000000000000004", "01M82FH0000000000000000002", "01M82FH0000000000000000005"])
        #expect(mathematics.records.map(\.subjects) == [["MAT01-06"], ["MAT01-06", "NAT01-07"], ["MAT01-06"]])
        #expect(try store.harvestRecords(HarvestQuery(subject: "SAF01-04", limit: 10)).total == 0)

        var curricula = CurriculumCatalogue()
        curricula.add(CurriculumPack(id: "test", framework: "LK20", title: ["nb": "Test"],
                                     curricula: [Curriculum(code: "MAT01-06", subject: ["nb": "Matematikk 1–10", "en": "Mathematics 1–10"],
                                                            uri: "http://psi.udir.no/kl06/MAT01-06")],
                                     aims: []))
        let sets = try store.harvestSets(curricula: curricula)
        #expect(sets.map(\.subject) == ["ENG01-04", "MAT01-06", "NAT01-07"])
        #expect(sets[1].names?["en"] == "Mathematics 1–10")
        #expect(sets[1].uri == "http://psi.udir.no/kl06/MAT01-06")
        #expect(sets[0].names == nil)
    }

    @Test("a live record carries its version's manifest, commit and repository; a deleted one only its header facts")
    func oneRecord() throws {
        let store = try Self.catalogue().store
        let live = try #require(try store.harvestRecord(resourceID: "01M82FH0000000000000000002"))
        #expect(!live.deleted)
        #expect(live.version?.manifest?.title["nb"] == "Ressurs 002")
        #expect(live.version?.commit == String(repeating: "a", count: 40))
        #expect(live.version?.repository == "/srv/01M82FH0000000000000000002.git")
        #expect(live.version?.bytes == 321)
        #expect(live.datestamp == day.addingTimeInterval(120))
        let deleted = try #require(try store.harvestRecord(resourceID: "01M82FH0000000000000000005"))
        #expect(deleted.deleted)
        #expect(deleted.version == nil)
        #expect(deleted.datestamp == day.addingTimeInterval(86_400))
        #expect(try store.harvestRecord(resourceID: "01M82FH9999999999999999999") == nil)
    }

    @Test("a manifest this version cannot read leaves the record without metadata instead of failing the page")
    func unreadableManifest() throws {
        let fixture = try Self.catalogue()
        let queue = try DatabaseQueue(path: fixture.store.file.path)
        try queue.write { db in
            try db.execute(sql: """
                UPDATE versions SET manifest = '{"manifest": "two"}'
                WHERE id = (SELECT current_version FROM resources WHERE resource_id = '01M82FH0000000000000000003')
                """)
        }
        let page = try fixture.store.harvestRecords(HarvestQuery(limit: 10))
        #expect(page.records.count == 5)
        let unreadable = try #require(page.records.first { $0.resourceID == "01M82FH0000000000000000003" })
        #expect(unreadable.version != nil)
        #expect(unreadable.version?.manifest == nil)
    }

    @Test("a student's name never reaches a harvested manifest")
    func studentNames() throws {
        let fixture = try CatalogueFixture()
        let authors = """
        authors:
          - { pseudonym: Elev 9B-3, role: student }
          - { name: Ola Elevsen, role: student }
          - { name: Kari Lærer, role: teacher }
        """
        try fixture.store.publish(version(id: "01M82FH0000000000000000007", subjects: ["MAT01-06"], at: day, extra: authors))
        let record = try #require(try fixture.store.harvestRecords(HarvestQuery(limit: 10)).records.first)
        let authorsRead = try #require(record.version?.manifest?.authors)
        #expect(authorsRead.map(\.name) == [nil, nil, "Kari Lærer"])
        #expect(authorsRead.map(\.pseudonym) == ["Elev 9B-3", nil, nil])
    }
}
