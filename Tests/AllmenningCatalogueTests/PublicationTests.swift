import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB
import Testing

/// Stands in for the privacy plugin (the catalogue does not depend on plugins): a warning for
/// a line with an e-mail address in it, and a low-confidence hint (information) for "Tlf".
struct PrivacyProbe: ValidatorPlugin {
    let name = "privacy"
    let version = "1"
    let rules: [PluginRule] = []

    func examines(path: String) -> Bool { path.hasSuffix(".md") }

    func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck {
        var check = FileCheck()
        for (index, line) in String(decoding: file.data, as: UTF8.self).components(separatedBy: "\n").enumerated() {
            if line.contains("@") {
                check.findings.append(Finding(plugin: name, code: "privacy.email", severity: .warning, location: SourceLocation(path: file.path, line: index + 1),
                                              message: LocalizedText(nb: "En e-postadresse (o…@…).", en: "An e-mail address (o…@…).")))
            }
            if line.contains("Tlf") {
                check.findings.append(Finding(plugin: name, code: "privacy.phone", severity: .info, location: SourceLocation(path: file.path, line: index + 1),
                                              message: LocalizedText(nb: "Kanskje et telefonnummer.", en: "Perhaps a phone number.")))
            }
        }
        return check
    }

    func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck { FileCheck() }
}

/// A catalogue with two schools and users of each role, and a pupil's repository (ola at
/// Nygård skole) indexed with the probe plugins.
struct PublicationFixture {
    static let id = "01M9B8STVDENTQ4X7Y2Z3A5B6C"
    let accounts: AccountsFixture
    let indexer: Indexer
    let repository: URL
    let publication: Publication
    let now = Date(timeIntervalSince1970: 1_760_000_000)

    var store: SQLiteCatalogue { accounts.store }

    init(page: String = "# Vulkaner\n\nEn vulkan er et fjell.\n") throws {
        accounts = try AccountsFixture()
        for (name, role, school) in [("ola", Role.student, "nygard-skole"), ("kari", .teacher, "nygard-skole"), ("per", .reviewer, "nygard-skole"),
                                     ("fjell-laerer", .teacher, "fjell-skole"), ("fjell-fagfelle", .reviewer, "fjell-skole"),
                                     ("ada", .administrator, "bergen")] {
            try accounts.user(name, role, at: school)
        }
        let host = PluginHost(plugins: [ProbePlugin(), PrivacyProbe()], cache: nil)
        indexer = Indexer(store: accounts.store, checks: IndexingChecks(host: host, curricula: nil, configuration: InstallationConfiguration()))
        // The pupil writes their real name into the manifest, and lists their teacher.
        repository = try makeResourceRepository(at: accounts.folder.appending("ola.git"), manifest: manifest(
            id: Self.id, title: "Vulkanforedraget mitt", kind: "student",
            extra: "authors:\n  - { name: Elev Ola Hansen, role: author }\n  - { name: Kari Lærer, role: teacher }\n  - { pseudonym: Vulkanfan, role: student }"),
            page: page)
        try accounts.store.setOwner(ofRepository: Indexer.location(of: repository), to: "ola", by: .installation, at: now)
        publication = Publication(store: accounts.store)
        let result = indexer.index(repository: repository)
        guard result.status == .published else { throw FixtureFailure(result: result) }
    }

    struct FixtureFailure: Error { var result: IndexResult }

    func acting(_ userName: String) throws -> Acting { .user(try #require(try store.user(named: userName))) }
    func member(_ userName: String) throws -> Member { try #require(try store.user(named: userName)).member }

    func isFound() throws -> Bool {
        try store.search(SearchQuery(text: "vulkanforedraget")).hits.contains { $0.resourceID == Self.id }
    }

    func harvested() throws -> HarvestRecord? {
        try store.harvestRecords(HarvestQuery(limit: 100)).records.first { $0.resourceID == Self.id }
    }

    func audit(_ action: String) throws -> [AuditEntry] {
        try store.auditEntries(since: nil, limit: nil).filter { $0.action == action }
    }
}

@Suite("students' publishing: approval, withdrawal, what the public sees")
struct PublicationTests {
    @Test("a pupil's resource is in no public read until a teacher at their school approves it; then it is, with the decision in the audit log")
    func approvalPublishes() throws {
        let fixture = try PublicationFixture()
        let store = fixture.store
        #expect(try !fixture.isFound())
        #expect(try store.statistics(curricula: nil).resources == 0)
        #expect(try fixture.harvested() == nil)
        #expect(try store.harvestRecord(resourceID: PublicationFixture.id) == nil)
        #expect(try store.publishedFiles(of: PublicationFixture.id) == nil)
        #expect(try store.links(to: [PublicationFixture.id]).isEmpty)
        let waiting = try #require(try store.publicationState(of: PublicationFixture.id))
        #expect(waiting.needsApproval && !waiting.isPublic && waiting.pseudonym == "Pseudonym 3")
        // The pupil, their teachers and administrators may see it; nobody else.
        #expect(ResourceVisibility.allows(waiting, viewer: try fixture.member("ola")))
        #expect(ResourceVisibility.allows(waiting, viewer: try fixture.member("kari")))
        #expect(ResourceVisibility.allows(waiting, viewer: try fixture.member("ada")))
        #expect(!ResourceVisibility.allows(waiting, viewer: try fixture.member("fjell-laerer")))
        #expect(!ResourceVisibility.allows(waiting, viewer: nil))

        let outcome = try fixture.publication.approve(PublicationFixture.id, by: try fixture.acting("kari"), at: fixture.now)
        #expect(outcome.changed && outcome.state.isPublic)
        #expect(outcome.state.approval?.by == "kari" && outcome.state.approval?.commit == waiting.currentCommit)
        #expect(try fixture.isFound())
        #expect(try store.statistics(curricula: nil).resources == 1)
        #expect(try fixture.harvested()?.deleted == false)
        #expect(try fixture.harvested()?.datestamp == fixture.now, "harvesters that came by before see it on their next visit")
        #expect(try store.publishedFiles(of: PublicationFixture.id) != nil)
        let entry = try #require(try fixture.audit("publication.approve").first)
        #expect(entry.actor == "kari" && entry.subject == PublicationFixture.id && entry.details["commit"] == waiting.currentCommit)

        // Approving again changes nothing and logs nothing; a reviewer at the school may too.
        #expect(try !fixture.publication.approve(PublicationFixture.id, by: try fixture.acting("per"), at: fixture.now).changed)
        #expect(try fixture.audit("publication.approve").count == 1)

        // The approval holds for the next version, which passed the checks.
        try commit(["index.md": "# Vulkaner\n\nEn vulkan er et fjell. Og mer.\n"], in: fixture.repository)
        #expect(fixture.indexer.index(repository: fixture.repository).status == .published)
        #expect(try fixture.isFound())
    }

    @Test("approval is refused: the pupil themself; and for those who may not see it (another school's teacher or reviewer, nobody) the resource is not found")
    func approvalRefusals() throws {
        let fixture = try PublicationFixture()
        func failure(_ acting: Acting) -> PublicationFailure? {
            do { _ = try fixture.publication.approve(PublicationFixture.id, by: acting, at: fixture.now); return nil } catch { return error }
        }
        let own = try #require(failure(try fixture.acting("ola")))
        #expect(own.kind == .refused)
        #expect(own.message.en.contains("Only a teacher at the student's school"))
        #expect(!own.message.en.contains("Hansen") && !own.message.en.contains("\"ola\""), "a refusal names the pupil by pseudonym: \(own.message.en)")
        for outsider in ["fjell-laerer", "fjell-fagfelle"] {
            #expect(failure(try fixture.acting(outsider))?.kind == .notFound, "\(outsider)")
        }
        #expect(failure(.nobody)?.kind == .notFound)
        #expect(failure(.installationSetup)?.kind == .notFound)
        #expect(try fixture.audit("publication.approve").isEmpty)
        #expect(try !fixture.isFound())

        // Once public, another school's teacher sees it, and the policy answers them.
        _ = try fixture.publication.approve(PublicationFixture.id, by: try fixture.acting("ada"), at: fixture.now)
        let other = try #require(failure(try fixture.acting("fjell-laerer")))
        #expect(other.kind == .refused && other.message.en.contains("Pseudonym 3"), "\(other.message.en)")
        #expect(try fixture.audit("publication.approve").map(\.actor) == ["ada"])
    }

    @Test("privacy errors and warnings of the current version stop approval, listed with file and line; information does not")
    func privacyBlocks() throws {
        let fixture = try PublicationFixture(page: "# Vulkaner\n\nTlf: spør læreren.\nSkriv til ola@example.org\n")
        let refused: PublicationFailure
        let kari = try fixture.acting("kari")
        do {
            _ = try fixture.publication.approve(PublicationFixture.id, by: kari, at: fixture.now)
            Issue.record("approved with a privacy warning")
            return
        } catch { refused = error }
        guard case .blockedByPrivacy(let findings) = refused.kind else { Issue.record("\(refused.kind)"); return }
        #expect(findings.map(\.code) == ["privacy.email"])
        #expect(findings.first?.location.path == "index.md" && findings.first?.location.line == 4)
        #expect(try fixture.store.publicationState(of: PublicationFixture.id)?.approval == nil)
        #expect(try fixture.audit("publication.approve").isEmpty)
        let status = try fixture.publication.status(of: PublicationFixture.id, by: try fixture.acting("kari"))
        #expect(status.blockingFindings == findings)

        // Fixed in a new version: approved.
        try commit(["index.md": "# Vulkaner\n\nTlf: spør læreren.\n"], in: fixture.repository)
        #expect(fixture.indexer.index(repository: fixture.repository).status == .published)
        #expect(try fixture.publication.approve(PublicationFixture.id, by: try fixture.acting("kari"), at: fixture.now).state.isPublic)
    }

    @Test("withdrawal by the pupil is final: out of search, a deleted record for harvesters, and neither a push nor an approval brings it back")
    func withdrawal() throws {
        let fixture = try PublicationFixture()
        _ = try fixture.publication.approve(PublicationFixture.id, by: try fixture.acting("kari"), at: fixture.now)
        // Teachers do not withdraw pupils' work, nor another school's teacher.
        for userName in ["kari", "fjell-laerer"] {
            let acting = try fixture.acting(userName)
            do {
                _ = try fixture.publication.withdraw(PublicationFixture.id, by: acting, at: fixture.now)
                Issue.record("\(userName) withdrew it")
            } catch { #expect(error.kind == .refused, "\(userName)") }
        }
        let later = fixture.now.addingTimeInterval(3600)
        let outcome = try fixture.publication.withdraw(PublicationFixture.id, by: try fixture.acting("ola"), at: later)
        #expect(outcome.changed && !outcome.state.isPublic && outcome.state.withdrawal?.by == "ola")
        #expect(try !fixture.isFound())
        #expect(try fixture.store.statistics(curricula: nil).resources == 0)
        #expect(try fixture.store.publishedFiles(of: PublicationFixture.id) == nil)
        let record = try #require(try fixture.harvested())
        #expect(record.deleted && record.datestamp == later)
        #expect(try fixture.audit("resource.withdraw").map(\.actor) == ["ola"])
        #expect(try !fixture.publication.withdraw(PublicationFixture.id, by: try fixture.acting("ola"), at: later).changed)
        #expect(try fixture.audit("resource.withdraw").count == 1)

        try commit(["index.md": "# Vulkaner\n\nNy versjon.\n"], in: fixture.repository)
        let pushed = fixture.indexer.index(repository: fixture.repository)
        #expect(pushed.status == .refused && pushed.message?.en.contains("withdrawn") == true, "\(pushed.status) \(pushed.message?.en ?? "")")
        let ada = try fixture.acting("ada")
        do {
            _ = try fixture.publication.approve(PublicationFixture.id, by: ada, at: later)
            Issue.record("approved after withdrawal")
        } catch { #expect(error.kind == .refused && error.message.en.contains("withdrawn")) }
        #expect(try !fixture.isFound())
    }

    @Test("a resource withdrawn before it was approved was never public: harvesters never hear of it")
    func withdrawnBeforeApproval() throws {
        let fixture = try PublicationFixture()
        #expect(try fixture.publication.withdraw(PublicationFixture.id, by: try fixture.acting("ola"), at: fixture.now).changed)
        #expect(try fixture.harvested() == nil)
        #expect(try fixture.store.statistics(curricula: nil).deleted == 0)
        // An administrator may still look; the pupil's teacher sees it too (policy `see`).
        #expect(try fixture.publication.status(of: PublicationFixture.id, by: try fixture.acting("kari")).state.withdrawal?.by == "ola")
    }

    @Test("a pupil's resource credits them by pseudonym, whatever names the manifest gives; teachers keep their names")
    func pseudonymOnly() throws {
        let fixture = try PublicationFixture()
        let stored = try #require(try fixture.store.resource(PublicationFixture.id)?.current?.manifest.authors)
        #expect(stored == [Manifest.Author(pseudonym: "Pseudonym 3", role: "student"),
                           Manifest.Author(name: "Kari Lærer", role: "teacher"),
                           Manifest.Author(pseudonym: "Vulkanfan", role: "student")])
        let queue = try fixture.accounts.queue()
        let text = try queue.read { db in
            try String.fetchAll(db, sql: "SELECT manifest FROM versions").joined() + (try String.fetchAll(db, sql: "SELECT coalesce(name, '') || coalesce(pseudonym, '') FROM authors")).joined()
        }
        #expect(!text.contains("Hansen"))
        // A pseudonym that gives the pupil away is the owner's pseudonym instead.
        let credits = StudentCredits.authors([Manifest.Author(pseudonym: "Hansen 9B", role: "student")],
                                             ownerPseudonym: "Elev 9B-3", ownerName: "Ola Hansen", ownerUserName: "ola")
        #expect(credits == [Manifest.Author(pseudonym: "Elev 9B-3", role: "student")])
    }
}
