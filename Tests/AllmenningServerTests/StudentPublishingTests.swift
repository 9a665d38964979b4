import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import Testing

/// Issue 8's student flow end to end: the real git client pushes to the server, the
/// repository's hooks (the allmenning executable) check and index it, and the teacher approves
/// and the pupil withdraws with the allmenning command line on the same data folder.
@Suite("student publishing: push, approval, pseudonym only, withdrawal", .serialized)
struct StudentPublishingTests {
    static let id = "01M9A2B3C4D5E6F7G8H9JKMNPQ"
    static let repository = "vulkan-ola"
    /// The pupil's real name (the fixture makes students "Name Hansen"), which they write into
    /// their own manifest, and their pseudonym.
    static let realName = "Ola Hansen"
    static let pseudonym = "Elev 9B-3"

    static func manifest(kind: String = "teacher") -> String {
        """
        manifest: 1
        id: \(id)
        title:
          nb: Vulkanforedraget mitt
        language: [nb]
        kind: \(kind)
        type: [presentation]
        level: ["9"]
        licence: CC-BY-4.0
        authors:
          - { name: \(realName), role: author }
        entry: index.md

        """
    }

    static let page = "# Vulkaner\n\nEn vulkan er et fjell der glødende magma kommer opp fra jordas indre.\n"

    /// Runs the allmenning executable on the server's data folder, off the cooperative threads
    /// the server in this process answers on.
    static func allmenning(_ arguments: [String], _ server: ServerFixture, environment extra: [String: String] = [:]) async throws -> (status: Int32, output: String, errors: String) {
        let executable = try ServerFixture.executable()
        let data = server.data.url.path
        let curricula = ServerFixture.content.appendingPathComponent("curricula").path
        return try await offCooperativeThreads {
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments + ["--data", data, "--curricula", curricula, "--lang", "en"]
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "ALLMENNING_TOKEN")
            environment.merge(extra) { $1 }
            process.environment = environment
            let output = Pipe(), errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }
    }

    static func pushURL(_ server: ServerFixture, token: String?) -> String {
        "http://\(token.map { "elev:\($0)@" } ?? "")127.0.0.1:\(server.port)/git/\(repository).git"
    }

    /// What the public sees of the resource: search (API and page), its page and API record,
    /// OAI-PMH, and git clone.
    struct PublicView {
        var inAPISearch: Bool
        var inSearchPage: Bool
        var pageStatus: Int
        var apiStatus: Int
        var listIdentifiers: String
        var getRecord: String
        var cloneStatus: Int
    }

    static func publicView(_ server: ServerFixture) async throws -> PublicView {
        let search = try await server.get("/api/search?q=vulkanforedraget").json()
        let hits = (search["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let searchPage = try await server.get("/?q=vulkanforedraget")
        let clone = try await RawHTTP.send(port: server.port, head: "GET /git/\(repository).git/info/refs?service=git-upload-pack HTTP/1.1")
        return PublicView(
            inAPISearch: hits.contains(id),
            inSearchPage: searchPage.text.contains("Vulkanforedraget mitt"),
            pageStatus: try await server.get("/resources/\(id)").status,
            apiStatus: try await server.get("/api/resources/\(id)").status,
            listIdentifiers: try await server.get("/oai?verb=ListIdentifiers&metadataPrefix=oai_dc").text,
            getRecord: try await server.get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:\(id)").text,
            cloneStatus: clone.status)
    }

    @Test("student pushes → not public → teacher approves → public with pseudonym only → student withdraws → gone, a deleted record for harvesters")
    func studentFlow() async throws {
        let server = try await ServerFixture(resources: ["brok-med-pizza"], configurationText: OAIEndpointTests.configuration)
        defer { Task { await server.stop() } }
        try server.user("ada", .administrator)
        try server.user("kari", .teacher)
        let ola = try server.user("ola", .student)
        #expect(ola.displayName == Self.realName && ola.pseudonym == Self.pseudonym)
        let olasToken = try server.token(for: "ola").secret

        // An administrator makes the pupil's repository.
        let made = try await Self.allmenning(["repositories", "add", Self.repository, "--owner", "ola", "--as", "ada"], server)
        #expect(made.status == 0, "\(made.errors)")
        #expect(try server.catalogue.auditEntries(since: nil, limit: nil).contains { $0.action == "repository.add" && $0.details["owner"] == "ola" })

        // The pupil's first version has their e-mail address in it; their manifest says
        // `kind: teacher`, so the privacy plugin only warns and the push goes through.
        let work = server.folder.appending("ola-arbeid")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try GitCommandLine.run(["init", "-q", "-b", "main"], in: work)
        try GitCommandLine.write(Self.manifest(), to: "resource.yaml", in: work)
        try GitCommandLine.write(Self.page + "\nSpørsmål? Skriv til ola.hansen77@gmail.com\n", to: "index.md", in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Foredraget"], in: work)
        let pushed = try await GitHTTPTests.git(["push", Self.pushURL(server, token: olasToken), "main"], in: work)
        #expect(pushed.status == 0, "\(pushed.errors)")
        #expect(pushed.errors.contains("Only you and the teachers at your school see it until a teacher approves"), "\(pushed.errors)")

        // Not public: nowhere to be found.
        var view = try await Self.publicView(server)
        #expect(!view.inAPISearch && !view.inSearchPage)
        #expect(view.pageStatus == 404 && view.apiStatus == 404)
        #expect(!view.listIdentifiers.contains(Self.id))
        #expect(view.getRecord.contains("idDoesNotExist"), "\(view.getRecord)")
        #expect(view.cloneStatus == 404)

        // The teacher's approval is refused while the e-mail address is there, saying where.
        let blocked = try await Self.allmenning(["publish-approve", Self.id, "--as", "kari"], server)
        #expect(blocked.status == 1, "\(blocked.output) \(blocked.errors)")
        #expect(blocked.errors.contains("personal data") && blocked.errors.contains("index.md:5 [privacy."), "\(blocked.errors)")
        // The same through the API (422, naming file and line), and on the teacher's page: the
        // finding, and no approval form.
        let karisToken = try server.token(for: "kari").secret
        let api = Browser(port: server.port)
        api.origin = nil
        let blockedByAPI = try await api.request("POST", "/api/resources/\(Self.id)/publication-approval", extraHeaders: ["Authorization: Bearer \(karisToken)"], language: "en")
        #expect(blockedByAPI.status == 422 && blockedByAPI.text.contains("index.md:5 [privacy."), "\(blockedByAPI.status) \(blockedByAPI.text)")
        let teachersPage = try await api.request("GET", "/resources/\(Self.id)?lang=en", extraHeaders: ["Authorization: Bearer \(karisToken)"], language: "en")
        #expect(teachersPage.status == 200 && teachersPage.text.contains("Findings about personal data in this version stop approval"))
        #expect(teachersPage.text.contains("<code>index.md:5</code>") && !teachersPage.text.contains("/publication/approve?"))
        #expect(try await Self.publicView(server).pageStatus == 404)
        // The pupil may not approve their own.
        let own = try await Self.allmenning(["publish-approve", Self.id, "--as", "ola"], server)
        #expect(own.status == 1)
        #expect(own.errors.contains("Only a teacher at the student's school"), "\(own.errors)")
        #expect(!own.errors.contains(Self.realName))

        // The pupil takes the address out; the teacher approves (by repository name).
        try GitCommandLine.write(Self.page, to: "index.md", in: work)
        try GitCommandLine.run(["commit", "-q", "-am", "Uten e-post"], in: work)
        let fixed = try await GitHTTPTests.git(["push", Self.pushURL(server, token: olasToken), "main"], in: work)
        #expect(fixed.status == 0, "\(fixed.errors)")
        let approved = try await Self.allmenning(["publish-approve", Self.repository, "--as", "kari", "--format", "json"], server)
        #expect(approved.status == 0, "\(approved.errors)")
        let decision = try JSONSerialization.jsonObject(with: Data(approved.output.utf8)) as? [String: Any] ?? [:]
        #expect(decision["public"] as? Bool == true && decision["changed"] as? Bool == true)
        #expect((decision["approved"] as? [String: Any])?["by"] as? String == "kari")

        // Public, and credited by pseudonym only: the page (with its JSON-LD and attribution),
        // the JSON API, OAI-PMH in both formats, search.
        view = try await Self.publicView(server)
        #expect(view.inAPISearch && view.inSearchPage)
        #expect(view.pageStatus == 200 && view.apiStatus == 200 && view.cloneStatus == 200)
        #expect(view.listIdentifiers.contains(Self.id))
        let outputs = [
            ("page", try await server.get("/resources/\(Self.id)").text),
            ("API", try await server.get("/api/resources/\(Self.id)").text),
            ("oai_dc", try await server.get("/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:\(Self.id)").text),
            ("LOM", try await server.get("/oai?verb=GetRecord&metadataPrefix=lom&identifier=oai:127.0.0.1:\(Self.id)").text),
            ("search", try await server.get("/api/search?q=vulkanforedraget").text),
            ("ListRecords", try await server.get("/oai?verb=ListRecords&metadataPrefix=lom").text),
        ]
        for (name, text) in outputs {
            #expect(!text.contains("Hansen"), "\(name) shows the pupil's name")
            #expect(!text.contains("ola.hansen"), "\(name) shows the pupil's e-mail address")
        }
        for (name, text) in outputs.prefix(4) {
            #expect(text.contains(Self.pseudonym), "\(name) credits the pupil by pseudonym")
        }
        let clone = server.folder.appending("klone")
        let cloned = try await GitHTTPTests.git(["clone", "-q", "http://127.0.0.1:\(server.port)/git/\(Self.repository).git", clone.path], in: server.folder.url)
        #expect(cloned.status == 0, "\(cloned.errors)")

        // The pupil withdraws it (with their token, as a script would).
        let withdrawn = try await Self.allmenning(["withdraw", Self.id], server, environment: ["ALLMENNING_TOKEN": olasToken])
        #expect(withdrawn.status == 0, "\(withdrawn.errors)")
        view = try await Self.publicView(server)
        #expect(!view.inAPISearch && !view.inSearchPage)
        #expect(view.pageStatus == 404 && view.apiStatus == 404 && view.cloneStatus == 404)
        #expect(view.getRecord.contains("status=\"deleted\""), "\(view.getRecord)")
        let listed = try #require(view.listIdentifiers.components(separatedBy: "<header").first { $0.contains(Self.id) })
        #expect(listed.contains("status=\"deleted\""), "\(listed)")

        // For good: pushing again is refused, and the teacher cannot approve it back.
        try GitCommandLine.write(Self.page + "\nMer om vulkaner.\n", to: "index.md", in: work)
        try GitCommandLine.run(["commit", "-q", "-am", "Mer"], in: work)
        let again = try await GitHTTPTests.git(["push", Self.pushURL(server, token: olasToken), "main"], in: work)
        #expect(again.status != 0)
        #expect(again.errors.contains("has been withdrawn"), "\(again.errors)")
        let reapproved = try await Self.allmenning(["publish-approve", Self.id, "--as", "kari"], server)
        #expect(reapproved.status == 1 && reapproved.errors.contains("withdrawn"), "\(reapproved.errors)")

        // The decisions are in the audit log, by whom.
        let log = try server.catalogue.auditEntries(since: nil, limit: nil)
        #expect(log.filter { $0.action == "publication.approve" }.map(\.actor) == ["kari"])
        #expect(log.filter { $0.action == "resource.withdraw" }.map(\.actor) == ["ola"])
    }
}
