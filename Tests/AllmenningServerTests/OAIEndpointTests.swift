import Foundation
import Testing

/// OAI-PMH over HTTP: the provider's answers (tested in OAIProviderTests) reach harvesters by
/// GET and by POST, and a catalogue without an administrator's address says how to set it up.
@Suite("OAI-PMH at /oai", .serialized)
struct OAIEndpointTests {
    static let configuration = """
        catalogue:
          name: Allmenning i testkommunen
          adminEmail: [drift@testkommune.no]
        """

    @Test("GET and POST give the same records; Identify names the catalogue from config.yaml")
    func getAndPost() async throws {
        let server = try await ServerFixture(configurationText: Self.configuration)
        defer { Task { await server.stop() } }
        let identify = try await server.get("/oai?verb=Identify")
        #expect(identify.status == 200)
        #expect(identify.header("Content-Type")?.hasPrefix("text/xml") == true)
        let identity = try ParsedXML(identify.body)
        #expect(identity.strings("/oai:OAI-PMH/oai:Identify/oai:repositoryName") == ["Allmenning i testkommunen"])
        #expect(identity.strings("/oai:OAI-PMH/oai:Identify/oai:adminEmail") == ["drift@testkommune.no"])
        #expect(identity.strings("/oai:OAI-PMH/oai:Identify/oai:baseURL") == ["http://127.0.0.1:0/oai"])

        let byGet = try ParsedXML(try await server.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").body)
        let form = Data("verb=ListIdentifiers&metadataPrefix=oai_dc".utf8)
        let posted = try await RawHTTP.send(port: server.port, head: "POST /oai HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded", body: form)
        #expect(posted.status == 200)
        let byPost = try ParsedXML(posted.body)
        let identifiers = byGet.strings("//oai:header/oai:identifier")
        #expect(identifiers.count == ServerFixture.resources.count)
        #expect(byPost.strings("//oai:header/oai:identifier") == identifiers)
        #expect(byPost.strings("/oai:OAI-PMH/oai:request/@verb") == ["ListIdentifiers"])
        #expect(try await server.get("/").text.contains(#"href="/oai?verb=Identify""#), "the footer links to OAI-PMH")
    }

    @Test("protocol errors are OAI-PMH answers (200); a POST that is not a form is 415, a huge one 413")
    func mistakes() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"], configurationText: Self.configuration)
        defer { Task { await server.stop() } }
        let badVerb = try await server.get("/oai?verb=Harvest")
        #expect(badVerb.status == 200)
        #expect(try ParsedXML(badVerb.body).strings("//oai:error/@code") == ["badVerb"])
        let repeated = try await server.get("/oai?verb=Identify&verb=Identify")
        #expect(try ParsedXML(repeated.body).strings("//oai:error/@code") == ["badVerb"])
        let json = try await RawHTTP.send(port: server.port, head: "POST /oai HTTP/1.1\r\nContent-Type: application/json", body: Data(#"{"verb":"Identify"}"#.utf8))
        #expect(json.status == 415)
        #expect(json.header("Content-Type") == "application/problem+json")
        let huge = try await RawHTTP.send(port: server.port, head: "POST /oai HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded",
                                          body: Data(("verb=Identify&x=" + String(repeating: "a", count: 300_000)).utf8))
        #expect(huge.status == 413)
    }

    @Test("without catalogue.adminEmail OAI-PMH is off, and the answer says what to write in config.yaml")
    func offWithoutAdministrator() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"])
        defer { Task { await server.stop() } }
        let answer = try await server.get("/oai?verb=Identify")
        #expect(answer.status == 503)
        #expect(answer.header("Content-Type") == "application/problem+json")
        #expect(answer.text.contains("adminEmail"))
        #expect(!(try await server.get("/").text.contains("/oai?verb=Identify")), "no link to an address that answers 503")
    }
}
