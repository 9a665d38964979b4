import Foundation
import Testing

@Suite(.serialized) struct APITests {
    static let pizza = PageTests.pizza
    static let pizzaNynorsk = PageTests.pizzaNynorsk

    @Test("search and a resource: a hit's repository is its clone address, never a path on the server") func searchAndResource() async throws {
        let server = try await ServerFixture()
        defer { Task { await server.stop() } }
        let search = try await server.get("/api/search?q=pizza&limit=1")
        #expect(search.status == 200)
        let results = try search.json()
        #expect(results["total"] as? Int == 2)
        #expect((results["results"] as? [Any])?.count == 1)
        #expect((results["facets"] as? [String: Any])?["subject"] != nil)
        let hit = try #require((results["results"] as? [[String: Any]])?.first)
        #expect(hit["repository"] as? String == "http://127.0.0.1:0/git/\(hit["id"] as? String == Self.pizza ? "brok-med-pizza" : "brok-med-pizza-nynorsk").git")
        #expect(!search.text.contains(server.data.url.path), "where the server keeps repositories is not told")

        let resource = try await server.get("/api/resources/\(Self.pizza)").json()
        #expect(resource["id"] as? String == Self.pizza)
        #expect(resource["clone"] as? String == "http://127.0.0.1:0/git/brok-med-pizza.git")
        let current = try #require(resource["current"] as? [String: Any])
        #expect((current["manifest"] as? [String: Any])?["licence"] as? String == "CC-BY-SA-4.0")
        let commit = try #require(current["commit"] as? String)

        let versions = try await server.get("/api/resources/\(Self.pizza)/versions").json()
        #expect((versions["versions"] as? [[String: Any]])?.first?["commit"] as? String == commit)
        let version = try await server.get("/api/resources/\(Self.pizza)/versions/\(commit.prefix(8))")
        #expect(version.status == 200)
        #expect(try version.json()["commit"] as? String == commit)
        let findings = try await server.get("/api/resources/\(Self.pizza)/findings").json()
        #expect(findings["commit"] as? String == commit)
        let forks = try await server.get("/api/resources/\(Self.pizza)/forks").json()
        #expect((forks["adaptations"] as? [[String: Any]])?.map { $0["id"] as? String } == [Self.pizzaNynorsk])
        let sources = try await server.get("/api/resources/\(Self.pizzaNynorsk)/forks").json()
        #expect((sources["sources"] as? [[String: Any]])?.first?["inCatalogue"] as? Bool == true)
    }

    @Test func aimsCurriculaStatistics() async throws {
        let server = try await ServerFixture()
        defer { Task { await server.stop() } }
        let aim = try await server.get("/api/aims/km13277").json()
        #expect(aim["curriculum"] as? String == "MAT01-06")
        #expect((aim["declaredBy"] as? [[String: Any]])?.contains { $0["id"] as? String == Self.pizza } == true)
        let curriculum = try await server.get("/api/curricula/MAT01-06").json()
        #expect((curriculum["aims"] as? [Any])?.isEmpty == false)
        let statistics = try await server.get("/api/stats").json()
        #expect(statistics["resources"] as? Int == ServerFixture.resources.count)
    }

    @Test func problemsAreProblemDetails() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        for (path, status) in [("/api/resources/NOPE", 404), ("/api/search?limit=0", 400), ("/api/search?limit=abc", 400),
                               ("/api/search?offset=-1", 400), ("/api/search?review=maybe", 400), ("/api/search?review=", 400), ("/api/aims/KM0", 404),
                               ("/api/resources/\(Self.pizza)/versions/zzzzzzzz", 404), ("/api/nothing", 404)] {
            let answer = try await server.get(path)
            #expect(answer.status == status, "\(path)")
            #expect(answer.header("Content-Type") == "application/problem+json", "\(path)")
            #expect(try answer.json()["status"] as? Int == status, "\(path)")
        }
    }

    @Test func servedSpecificationIsTheSchemasFile() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let served = try await server.get("/api/openapi.yaml")
        #expect(served.status == 200)
        let file = try Data(contentsOf: ServerFixture.packageRoot.appendingPathComponent("Schemas/openapi.yaml"))
        #expect(served.body == file, "Sources/AllmenningServer/Static/openapi.yaml must be a copy of Schemas/openapi.yaml")
    }
}
