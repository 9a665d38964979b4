import AllmenningCatalogue
import AllmenningCore
import AllmenningGit
import AllmenningReviews
import Foundation
import GitTestSupport
import GRDB
import Testing

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date
    init(_ date: Date) { self.date = date }
    func now() -> Date { lock.withLock { date } }
    func set(_ new: Date) { lock.withLock { date = new } }
}

/// A catalogue whose indexer believes the data folder's review key, with a recorder that
/// signs with it, over resource repositories made by the git command line.
struct ReviewFixture {
    static let id = "01M82FGXV1GADSC78Z5PVSGCYE"
    static let start = Date(timeIntervalSince1970: 1_767_000_000)
    static let reviewer = Attestation.Person(user: "ola", name: "Ola Nordmann", organisation: "Eksempel kommune")

    let folder: TemporaryFolder
    let data: DataFolder
    let clock = TestClock(ReviewFixture.start)
    let store: SQLiteCatalogue
    let indexer: Indexer
    let recorder: ReviewRecorder
    let repository: URL

    init(validForDays: Int = 365) throws {
        folder = try TemporaryFolder()
        data = DataFolder(explicit: folder.appending("data").path)
        let clock = self.clock
        store = try SQLiteCatalogue(file: data.catalogue, now: { clock.now() })
        var configuration = InstallationConfiguration()
        configuration.reviews.validForDays = validForDays
        recorder = try ReviewRecorder(data: data, configuration: configuration)
        var checks = IndexingChecks(host: PluginHost(plugins: [ProbePlugin()], cache: nil), curricula: nil, configuration: configuration)
        checks.reviewVerifier = try ReviewSigningKey.verifier(in: data, configuration: configuration)
        indexer = Indexer(store: store, checks: checks)
        repository = try makeResourceRepository(at: folder.appending("brok.git"), manifest: manifest(id: Self.id))
    }

    func head() throws -> String {
        try GitCommandLine.run(["rev-parse", "HEAD"], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func decide(_ decision: Attestation.Decision, _ revision: String, at date: Date, comment: String? = nil,
                scores: [Attestation.Score]? = nil) throws -> SignedAttestation {
        let scores = scores ?? (decision == .approved ? ReviewRubric.builtIn.criteria.map { Attestation.Score(criterion: $0.id, score: 3) } : [])
        let by = decision == .submittedForReview ? Attestation.Person(user: "kari", name: "Kari Lærer") : Self.reviewer
        return try recorder.record(ReviewRequest(resourceID: Self.id, revision: revision, decision: decision, by: by, scores: scores, comment: comment),
                                   in: repository, at: date)
    }

    /// Every row of every table (see CatalogueFixture.dump).
    func dump() throws -> String {
        let queue = try DatabaseQueue(path: store.file.path)
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            return try tables.flatMap { table in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY 1").map { "\(table): \($0)" } }
                .joined(separator: "\n")
        }
    }

    func approvedInSearch() throws -> [String] {
        try store.search(SearchQuery(text: "", filters: [.review: ["approved"]])).hits.map(\.commit)
    }

    func status() throws -> ReviewStatus {
        try #require(try ReviewStatus.load(Self.id, from: store, at: clock.now()))
    }
}

@Suite("Reviews in the catalogue: notes indexed, approvals bound to their commit, expiry")
struct ReviewIndexingTests {
    @Test("an approval of commit A does not carry over to commit B: through git, the catalogue, search and the review status")
    func approvalStaysWithItsCommit() throws {
        let fixture = try ReviewFixture()
        #expect(fixture.indexer.index(repository: fixture.repository).status == .published)
        let a = try fixture.head()
        try fixture.decide(.approved, a, at: ReviewFixture.start, comment: "Godt opplegg.")
        // The note is in git, but the catalogue learns of it only when the notes are indexed.
        #expect(try GitCommandLine.run(["notes", "--ref=allmenning/reviews", "list"], in: fixture.repository).contains(a))
        #expect(try fixture.approvedInSearch().isEmpty)
        let reindexed = fixture.indexer.indexReviews(repository: fixture.repository)
        #expect(reindexed.status == .unchanged)
        #expect(reindexed.reviews?.stored == 1 && reindexed.reviews?.changed == true)
        #expect(try fixture.approvedInSearch() == [a])
        #expect(try fixture.store.resource(ReviewFixture.id)?.current?.approved == true)
        var status = try fixture.status()
        #expect(status.state == .approved)
        #expect(status.approval?.commit == a)
        #expect(status.approval?.attestation.reviewer.name == "Ola Nordmann")
        #expect(status.approval?.attestation.expires == ReviewFixture.start.addingTimeInterval(365 * 86_400))
        #expect(status.newerCommits.isEmpty)

        // Commit B: a changed page and a new file, pushed (here: committed) and indexed.
        try commit(["index.md": "# Brøk med pizza\n\nNå med tolv biter.\n", "oppgaver.md": "# Oppgaver\n"], in: fixture.repository, message: "Tolv biter")
        let b = try fixture.head()
        let indexed = fixture.indexer.index(repository: fixture.repository)
        #expect(indexed.status == .published)
        #expect(indexed.reviews?.stored == 1 && indexed.reviews?.changed == false, "A's approval is still in the catalogue, for A")
        #expect(try fixture.approvedInSearch().isEmpty, "B is not approved")
        #expect(try fixture.store.resource(ReviewFixture.id)?.current?.approved == false)
        #expect(try fixture.store.version(of: ReviewFixture.id, commit: a)?.approved == true, "A stays approved")
        status = try fixture.status()
        #expect(status.state == .newerVersionUnreviewed)
        #expect(status.approval?.commit == a)
        #expect(status.currentCommit == b)
        #expect(status.newerCommitsTotal == 1)
        #expect(status.newerCommits.map(\.commit) == [b])
        #expect(status.newerCommits.first?.summary == "Tolv biter")
        #expect(status.newerCommits.first?.files == [PathChange(path: "index.md", status: .modified), PathChange(path: "oppgaver.md", status: .added)])
        #expect(status.changedFiles == status.newerCommits.first?.files)
        // What git itself says changed.
        let gitSays = try GitCommandLine.run(["diff", "--no-renames", "--name-status", a, b], in: fixture.repository)
        #expect(gitSays.split(separator: "\n").map(String.init).sorted() == ["A\toppgaver.md", "M\tindex.md"])

        // Approving B makes B the approved version.
        try fixture.decide(.approved, b, at: ReviewFixture.start.addingTimeInterval(86_400))
        #expect(fixture.indexer.indexReviews(repository: fixture.repository).reviews?.stored == 2)
        #expect(try fixture.approvedInSearch() == [b])
        status = try fixture.status()
        #expect(status.state == .approved)
        #expect(status.approval?.commit == b)
        #expect(status.newerCommits.isEmpty && status.changedFiles.isEmpty)
    }

    @Test("an approval expires: approved before, review due after, with an injected clock; search agrees")
    func expiry() throws {
        let fixture = try ReviewFixture(validForDays: 30)
        #expect(fixture.indexer.index(repository: fixture.repository).status == .published)
        let a = try fixture.head()
        try fixture.decide(.approved, a, at: ReviewFixture.start)
        _ = fixture.indexer.indexReviews(repository: fixture.repository)

        fixture.clock.set(ReviewFixture.start.addingTimeInterval(29 * 86_400))
        #expect(try fixture.status().state == .approved)
        #expect(try fixture.approvedInSearch() == [a])

        fixture.clock.set(ReviewFixture.start.addingTimeInterval(30 * 86_400))
        let status = try fixture.status()
        #expect(status.state == .reviewDue)
        #expect(status.reviewDue)
        #expect(status.approval == nil)
        #expect(status.expiredApproval?.commit == a)
        #expect(try fixture.approvedInSearch().isEmpty)
        #expect(try fixture.store.resource(ReviewFixture.id)?.current?.approved == false)

        // A new approval of the same version ends the review due.
        try fixture.decide(.approved, a, at: ReviewFixture.start.addingTimeInterval(31 * 86_400))
        _ = fixture.indexer.indexReviews(repository: fixture.repository)
        fixture.clock.set(ReviewFixture.start.addingTimeInterval(32 * 86_400))
        #expect(try fixture.status().state == .approved)
        #expect(try fixture.approvedInSearch() == [a])
    }

    @Test("submitted, changes requested, approved: the status follows the order of the decisions")
    func workflow() throws {
        let fixture = try ReviewFixture()
        _ = fixture.indexer.index(repository: fixture.repository)
        let a = try fixture.head()
        try fixture.decide(.submittedForReview, a, at: ReviewFixture.start)
        _ = fixture.indexer.indexReviews(repository: fixture.repository)
        var status = try fixture.status()
        #expect(status.state == .notReviewed)
        #expect(status.pendingSubmissions.map(\.commit) == [a])

        try fixture.decide(.changesRequested, a, at: ReviewFixture.start.addingTimeInterval(3600), comment: "Bildet mangler alternativ tekst.")
        _ = fixture.indexer.indexReviews(repository: fixture.repository)
        status = try fixture.status()
        #expect(status.pendingSubmissions.isEmpty, "the request answers the submission")
        #expect(status.changesRequested.map(\.attestation.comment) == ["Bildet mangler alternativ tekst."])

        try commit(["index.md": "# Brøk\n\n![Pizza i åtte biter](pizza.png)\n"], in: fixture.repository)
        _ = fixture.indexer.index(repository: fixture.repository)
        let b = try fixture.head()
        try fixture.decide(.submittedForReview, b, at: ReviewFixture.start.addingTimeInterval(7200))
        _ = fixture.indexer.indexReviews(repository: fixture.repository)
        status = try fixture.status()
        #expect(status.changesRequested.isEmpty, "a new submission of a newer version answers the request")
        #expect(status.pendingSubmissions.map(\.commit) == [b])

        try fixture.decide(.approved, b, at: ReviewFixture.start.addingTimeInterval(9000))
        _ = fixture.indexer.indexReviews(repository: fixture.repository)
        status = try fixture.status()
        #expect(status.state == .approved && status.pendingSubmissions.isEmpty && status.changesRequested.isEmpty)

        // A later request for changes on the approved version takes the approval back.
        try fixture.decide(.changesRequested, b, at: ReviewFixture.start.addingTimeInterval(9600), comment: "Lenken i oppgave 2 er død.")
        _ = fixture.indexer.indexReviews(repository: fixture.repository)
        status = try fixture.status()
        #expect(status.state == .notReviewed)
        #expect(try fixture.approvedInSearch().isEmpty)
        #expect(status.changesRequested.map(\.commit) == [b])
        #expect(try fixture.store.reviews(of: ReviewFixture.id).map(\.attestation.decision)
                == [.submittedForReview, .changesRequested, .submittedForReview, .approved, .changesRequested])
    }

    @Test("notes the catalogue does not believe are reported and not stored: tampered, moved, signed by a stranger, about another resource")
    func rejectedNotes() throws {
        let fixture = try ReviewFixture()
        _ = fixture.indexer.index(repository: fixture.repository)
        let a = try fixture.head()
        let approval = try fixture.decide(.approved, a, at: ReviewFixture.start)
        try commit(["index.md": "# Ny\n"], in: fixture.repository)
        _ = fixture.indexer.index(repository: fixture.repository)
        let b = try fixture.head()
        // Moved: A's note copied onto B. Tampered: B's note then has a score raised. A stranger:
        // a key the installation does not know. Another resource: signed by us, but about another id.
        try GitCommandLine.run(["notes", "--ref=allmenning/reviews", "copy", a, b], in: fixture.repository)
        let tampered = approval.line.replacingOccurrences(of: #""score":3"#, with: #""score":4"#)
        let stranger = try ReviewSigningKey().sign(approval.attestation)
        var elsewhere = approval.attestation
        elsewhere.resource = "01OTHERRESOURCE0000000000"
        elsewhere.commit = b
        let foreign = try fixture.recorder.key.sign(elsewhere)
        let note = [approval.line, tampered, stranger.line, foreign.line].joined(separator: "\n") + "\n"
        try GitCommandLine.run(["notes", "--ref=allmenning/reviews", "add", "-f", "-m", note, b], in: fixture.repository)

        let result = fixture.indexer.indexReviews(repository: fixture.repository)
        let problems = try #require(result.reviews?.rejected).map(\.problem.code)
        #expect(problems.sorted() == ["bad-signature", "unknown-key", "wrong-commit", "wrong-resource"])
        #expect(result.reviews?.stored == 1)
        #expect(try fixture.store.reviews(of: ReviewFixture.id).map(\.commit) == [a])
        #expect(try fixture.approvedInSearch().isEmpty, "B is approved by no note the catalogue believes")
        // The command line's JSON carries each with its reason.
        let json = CatalogueJSON.object(result, done: 1, total: 1, language: .en)
        let rejected = try #require((json["reviews"] as? [String: Any])?["rejected"] as? [[String: Any]])
        #expect(rejected.contains { ($0["message"] as? String)?.contains("changed after it was signed") == true })
        #expect(rejected.allSatisfy { $0["commit"] as? String == b })
    }

    @Test("indexing the same notes again writes nothing")
    func unchangedNotes() throws {
        let fixture = try ReviewFixture()
        _ = fixture.indexer.index(repository: fixture.repository)
        try fixture.decide(.approved, try fixture.head(), at: ReviewFixture.start)
        #expect(fixture.indexer.index(repository: fixture.repository).reviews?.changed == true)
        let before = try fixture.dump()
        let again = fixture.indexer.index(repository: fixture.repository)
        #expect(again.status == .unchanged)
        #expect(again.reviews?.changed == false)
        #expect(try fixture.dump() == before)
    }

    @Test("a push to the reviews' notes reference is refused by the pre-receive hook, with what to do")
    func notesCannotBePushed() throws {
        let fixture = try ReviewFixture()
        let hooks = ReceiveHooks(indexer: fixture.indexer, language: .en)
        let zeros = String(repeating: "0", count: 40), head = try fixture.head()
        let update = try #require(ReferenceUpdate.parse("\(zeros) \(head) \(ReviewNotes.reference)\n").first)
        let (accepted, lines) = hooks.preReceive(repository: fixture.repository, updates: [update], quarantine: nil)
        #expect(!accepted)
        #expect(lines.first?.contains("reviews are written by Allmenning") == true)
        let deletion = try #require(ReferenceUpdate.parse("\(head) \(zeros) \(ReviewNotes.reference)\n").first)
        #expect(!hooks.preReceive(repository: fixture.repository, updates: [deletion], quarantine: nil).accepted)
    }
}
