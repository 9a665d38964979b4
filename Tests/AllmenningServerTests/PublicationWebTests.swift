import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import Testing

/// Students' publishing through the server's forms and API, and who sees a pupil's resource
/// before it is approved: the pupil and their teachers, logged in, and nobody else.
@Suite("student publishing on the web: who sees it, approving by the form, withdrawing through the API", .serialized)
struct PublicationWebTests {
    static let id = "01M82EZD6DXN085RY0X6RECPA6"
    static let repository = "brok-med-pizza"

    /// A browser logged in as `userName` (a session made in the store, as logging in would).
    static func browser(_ server: ServerFixture, _ userName: String) throws -> (Browser, csrf: String) {
        let session = try server.catalogue.startSession(for: userName, replacing: nil, limits: .standard, at: Date())
        let browser = Browser(port: server.port)
        browser.cookies["allmenning-session"] = session.secret
        return (browser, session.session.csrfToken)
    }

    static func infoRefs(_ server: ServerFixture, header: String? = nil) async throws -> Int {
        try await RawHTTP.send(port: server.port, head: "GET /git/\(repository).git/info/refs?service=git-upload-pack HTTP/1.1" + (header.map { "\r\n" + $0 } ?? "")).status
    }

    @Test("a pupil's resource before approval: 404 for nobody and another school, 200 for the pupil and their teacher on the page, the API, files, zip and clone; the forms each may use")
    func whoSees() async throws {
        let server = try await ServerFixture(resources: [Self.repository])
        defer { Task { await server.stop() } }
        for (name, role) in [("kari", Role.teacher), ("ola", .student), ("ada", .administrator)] { try server.userWithPassword(name, role) }
        _ = try server.catalogue.addOrganisation(NewOrganisation(name: "annen-skole", displayName: "Annen skole", kind: .school), by: .installation, at: Date())
        _ = try server.catalogue.addUser(NewUser(userName: "fremmed", displayName: nil, role: .teacher, organisation: "annen-skole", pseudonym: nil),
                                         by: .installation, at: Date())
        try server.give(Self.repository, to: "ola")

        let paths = ["/resources/\(Self.id)", "/api/resources/\(Self.id)", "/api/resources/\(Self.id)/reviews",
                     "/resources/\(Self.id)/files/resource.yaml", "/resources/\(Self.id)/download.zip"]
        for path in paths {
            #expect(try await server.get(path).status == 404, "nobody: \(path)")
        }
        let stranger = try server.token(for: "fremmed").secret
        for path in paths {
            let answer = try await Browser(port: server.port).request("GET", path, extraHeaders: ["Authorization: Bearer \(stranger)"])
            #expect(answer.status == 404, "another school's teacher: \(path)")
        }
        #expect(try await Self.infoRefs(server) == 404)
        #expect(try await Self.infoRefs(server, header: "Authorization: Bearer \(stranger)") == 404)

        let (teacher, teachersCSRF) = try Self.browser(server, "kari")
        let (pupil, _) = try Self.browser(server, "ola")
        for browser in [teacher, pupil] {
            for path in paths {
                let answer = try await browser.get(path)
                #expect(answer.status == 200, "\(path): \(answer.status)")
                #expect(answer.header("Cache-Control") == "private, no-store", "\(path) is for the one logged in")
            }
        }
        let olasToken = try server.token(for: "ola").secret
        #expect(try await Self.infoRefs(server, header: "Authorization: Bearer \(olasToken)") == 200, "the pupil clones their own with a token")
        let basic = Data("ola:\(olasToken)".utf8).base64EncodedString()
        #expect(try await Self.infoRefs(server, header: "Authorization: Basic \(basic)") == 200)

        // The teacher's page says it waits, and offers approval; the pupil's offers withdrawal.
        let teachersPage = try await teacher.get("/resources/\(Self.id)?lang=en").text
        #expect(teachersPage.contains("Not published yet"))
        #expect(teachersPage.contains("action=\"/resources/\(Self.id)/publication/approve?lang=en\""))
        #expect(!teachersPage.contains("/withdraw?"), "teachers do not withdraw pupils' work")
        let pupilsPage = try await pupil.get("/resources/\(Self.id)?lang=en").text
        #expect(pupilsPage.contains("action=\"/resources/\(Self.id)/withdraw?lang=en\""))
        #expect(!pupilsPage.contains("/publication/approve?"), "the pupil does not approve their own")

        // The teacher finds it on their account page; a teacher at another school does not.
        let teachersAccount = try await teacher.get("/account?lang=en").text
        #expect(teachersAccount.contains("Waiting for approval") && teachersAccount.contains("href=\"/resources/\(Self.id)\""))
        let (strangersBrowser, _) = try Self.browser(server, "fremmed")
        #expect(!(try await strangersBrowser.get("/account?lang=en").text.contains("/resources/\(Self.id)")))

        // The teacher approves by the form: public for everyone, the approval on the page.
        let approved = try await teacher.request("POST", "/resources/\(Self.id)/publication/approve?lang=en", form: [("csrf", teachersCSRF)])
        #expect(approved.status == 303 && approved.header("Location") == "/resources/\(Self.id)", "\(approved.status) \(approved.text.prefix(300))")
        let publicPage = try await server.get("/resources/\(Self.id)?lang=en")
        #expect(publicPage.status == 200)
        #expect(publicPage.text.contains("work, published after a teacher approved it on"))
        #expect(!publicPage.text.contains("/withdraw?") && !publicPage.text.contains("/publication/approve?"))
        #expect(try await Self.infoRefs(server) == 200)
        #expect(!(try await teacher.get("/account?lang=en").text.contains("Waiting for approval")))
        #expect(try server.catalogue.auditEntries(since: nil, limit: nil).filter { $0.action == "publication.approve" }.map(\.actor) == ["kari"])
    }

    @Test("through the API: approval refused to the pupil (403) and to nobody (401); the pupil withdraws (200, then gone for everyone, a deleted record), and again changes nothing")
    func throughTheAPI() async throws {
        let server = try await ServerFixture(resources: [Self.repository], configurationText: OAIEndpointTests.configuration)
        defer { Task { await server.stop() } }
        try server.user("kari", .teacher)
        try server.user("ola", .student)
        try server.give(Self.repository, to: "ola")
        let olasToken = try server.token(for: "ola").secret, karisToken = try server.token(for: "kari").secret
        func post(_ path: String, token: String?) async throws -> RawHTTP.Answer {
            let client = Browser(port: server.port)
            client.origin = nil
            return try await client.request("POST", "/api/resources/\(Self.id)/\(path)", extraHeaders: token.map { ["Authorization: Bearer \($0)"] } ?? [],
                                            language: "en")
        }

        #expect(try await post("publication-approval", token: nil).status == 401)
        let own = try await post("publication-approval", token: olasToken)
        #expect(own.status == 403 && own.text.contains("Only a teacher at the student's school"), "\(own.status) \(own.text)")
        #expect(try await server.get("/api/resources/\(Self.id)").status == 404)

        let approval = try await post("publication-approval", token: karisToken)
        #expect(approval.status == 200, "\(approval.text)")
        let approved = try JSONSerialization.jsonObject(with: Data(approval.text.utf8)) as? [String: Any] ?? [:]
        #expect(approved["public"] as? Bool == true && approved["changed"] as? Bool == true && approved["repository"] == nil)
        #expect(try await server.get("/api/resources/\(Self.id)").status == 200)
        #expect(try await server.get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:\(Self.id)").text.contains(Self.id))

        #expect(try await post("withdrawal", token: karisToken).status == 403, "teachers do not withdraw pupils' work")
        let withdrawal = try await post("withdrawal", token: olasToken)
        #expect(withdrawal.status == 200, "\(withdrawal.text)")
        let withdrawn = try JSONSerialization.jsonObject(with: Data(withdrawal.text.utf8)) as? [String: Any] ?? [:]
        #expect(withdrawn["public"] as? Bool == false && (withdrawn["withdrawn"] as? [String: Any])?["by"] as? String == "ola")
        #expect(try await server.get("/api/resources/\(Self.id)").status == 404)
        #expect(try await server.get("/resources/\(Self.id)").status == 404)
        #expect(try await server.get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:\(Self.id)").text.contains("status=\"deleted\""))
        let again = try await post("withdrawal", token: olasToken)
        #expect(again.status == 200 && again.text.contains("\"changed\":false"), "\(again.text)")
        #expect(try await post("publication-approval", token: karisToken).status == 403, "what the pupil withdrew stays withdrawn")
        #expect(try await server.get("/api/resources/\(Self.id)/withdrawal").status == 405)
    }
}
