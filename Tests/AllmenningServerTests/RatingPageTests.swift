import AllmenningCatalogue
import AllmenningCore
import Foundation
import Testing

@Suite(.serialized) struct RatingPageTests {
    static let pizza = "01M82EZD6DXN085RY0X6RECPA6"
    static let start = Date(timeIntervalSince1970: 1_767_000_000)

    @Test("the page shows the average, the count and each text, and a moderator's note instead of a hidden text, in bokmål, nynorsk and English; the API gives the same without the hidden text")
    func ratingsOnThePageAndInTheAPI() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        var page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("Ingen lærere har vurdert denne ressursen ennå."))
        var resource = try await server.get("/api/resources/\(Self.pizza)").json()
        #expect((resource["ratings"] as? [String: Any])?["count"] as? Int == 0)
        #expect((resource["ratings"] as? [String: Any])?["average"] is NSNull)

        let per = try server.user("per", .teacher), rita = try server.user("rita", .reviewer)
        let ratings = RatingWorkflow(store: server.catalogue)
        try ratings.rate(Self.pizza, score: 4, text: "Elevene likte <pizza>-oppgavene.", by: .user(rita), at: Self.start)
        try ratings.rate(Self.pizza, score: 3, text: "Dette er søppel laget av en idiot.", by: .user(per), at: Self.start.addingTimeInterval(60))
        try ratings.hideText(of: Self.pizza, rater: "per", reason: "Personangrep.", by: .user(rita), at: Self.start.addingTimeInterval(120))

        page = try await server.get("/resources/\(Self.pizza)").text
        #expect(page.contains("<h2 id=\"ratings\">Lærernes vurderinger</h2>"))
        #expect(page.contains("Snitt 3,5 av 5 fra 2 vurderinger."), "\(page)")
        #expect(page.contains("<strong>4 / 5</strong> av rita (Nygård skole)"))
        #expect(page.contains("«Elevene likte &lt;pizza&gt;-oppgavene.»"), "the text is escaped")
        #expect(page.contains("<strong>3 / 5</strong> av per (Nygård skole)") && page.contains("<em>En moderator har skjult teksten.</em>"))
        #expect(!page.contains("idiot") && !page.contains("Personangrep"))
        #expect(ServerFixture.accessibilityErrors(Data(page.utf8)).isEmpty)
        let nynorsk = try await server.get("/resources/\(Self.pizza)", headers: ["Accept-Language": "nn"]).text
        #expect(nynorsk.contains("Snitt 3,5 av 5 frå 2 vurderingar.") && nynorsk.contains("Ein moderator har gøymt teksten."))
        let english = try await server.get("/resources/\(Self.pizza)", headers: ["Accept-Language": "en"]).text
        #expect(english.contains("Average 3.5 of 5 from 2 ratings.") && english.contains("A moderator hid the text."))

        resource = try await server.get("/api/resources/\(Self.pizza)").json()
        #expect((resource["ratings"] as? [String: Any])?["count"] as? Int == 2)
        #expect((resource["ratings"] as? [String: Any])?["average"] as? Double == 3.5)
        let api = try await server.get("/api/resources/\(Self.pizza)/ratings")
        #expect(!api.text.contains("idiot") && !api.text.contains("Personangrep"))
        let json = try api.json()
        #expect(json["id"] as? String == Self.pizza && json["count"] as? Int == 2 && json["average"] as? Double == 3.5)
        let items = try #require(json["ratings"] as? [[String: Any]])
        #expect(items.map { $0["rater"] as? String } == ["per", "rita"])
        #expect(items.first?["text"] is NSNull && items.first?["textHidden"] as? Bool == true)
        #expect(items.last?["text"] as? String == "Elevene likte <pizza>-oppgavene." && items.last?["textHidden"] as? Bool == false)
        for field in ["rater", "organisation", "score", "text", "textHidden", "createdAt", "updatedAt"] {
            #expect(items.first?[field] != nil, "\(field)")
        }
        #expect(try await server.get("/api/resources/01NOPE/ratings").status == 404)
        #expect(try await server.get("/api").json()["ratings"] as? String == "/api/resources/{id}/ratings")
    }
}
