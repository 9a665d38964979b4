import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import GitTestSupport
import Testing

/// A clock the tests move by hand.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var date: Date
    init(_ date: Date) { self.date = date }
    func now() -> Date { lock.withLock { date } }
    func set(_ new: Date) { lock.withLock { date = new } }
}

@Suite(.serialized) struct ReviewPageTests {
    static let pizza = "01M82EZD6DXN085RY0X6RECPA6"
    static let reviewer = Attestation.Person(user: "ola", name: "Ola Nordmann", organisation: "Eksempel kommune")
    static let start = Date(timeIntervalSince1970: 1_767_000_000)

    /// The fixture's repository of brok-med-pizza (a working folder made by git).
    static func repository(_ server: ServerFixture) -> URL {
        server.data.url.appendingPathComponent("repositories/brok-med-pizza.git")
    }

    static func head(_ repository: URL) throws -> String {
        try GitCommandLine.run(["rev-parse", "HEAD"], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Signs and stores a decision as the server will once accounts say who decides, then
    /// reads the notes into the catalogue (no new commit: only the notes).
    static func decide(_ decision: Attestation.Decision, _ commit: String, by person: Attestation.Person = reviewer,
                       in server: ServerFixture, at date: Date, comment: String? = nil) throws {
        let recorder = try ReviewRecorder(data: server.data, configuration: server.setup.configuration)
        let scores = decision == .approved ? ReviewRubric.builtIn.criteria.map { Attestation.Score(criterion: $0.id, score: 3) } : []
        try recorder.record(ReviewRequest(resourceID: pizza, revision: commit, decision: decision, by: person, scores: scores, comment: comment),
                            in: repository(server), at: date)
        let result = Indexer(store: server.catalogue, checks: server.checks).indexReviews(repository: repository(server))
        #expect(result.status == .unchanged && result.reviews?.rejected.isEmpty == true, "\(result)")
    }

    static func approvedTotal(_ server: ServerFixture) async throws -> Int? {
        try await server.get("/api/search?review=approved").json()["total"] as? Int
    }

    @Test("an approval of commit A does not carry over to commit B: the page, the API and search say so, and name B's changed files")
    func approvalOfAIsNotApprovalOfB() async throws {
        let clock = ManualClock(Self.start)
        let server = try await ServerFixture(resources: ["brok-med-pizza"], now: { clock.now() })
        defer { Task { await server.stop() } }
        let repository = Self.repository(server)
        var page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Ingen versjon av denne ressursen er godkjent ennå."))
        #expect(try await Self.approvedTotal(server) == 0)

        let a = try Self.head(repository)
        try Self.decide(.approved, a, in: server, at: Self.start, comment: "Solid og tydelig.")
        page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Godkjent versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(a)\"><code>\(a.prefix(10))</code></a> av Ola Nordmann (Eksempel kommune), <time datetime=\"2025-12-29T09:20:00Z\">29. desember 2025</time>. Gyldig til <time datetime=\"2026-12-29T09:20:00Z\">29. desember 2026</time>."), "\(page)")
        #expect(page.contains("Versjonen denne siden viser, er den godkjente."))
        #expect(page.contains("<th scope=\"row\">Universell utforming</th><td>3 / 4 (God)</td>"), "the scores by criterion, named from the rubric")
        #expect(page.contains("Solid og tydelig."))
        #expect(!page.contains("Nyere versjoner er ikke vurdert"))
        #expect(ServerFixture.accessibilityErrors(Data(page.utf8)).isEmpty)
        var api = try await server.get("/api/resources/\(Self.pizza)/reviews").json()
        #expect(api["state"] as? String == "approved")
        #expect((api["approval"] as? [String: Any])?["commit"] as? String == a)
        #expect(try await Self.approvedTotal(server) == 1)
        #expect(try await server.get("/api/resources/\(Self.pizza)").json()["current"].flatMap { ($0 as? [String: Any])?["approved"] as? Bool } == true)

        // Commit B changes the page and adds a file; it is indexed as the post-receive hook would.
        let html = try String(contentsOf: repository.appendingPathComponent("index.html"), encoding: .utf8)
        try html.replacingOccurrences(of: "Pizza er perfekt", with: "Pizza er helt perfekt")
            .write(to: repository.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        try GitCommandLine.write("# Oppgaver\n\nDel pizzaen i tolv.\n", to: "oppgaver.md", in: repository)
        try GitCommandLine.run(["add", "-A"], in: repository)
        try GitCommandLine.run(["commit", "-q", "-m", "Tolv biter og oppgaver"], in: repository)
        let b = try Self.head(repository)
        #expect(Indexer(store: server.catalogue, checks: server.checks).index(repository: repository).status == .published)

        page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Godkjent versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(a)\"><code>\(a.prefix(10))</code></a> av Ola Nordmann"))
        #expect(!page.contains("Versjonen denne siden viser, er den godkjente."))
        #expect(page.contains("Nyere versjoner er ikke vurdert. Versjonen denne siden viser, er endret etter godkjenningen:"))
        #expect(page.contains("<code>\(b.prefix(10))</code></a> <time"), "B is listed")
        #expect(page.contains("Tolv biter og oppgaver"))
        #expect(page.contains("<li>endret: index.html</li>") && page.contains("<li>ny fil: oppgaver.md</li>"), "\(page)")
        #expect(ServerFixture.accessibilityErrors(Data(page.utf8)).isEmpty)
        api = try await server.get("/api/resources/\(Self.pizza)/reviews").json()
        #expect(api["state"] as? String == "newer-version-unreviewed")
        #expect(api["currentCommit"] as? String == b)
        let newer = try #require((api["newerCommits"] as? [[String: Any]])?.first)
        #expect(newer["commit"] as? String == b)
        #expect((newer["files"] as? [[String: Any]])?.map { "\($0["status"]!) \($0["path"]!)" } == ["modified index.html", "added oppgaver.md"])
        #expect(try await Self.approvedTotal(server) == 0)
        let english = try await server.get("/resources/\(Self.pizza)", headers: ["Accept-Language": "en"]).text
        #expect(english.contains("Newer versions are not reviewed.") && english.contains("<li>added: oppgaver.md</li>"))

        // Approving B makes B the approved version, on the page and in search.
        try Self.decide(.approved, b, in: server, at: Self.start.addingTimeInterval(86_400))
        page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Godkjent versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(b)\"><code>\(b.prefix(10))</code></a>"))
        #expect(page.contains("Versjonen denne siden viser, er den godkjente."))
        #expect(!page.contains("Nyere versjoner er ikke vurdert"))
        #expect(try await Self.approvedTotal(server) == 1)
        #expect(try await server.get("/?review=approved").text.contains("href=\"/resources/\(Self.pizza)\""))
    }

    @Test("decisions recorded by users through ReviewWorkflow (what the commands and the forms call): the page shows A approved by the reviewer, and B, pushed after, unreviewed with its files")
    func decisionsByUsersOnThePage() async throws {
        let clock = ManualClock(Self.start)
        let server = try await ServerFixture(resources: ["brok-med-pizza"], now: { clock.now() })
        defer { Task { await server.stop() } }
        let repository = Self.repository(server)
        let kari = try server.user("kari", .teacher), rita = try server.user("rita", .reviewer)
        try server.give("brok-med-pizza", to: "kari")
        let workflow = ReviewWorkflow(store: server.catalogue, recorder: try ReviewRecorder(data: server.data, configuration: server.setup.configuration),
                                      checks: server.checks)
        let a = try Self.head(repository)
        try workflow.decide(ReviewDecisionRequest(resourceID: Self.pizza, decision: .submittedForReview), by: .user(kari), at: Self.start)
        let scores = ReviewAssessment(entries: ReviewRubric.builtIn.criteria.map { ReviewAssessment.Entry(criterion: $0.id, score: 4) })
        try workflow.decide(ReviewDecisionRequest(resourceID: Self.pizza, commit: a, decision: .approved, assessment: scores, comment: "Klar til bruk."),
                            by: .user(rita), at: Self.start.addingTimeInterval(3600))
        var page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Godkjent versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(a)\"><code>\(a.prefix(10))</code></a> av rita (Nygård skole)"), "\(page)")
        #expect(page.contains("Versjonen denne siden viser, er den godkjente.") && page.contains("Klar til bruk."))

        try GitCommandLine.write("# Oppgaver\n\nDel pizzaen i tolv.\n", to: "oppgaver.md", in: repository)
        try GitCommandLine.run(["add", "-A"], in: repository)
        try GitCommandLine.run(["commit", "-q", "-m", "Oppgaver"], in: repository)
        let b = try Self.head(repository)
        #expect(Indexer(store: server.catalogue, checks: server.checks).index(repository: repository).status == .published)
        page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Godkjent versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(a)\"><code>\(a.prefix(10))</code></a> av rita"))
        #expect(page.contains("Nyere versjoner er ikke vurdert.") && page.contains("<code>\(b.prefix(10))</code></a> <time"))
        #expect(page.contains("<li>ny fil: oppgaver.md</li>"), "\(page)")
        #expect(try await Self.approvedTotal(server) == 0)
    }

    @Test("an expired approval says the review is due, on the page and in the API, at the server's clock")
    func reviewDue() async throws {
        let clock = ManualClock(Self.start)
        let server = try await ServerFixture(resources: ["brok-med-pizza"], now: { clock.now() })
        defer { Task { await server.stop() } }
        let a = try Self.head(Self.repository(server))
        try Self.decide(.approved, a, in: server, at: Self.start)
        clock.set(Self.start.addingTimeInterval(366 * 86_400))
        let page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("<p class=\"warning\">Vurderingen må fornyes: godkjenningen av versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(a)\"><code>\(a.prefix(10))</code></a> av Ola Nordmann (Eksempel kommune), <time datetime=\"2025-12-29T09:20:00Z\">29. desember 2025</time>, gikk ut <time datetime=\"2026-12-29T09:20:00Z\">29. desember 2026</time>.</p>"), "\(page)")
        #expect(!page.contains("Gyldig til"))
        let api = try await server.get("/api/resources/\(Self.pizza)/reviews").json()
        #expect(api["state"] as? String == "review-due")
        #expect(api["reviewDue"] as? Bool == true)
        #expect(api["approval"] is NSNull)
        #expect((api["expiredApproval"] as? [String: Any])?["commit"] as? String == a)
        #expect(try await Self.approvedTotal(server) == 0)
    }

    @Test("who submitted a version is named nowhere, on the page or in the API; requests for changes are shown with the reviewer")
    func submitterNotNamed() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let a = try Self.head(Self.repository(server))
        try Self.decide(.submittedForReview, a, by: Attestation.Person(user: "elev9b3", name: "Nora Elevsen"), in: server, at: Self.start)
        var page = try await server.get("/resources/\(Self.pizza)").text
        var api = try await server.get("/api/resources/\(Self.pizza)/reviews")
        #expect(page.contains("Versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(a)\"><code>\(a.prefix(10))</code></a> ble sendt til vurdering"), "\(page)")
        #expect((try api.json()["pendingSubmissions"] as? [[String: Any]])?.count == 1)
        for text in [page, api.text] {
            #expect(!text.contains("Nora") && !text.contains("Elevsen") && !text.contains("elev9b3"))
        }
        try Self.decide(.changesRequested, a, in: server, at: Self.start.addingTimeInterval(3600), comment: "Figur 2 mangler alternativ tekst.")
        page = try await server.get("/resources/\(Self.pizza)").text
        api = try await server.get("/api/resources/\(Self.pizza)/reviews")
        #expect(page.contains("Endringer er bedt om i versjon"))
        #expect(page.contains("av Ola Nordmann (Eksempel kommune)") && page.contains("«Figur 2 mangler alternativ tekst.»"))
        #expect(!page.contains("ble sendt til vurdering"), "the request answered the submission")
        #expect(!api.text.contains("Nora") && !api.text.contains("elev9b3"))
    }

    @Test("the reviews API: 404 for an unknown resource; the keys the catalogue believes; every field the description requires")
    func api() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        #expect(try await server.get("/api/resources/01NOPE/reviews").status == 404)
        let keys = try await server.get("/api/review-keys").json()
        #expect(keys["installation"] as? String == (try ReviewSigningKey.load(in: server.data)?.publicKey))
        #expect(keys["notes"] as? String == "refs/notes/allmenning/reviews")
        let status = try await server.get("/api/resources/\(Self.pizza)/reviews").json()
        for field in ["id", "currentCommit", "state", "reviewDue", "approval", "expiredApproval", "newerCommits", "newerCommitsTotal",
                      "changedFiles", "pendingSubmissions", "changesRequested", "historyProblem"] {
            #expect(status[field] != nil, "\(field)")
        }
        #expect(status["state"] as? String == "not-reviewed")
    }
}
