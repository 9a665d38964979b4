import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import GitTestSupport
import Testing

/// Review decisions and ratings through the server's forms and API, beyond who may (the matrix
/// in `WriteMatrixTests` checks that): the rating limit, and decisions bound to the version the
/// page showed.
@Suite(.serialized) struct StewardshipWriteTests {
    static let pizza = "01M82EZD6DXN085RY0X6RECPA6"

    @Test("a rating flood through the API: the 21st rating within the hour is 429 with Retry-After, and nothing beyond the limit is stored")
    func ratingFlood() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        try server.user("tove", .teacher)
        let token = try server.token(for: "tove").secret
        let client = Browser(port: server.port)
        client.origin = nil
        func rate(_ score: Int) async throws -> RawHTTP.Answer {
            try await client.request("POST", "/api/resources/\(Self.pizza)/ratings", json: "{\"score\": \(score), \"text\": \"Runde \(score).\"}",
                                     extraHeaders: ["Authorization: Bearer \(token)"])
        }
        var lastStored = 0
        for attempt in 1...RatingLimit.standard.writes {
            lastStored = attempt % 5 + 1
            let answer = try await rate(lastStored)
            #expect(answer.status == 200, "rating \(attempt): \(answer.status) \(answer.text)")
        }
        let refused = try await rate(lastStored % 5 + 1)
        #expect(refused.status == 429, "\(refused.text)")
        #expect(refused.header("Content-Type") == "application/problem+json")
        let retryAfter = try #require(refused.header("Retry-After").flatMap { Int($0) }, "429 says when to try again")
        #expect((1...3600).contains(retryAfter), "within the hour's window: \(retryAfter)")
        #expect(refused.text.contains("20"), "the message names the limit: \(refused.text)")
        #expect(try await rate(lastStored % 5 + 1).status == 429, "still refused")

        let stored = try #require(try server.catalogue.ratings(of: Self.pizza).first { $0.rater == "tove" })
        #expect(stored.score == lastStored && stored.text == "Runde \(lastStored).", "the refused ratings changed nothing")
        #expect(try server.catalogue.ratings(of: Self.pizza).count == 1)
    }

    @Test("the API's answers to wrong input: 422 naming what to send, 404 for an unknown resource, 401 without a token, 409 for hiding a text a rating does not have")
    func apiInput() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        try server.user("rita", .reviewer)
        let token = try server.token(for: "rita").secret
        let client = Browser(port: server.port)
        client.origin = nil
        let auth = ["Authorization: Bearer \(token)"]
        let commit = try #require(try server.catalogue.resource(Self.pizza)?.current?.commit)

        let badScore = try await client.request("POST", "/api/resources/\(Self.pizza)/ratings", json: "{\"score\": 9}", extraHeaders: auth)
        #expect(badScore.status == 422 && badScore.text.contains("1 til 5"), "\(badScore.text)")
        let notJSON = try await client.request("POST", "/api/resources/\(Self.pizza)/ratings", form: [("score", "4")], extraHeaders: auth)
        #expect(notJSON.status == 422 && notJSON.text.contains("application/json"), "\(notJSON.text)")
        let unscored = try await client.request("POST", "/api/resources/\(Self.pizza)/reviews",
                                                json: "{\"decision\": \"approved\", \"commit\": \"\(commit)\"}", extraHeaders: auth)
        #expect(unscored.status == 422 && unscored.text.contains("subject-quality"), "an approval scores every criterion: \(unscored.text)")
        let noDecision = try await client.request("POST", "/api/resources/\(Self.pizza)/reviews",
                                                  json: "{\"decision\": \"maybe\", \"commit\": \"\(commit)\"}", extraHeaders: auth)
        #expect(noDecision.status == 422 && noDecision.text.contains("changes-requested"), "\(noDecision.text)")
        let unknownCommit = try await client.request("POST", "/api/resources/\(Self.pizza)/reviews",
                                                     json: "{\"decision\": \"changes-requested\", \"commit\": \"\(String(repeating: "a", count: 40))\", \"comment\": \"Figur 2.\"}",
                                                     extraHeaders: auth)
        #expect(unknownCommit.status == 404, "\(unknownCommit.text)")
        let unknownResource = try await client.request("POST", "/api/resources/01NOPE/ratings", json: "{\"score\": 4}", extraHeaders: auth)
        #expect(unknownResource.status == 404)
        let nobody = try await client.request("POST", "/api/resources/\(Self.pizza)/ratings", json: "{\"score\": 4}")
        #expect(nobody.status == 401 && nobody.header("WWW-Authenticate") != nil)
        #expect(try server.catalogue.ratings(of: Self.pizza).isEmpty && server.catalogue.reviews(of: Self.pizza).isEmpty)

        let requested = try await client.request("POST", "/api/resources/\(Self.pizza)/reviews",
                                                 json: "{\"decision\": \"changes-requested\", \"commit\": \"\(commit)\", \"scores\": {\"privacy\": {\"comment\": \"Navn i figur 2.\"}}}",
                                                 extraHeaders: auth)
        #expect(requested.status == 201, "\(requested.text)")
        let json = try #require(try JSONSerialization.jsonObject(with: requested.body) as? [String: Any])
        #expect(json["commit"] as? String == commit && json["decision"] as? String == "changes-requested")
        #expect((json["status"] as? [String: Any])?["changesRequested"] != nil)
        #expect(try server.catalogue.reviews(of: Self.pizza).map(\.commit) == [commit])

        let rated = try await client.request("POST", "/api/resources/\(Self.pizza)/ratings", json: "{\"score\": 4}", extraHeaders: auth)
        #expect(rated.status == 200, "\(rated.text)")
        let nothingToHide = try await client.request("POST", "/api/resources/\(Self.pizza)/ratings/rita/hide", json: "{\"reason\": \"Saklig?\"}", extraHeaders: auth)
        #expect(nothingToHide.status == 409 && nothingToHide.text.contains("ingen tekst"), "a state the request cannot change: \(nothingToHide.text)")
    }

    @Test("a reviewer approves commit A through the page's form; the page says A is approved by the reviewer; after B is pushed it says B is not reviewed, and a form still showing A approves A")
    func approvalThroughTheForm() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let repository = ReviewPageTests.repository(server)
        try server.userWithPassword("rita", .reviewer)
        try server.userWithPassword("kari", .teacher)
        try server.give("brok-med-pizza", to: "kari")

        // The owner is offered the submission, not the review; nobody is offered nothing.
        let anonymous = try await Browser(port: server.port).get("/resources/\(Self.pizza)").text
        #expect(!anonymous.contains("<form method=\"post\" action=\"/resources/"), "nobody sees no forms")
        let owner = Browser(port: server.port)
        try await owner.logIn("kari")
        let ownersPage = try await owner.get("/resources/\(Self.pizza)").text
        #expect(ownersPage.contains("Send denne versjonen til vurdering"))
        #expect(!ownersPage.contains("Godkjenn versjonen") && !ownersPage.contains("Vurder ressursen"), "no review or rating of one's own")

        let reviewer = Browser(port: server.port)
        try await reviewer.logIn("rita")
        var page = try await reviewer.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Godkjenn versjonen") && page.contains("Be om endringer") && page.contains("Vurder ressursen"))
        #expect(!page.contains("Send denne versjonen til vurdering"), "only the owner and administrators submit")
        for criterion in ReviewRubric.builtIn.criteria {
            #expect(page.contains("<select id=\"score-\(criterion.id)\" name=\"score-\(criterion.id)\">"), "a score for \(criterion.id)")
        }
        #expect(page.contains("<option value=\"4\">4 – "), "the scale's values with their labels from the rubric")
        #expect(ServerFixture.accessibilityErrors(Data(page.utf8)).isEmpty, "the forms are labelled")
        let english = try await reviewer.get("/resources/\(Self.pizza)", language: "en").text
        #expect(english.contains("Approve this version") && english.contains("Request changes") && english.contains("Rate this resource"))
        let nynorsk = try await reviewer.get("/resources/\(Self.pizza)", language: "nn").text
        #expect(nynorsk.contains("Be om endringar") && nynorsk.contains("Lagre vurderinga"))
        let a = try ReviewPageTests.head(repository)
        #expect(Browser.hiddenField("commit", in: page) == a, "the form is bound to the version shown")
        let csrf = try #require(Browser.hiddenField("csrf", in: page))
        let approval = [("csrf", csrf), ("commit", a), ("decision", "approved"), ("comment", "Klar til bruk.")]
            + ReviewRubric.builtIn.criteria.map { ("score-\($0.id)", "4") }
        let approved = try await reviewer.request("POST", "/resources/\(Self.pizza)/reviews", form: approval)
        #expect(approved.status == 303 && approved.header("Location")?.hasPrefix("/resources/\(Self.pizza)?lang=nb") == true, "\(approved.status) \(approved.text)")

        page = try await reviewer.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Godkjent versjon <a href=\"/api/resources/\(Self.pizza)/versions/\(a)\"><code>\(a.prefix(10))</code></a> av rita (Nygård skole)"), "\(page)")
        #expect(page.contains("Versjonen denne siden viser, er den godkjente.") && page.contains("Klar til bruk."))

        try GitCommandLine.write("# Oppgaver\n\nDel pizzaen i tolv.\n", to: "oppgaver.md", in: repository)
        try GitCommandLine.run(["add", "-A"], in: repository)
        try GitCommandLine.run(["commit", "-q", "-m", "Oppgaver"], in: repository)
        let b = try ReviewPageTests.head(repository)
        #expect(Indexer(store: server.catalogue, checks: server.checks).index(repository: repository).status == .published)
        page = try await reviewer.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Nyere versjoner er ikke vurdert.") && page.contains("<code>\(b.prefix(10))</code></a> <time"), "\(page)")
        #expect(!page.contains("Versjonen denne siden viser, er den godkjente."))
        #expect(Browser.hiddenField("commit", in: page) == b, "the form now shows B")

        // The old page's form, sent after B arrived, approves A (what the reviewer looked at),
        // never B.
        let late = try await reviewer.request("POST", "/resources/\(Self.pizza)/reviews",
                                              form: approval.map { $0.0 == "comment" ? ($0.0, "Sett igjen.") : $0 })
        #expect(late.status == 303)
        #expect(try server.catalogue.reviews(of: Self.pizza).filter { $0.attestation.decision == .approved }.map(\.commit) == [a, a])
        page = try await reviewer.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Nyere versjoner er ikke vurdert."))
    }

    @Test("the rating form is prefilled with the teacher's rating, and a moderator hides a text from the page with a reason")
    func ratingAndHidingThroughForms() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        try server.userWithPassword("per", .teacher)
        try server.userWithPassword("rita", .reviewer)
        let teacher = Browser(port: server.port)
        try await teacher.logIn("per")
        var page = try await teacher.get("/resources/\(Self.pizza)").text
        #expect(page.contains("<h3>Vurder ressursen</h3>") && !page.contains("Skjul teksten"))
        let rated = try await teacher.request("POST", "/resources/\(Self.pizza)/rating",
                                              form: [("csrf", try #require(Browser.hiddenField("csrf", in: page))), ("score", "2"), ("text", "For lett for 7. trinn.")])
        #expect(rated.status == 303, "\(rated.text)")
        page = try await teacher.get("/resources/\(Self.pizza)").text
        #expect(page.contains("<h3>Endre vurderingen din</h3>"))
        #expect(page.contains("<option value=\"2\" selected>2</option>") && page.contains(">For lett for 7. trinn.</textarea>"), "prefilled")

        let moderator = Browser(port: server.port)
        try await moderator.logIn("rita")
        page = try await moderator.get("/resources/\(Self.pizza)").text
        #expect(page.contains("action=\"/resources/\(Self.pizza)/ratings/per/hide?lang=nb\""))
        #expect(ServerFixture.accessibilityErrors(Data(page.utf8)).isEmpty)
        let hidden = try await moderator.request("POST", "/resources/\(Self.pizza)/ratings/per/hide",
                                                 form: [("csrf", try #require(Browser.hiddenField("csrf", in: page))), ("reason", "Ikke saklig.")])
        #expect(hidden.status == 303, "\(hidden.text)")
        #expect(try server.catalogue.ratings(of: Self.pizza).first?.hidden?.reason == "Ikke saklig.")
        page = try await teacher.get("/resources/\(Self.pizza)").text
        #expect(!page.contains("For lett for 7. trinn.") && page.contains("En moderator har skjult teksten i vurderingen din."))
    }
}
