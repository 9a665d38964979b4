import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB
import Testing

/// The real git client against the real server: clone over http://, push with a token, and
/// the hooks in the served repository checking and publishing as they do for a local push.
@Suite("git over HTTP: clone, push with a token, refusals", .serialized)
struct GitHTTPTests {
    static let pizza = PageTests.pizza
    static let name = "brok-med-pizza"

    /// Runs git with the tests' fixed configuration (no prompts: a missing password fails),
    /// off the cooperative threads the server in this process answers on.
    static func git(_ arguments: [String], in directory: URL) async throws -> (status: Int32, output: String, errors: String) {
        try await offCooperativeThreads { try GitCommandLine.execute(arguments, in: directory) }
    }

    /// As `git`, failing the test when git fails.
    static func gitSucceeding(_ arguments: [String], in directory: URL) async throws {
        _ = try await offCooperativeThreads { try GitCommandLine.run(arguments, in: directory) }
    }

    static func cloneURL(_ server: ServerFixture, token: String? = nil, repository: String = name) -> String {
        "http://\(token.map { "laerer:\($0)@" } ?? "")127.0.0.1:\(server.port)/git/\(repository).git"
    }

    static func head(of repository: URL) throws -> String {
        try GitCommandLine.run(["rev-parse", "main"], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func currentCommit(_ server: ServerFixture) async throws -> (commit: String?, title: String?) {
        let resource = try await server.get("/api/resources/\(pizza)").json()
        let current = resource["current"] as? [String: Any]
        let title = ((current?["manifest"] as? [String: Any])?["title"] as? [String: Any])?["nb"] as? String
        return (current?["commit"] as? String, title)
    }

    @Test("clone over HTTP, change, push with a token: the change is on the resource page and in the API as soon as git push returns")
    func cloneChangePush() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        let token = try server.ownersToken(Self.name)
        let work = server.folder.appending("klone")

        let cloned = try await Self.git(["clone", Self.cloneURL(server), work.path], in: server.folder.url)
        #expect(cloned.status == 0, "\(cloned.errors)")
        #expect(FileManager.default.fileExists(atPath: work.appendingPathComponent("resource.yaml").path))

        let manifest = try String(contentsOf: work.appendingPathComponent("resource.yaml"), encoding: .utf8)
        try manifest.replacingOccurrences(of: "nb: Brøk med pizza\n", with: "nb: Brøk med pizza og brus\n")
            .write(to: work.appendingPathComponent("resource.yaml"), atomically: true, encoding: .utf8)
        try GitCommandLine.run(["commit", "-q", "-am", "Ny tittel"], in: work)
        let pushed = try await Self.git(["push", Self.cloneURL(server, token: token.secret), "main"], in: work)
        #expect(pushed.status == 0, "\(pushed.errors)")
        #expect(pushed.errors.contains("remote: Allmenning: main"), "the pre-receive hook checked it: \(pushed.errors)")
        #expect(pushed.errors.contains("remote: Allmenning: Published in the catalogue: \"Brøk med pizza og brus\""), "\(pushed.errors)")

        let pushedCommit = try Self.head(of: work)
        let (commit, title) = try await Self.currentCommit(server)
        #expect(commit == pushedCommit)
        #expect(title == "Brøk med pizza og brus")
        let page = try await server.get("/resources/\(Self.pizza)")
        #expect(page.status == 200)
        #expect(page.text.contains("Brøk med pizza og brus"))
        #expect(page.text.contains(String(pushedCommit.prefix(7))))
        // The token's use is on record.
        #expect(try server.catalogue.tokens(of: "kari").first?.lastUsedAt != nil)
    }

    @Test("a push with a blocking finding is refused: git shows the reasons with file and line, and nothing changes")
    func blockingFindingRefused() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        let token = try server.ownersToken(Self.name)
        let work = server.folder.appending("klone")
        try await Self.gitSucceeding(["clone", "-q", Self.cloneURL(server), work.path], in: server.folder.url)
        let bare = server.data.url.appendingPathComponent("repositories/\(Self.name).git")
        let before = try Self.head(of: bare)
        let (publishedBefore, _) = try await Self.currentCommit(server)

        let file = work.appendingPathComponent("resource.yaml")
        let manifest = try String(contentsOf: file, encoding: .utf8)
        try manifest.replacingOccurrences(of: "licence: CC-BY-SA-4.0", with: "licence: CC-BY-SA-9.9").write(to: file, atomically: true, encoding: .utf8)
        try GitCommandLine.run(["commit", "-q", "-am", "Feil lisens"], in: work)
        let refused = try await Self.git(["push", Self.cloneURL(server, token: token.secret), "main"], in: work)
        #expect(refused.status != 0)
        let licenceLine = try #require(manifest.components(separatedBy: "\n").firstIndex { $0.hasPrefix("licence:") }) + 1
        #expect(refused.errors.contains("remote: Allmenning: main"), "\(refused.errors)")
        #expect(refused.errors.contains("was not accepted"), "\(refused.errors)")
        #expect(refused.errors.contains("remote: Allmenning:   resource.yaml:\(licenceLine) [manifest.invalid-licence]"), "\(refused.errors)")
        #expect(refused.errors.contains("pre-receive hook declined"), "\(refused.errors)")
        #expect(try Self.head(of: bare) == before)
        #expect(try await Self.currentCommit(server).commit == publishedBefore)
    }

    @Test("without a token a push is answered 401 with a Basic challenge and git fails; clone stays public")
    func unauthenticatedPush() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        let work = server.folder.appending("klone")
        try await Self.gitSucceeding(["clone", "-q", Self.cloneURL(server), work.path], in: server.folder.url)
        try GitCommandLine.write("Mer tekst\n", to: "notater.md", in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Notater"], in: work)
        let bare = server.data.url.appendingPathComponent("repositories/\(Self.name).git")
        let before = try Self.head(of: bare)

        let pushed = try await Self.git(["push", Self.cloneURL(server), "main"], in: work)
        #expect(pushed.status != 0)
        #expect(pushed.errors.contains("could not read Username") || pushed.errors.contains("401"), "\(pushed.errors)")
        #expect(try Self.head(of: bare) == before)

        let advertisement = try await RawHTTP.send(port: server.port, head: "GET /git/\(Self.name).git/info/refs?service=git-receive-pack HTTP/1.1")
        #expect(advertisement.status == 401)
        #expect(advertisement.header("WWW-Authenticate")?.hasPrefix("Basic realm=\"Allmenning\"") == true)
        let post = try await RawHTTP.send(port: server.port, head: "POST /git/\(Self.name).git/git-receive-pack HTTP/1.1\r\nContent-Type: application/x-git-receive-pack-request",
                                        body: Data("0000".utf8))
        #expect(post.status == 401)
        // Fetching needs nothing.
        let upload = try await RawHTTP.send(port: server.port, head: "GET /git/\(Self.name).git/info/refs?service=git-upload-pack HTTP/1.1")
        #expect(upload.status == 200)
        #expect(upload.header("Content-Type") == "application/x-git-upload-pack-advertisement")
    }

    @Test("a wrong, revoked or expired token is answered 403 and git fails")
    func wrongToken() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        let revoked = try server.ownersToken(Self.name)
        _ = try server.catalogue.revokeToken(id: revoked.token.id, by: .installation, at: Date())
        let expired = try server.token(for: "kari", named: "vikar", expiresAt: Date().addingTimeInterval(-60), at: Date().addingTimeInterval(-3600))
        let work = server.folder.appending("klone")
        try await Self.gitSucceeding(["clone", "-q", Self.cloneURL(server), work.path], in: server.folder.url)
        try GitCommandLine.write("Mer tekst\n", to: "notater.md", in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Notater"], in: work)
        let bare = server.data.url.appendingPathComponent("repositories/\(Self.name).git")
        let before = try Self.head(of: bare)

        for secret in [TokenSecret.generate(), revoked.secret, expired.secret] {
            let pushed = try await Self.git(["push", Self.cloneURL(server, token: secret), "main"], in: work)
            #expect(pushed.status != 0)
            #expect(pushed.errors.contains("403"), "\(pushed.errors)")
            let basic = Data("laerer:\(secret)".utf8).base64EncodedString()
            let answer = try await RawHTTP.send(port: server.port, head: "GET /git/\(Self.name).git/info/refs?service=git-receive-pack HTTP/1.1\r\nAuthorization: Basic \(basic)")
            #expect(answer.status == 403)
        }
        #expect(try Self.head(of: bare) == before)
    }

    /// What the server answers a push's first request (receive-pack's advertisement) with
    /// this token, or without one.
    static func pushAnswer(_ server: ServerFixture, secret: String?, repository: String = name) async throws -> RawHTTP.Answer {
        let authorisation = secret.map { "\r\nAuthorization: Basic " + Data("laerer:\($0)".utf8).base64EncodedString() } ?? ""
        return try await RawHTTP.send(port: server.port, head: "GET /git/\(repository).git/info/refs?service=git-receive-pack HTTP/1.1\r\nAccept-Language: en\(authorisation)")
    }

    @Test("a token that worked is refused (403) once it is revoked, and once its user is revoked; a token of no user is refused saying to get a new one")
    func reuseAfterRevocation() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        let token = try server.ownersToken(Self.name)
        #expect(try await Self.pushAnswer(server, secret: token.secret).status == 200)
        _ = try server.catalogue.revokeToken(id: token.token.id, by: .installation, at: Date())
        let reused = try await Self.pushAnswer(server, secret: token.secret)
        #expect(reused.status == 403)
        #expect(reused.text.contains("revoked"), "\(reused.text)")

        let second = try server.token(for: "kari", named: "ci")
        #expect(try await Self.pushAnswer(server, secret: second.secret).status == 200)
        _ = try server.catalogue.revokeUser(named: "kari", by: .installation, at: Date())
        #expect(try await Self.pushAnswer(server, secret: second.secret).status == 403)

        // A token as catalogue version 3 made it: no user.
        let old = TokenSecret.generate()
        try await DatabaseQueue(path: server.catalogue.file.path).write { db in
            try db.execute(sql: "INSERT INTO access_tokens (name, hash, created_at) VALUES ('Kari Nordmann', ?, '2025-06-01T10:00:00Z')",
                           arguments: [TokenSecret.hash(old)])
        }
        let ownerless = try await Self.pushAnswer(server, secret: old)
        #expect(ownerless.status == 403)
        #expect(ownerless.text.contains("belongs to no one") && ownerless.text.contains("tokens add NAME --user USER"), "\(ownerless.text)")
    }

    @Test("push is allowed or refused as the README's push rows say, for every role and nobody (401)")
    func pushMatrix() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        let actors: [String: Role] = ["student": .student, "teacher": .teacher, "reviewer": .reviewer, "administrator": .administrator]
        var secrets: [String: String] = [:]
        for (column, role) in actors {
            try server.user("aktor-\(column)", role)
            secrets[column] = try server.token(for: "aktor-\(column)").secret
        }
        try server.user("kollega", .teacher)
        let rows = try RolesTable().rows.filter { $0.action == "push" }
        #expect(rows.count == 3)
        for row in rows {
            for (column, expected) in row.allowed {
                let owner: String? = switch row.situation {
                case "own": column == "nobody" ? "kollega" : "aktor-\(column)"
                case "a colleague's": "kollega"
                case "no user's": nil
                default: "unknown situation \(row.situation)"
                }
                try server.give(Self.name, to: owner)
                let answer = try await Self.pushAnswer(server, secret: secrets[column])
                let wanted = expected ? 200 : (column == "nobody" ? 401 : 403)
                #expect(answer.status == wanted, "README.md:\(row.line): push to \(row.situation) by \(column): \(answer.status) \(answer.text)")
                if answer.status == 403 { #expect(answer.text.contains("push"), "the reason: \(answer.text)") }
            }
        }
    }

    @Test("a push the policy refuses fails in git with the reason, and nothing changes; the owner's push of the same commit goes through")
    func refusedByPolicy() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        try server.user("per", .teacher)
        let pers = try server.token(for: "per")
        let work = server.folder.appending("klone")
        try await Self.gitSucceeding(["clone", "-q", Self.cloneURL(server), work.path], in: server.folder.url)
        try GitCommandLine.write("Mer tekst\n", to: "notater.md", in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Notater"], in: work)
        let bare = server.data.url.appendingPathComponent("repositories/\(Self.name).git")
        let before = try Self.head(of: bare)

        // Seeded: nobody's, so only administrators may push.
        let refused = try await Self.git(["push", Self.cloneURL(server, token: pers.secret), "main"], in: work)
        #expect(refused.status != 0)
        #expect(refused.errors.contains("403"), "\(refused.errors)")
        // git shows the reason (in the language its locale asks for; the command is the same in both).
        #expect(refused.errors.contains("remote:") && refused.errors.contains("allmenning seed"), "\(refused.errors)")
        #expect(try Self.head(of: bare) == before)
        let answer = try await Self.pushAnswer(server, secret: pers.secret)
        #expect(answer.text.contains("belongs to no user") && answer.text.contains("allmenning fork"), "\(answer.text)")

        let karis = try server.ownersToken(Self.name)
        let theirs = try await Self.pushAnswer(server, secret: pers.secret)
        #expect(theirs.status == 403 && theirs.text.contains("belongs to \"kari\""), "\(theirs.text)")
        let pushed = try await Self.git(["push", Self.cloneURL(server, token: karis.secret), "main"], in: work)
        #expect(pushed.status == 0, "\(pushed.errors)")
        #expect(try Self.head(of: bare) == (try Self.head(of: work)))
    }

    @Test("path traversal, escaped dots, unsafe and unknown names are 404 before git runs; a repository outside the folder stays out of reach")
    func badNames() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        // A real repository beside repositories/, which a traversal would reach.
        _ = try ServerFixture.bareRepository(of: Self.name, at: server.data.url.appendingPathComponent("hemmelig.git"), scratch: server.folder)
        let service = "info/refs?service=git-upload-pack"
        let paths = [
            "/git/../hemmelig.git/\(service)",
            "/git/%2e%2e/hemmelig.git/\(service)",
            "/git/..%2Fhemmelig.git/\(service)",
            "/git/%2E%2E%2Fhemmelig.git/\(service)",
            "/git/..%5Chemmelig.git/\(service)",
            "/git/.git/\(service)",
            "/git/..git/\(service)",
            "/git/finnes-ikke.git/\(service)",
            "/git/\(Self.name)/\(service)",
            "/git/\(Self.name).git%00/\(service)",
            "/git/brok%2Dmed%2Dpizza.git/\(service)",
            "/git/\(Self.name).git/info/refs",
            "/git/\(Self.name).git/info/refs?service=git-upload-archive",
            "/git/\(Self.name).git/HEAD",
            "/git/\(Self.name).git/objects/info/packs",
            "/git/\(Self.name).git/config",
            "/git/\(Self.name).git/hooks/pre-receive",
        ]
        for path in paths {
            let answer = try await RawHTTP.send(port: server.port, head: "GET \(path) HTTP/1.1")
            #expect(answer.status == 404, "\(path): \(answer.status) \(answer.text)")
            #expect(!answer.text.contains("refs/heads/main"), "\(path) gave away refs")
        }
        let post = try await RawHTTP.send(port: server.port, head: "POST /git/..%2Fhemmelig.git/git-upload-pack HTTP/1.1\r\nContent-Type: application/x-git-upload-pack-request",
                                        body: Data("0000".utf8))
        #expect(post.status == 404)
        // The real one answers.
        #expect(try await RawHTTP.send(port: server.port, head: "GET /git/\(Self.name).git/\(service) HTTP/1.1").status == 200)
        let cloneOutside = try await Self.git(["clone", "http://127.0.0.1:\(server.port)/git/../hemmelig.git", server.folder.appending("ut").path], in: server.folder.url)
        #expect(cloneOutside.status != 0)
    }

    @Test("a push over the size limit is answered 413, whether its length is declared or it streams; git fails, nothing is left behind, and the server keeps serving")
    func oversizedPush() async throws {
        let limit = 400_000
        let server = try await ServerFixture(resources: [], hosted: [Self.name], maxPushBytes: limit)
        defer { Task { await server.stop() } }
        let token = try server.ownersToken(Self.name)
        let basic = "Authorization: Basic " + Data("kari:\(token.secret)".utf8).base64EncodedString()
        let route = "POST /git/\(Self.name).git/git-receive-pack HTTP/1.1\r\nContent-Type: application/x-git-receive-pack-request\r\n\(basic)"
        let large = Self.randomBytes(limit + 100_000)

        let declared = try await RawHTTP.send(port: server.port, head: route, body: large)
        #expect(declared.status == 413)
        let streamed = try await RawHTTP.send(port: server.port, head: route, body: large, chunked: true)
        #expect(streamed.status == 413)

        // git sends a pack larger than its post buffer (1 MiB) chunked: the server cuts it off
        // in the middle.
        let work = server.folder.appending("klone")
        try await Self.gitSucceeding(["clone", "-q", Self.cloneURL(server), work.path], in: server.folder.url)
        try Self.randomBytes(1_500_000).write(to: work.appendingPathComponent("media/stor.bin"))
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Stor fil"], in: work)
        let bare = server.data.url.appendingPathComponent("repositories/\(Self.name).git")
        let before = try Self.head(of: bare)
        let pushed = try await Self.git(["push", Self.cloneURL(server, token: token.secret), "main"], in: work)
        #expect(pushed.status != 0)
        #expect(pushed.errors.contains("413"), "\(pushed.errors)")
        #expect(try Self.head(of: bare) == before)
        let objects = try FileManager.default.contentsOfDirectory(atPath: bare.appendingPathComponent("objects").path)
        #expect(!objects.contains { $0.contains("incoming") }, "receive-pack's quarantine is removed: \(objects)")

        // Still serving: pages, clones, and a push within the limit.
        #expect(try await server.get("/api/resources/\(Self.pizza)").status == 200)
        try GitCommandLine.run(["reset", "-q", "--hard", "HEAD~1"], in: work)
        try GitCommandLine.write("Litt mer\n", to: "notater.md", in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Notater"], in: work)
        let small = try await Self.git(["push", Self.cloneURL(server, token: token.secret), "main"], in: work)
        #expect(small.status == 0, "\(small.errors)")
        #expect(try Self.head(of: bare) == (try Self.head(of: work)))
    }

    @Test("clones and a push at the same time each get their own, whole answer")
    func concurrentRequests() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name, "photosynthesis-explained"])
        defer { Task { await server.stop() } }
        let token = try server.ownersToken(Self.name)
        let work = server.folder.appending("klone")
        try await Self.gitSucceeding(["clone", "-q", Self.cloneURL(server), work.path], in: server.folder.url)
        try GitCommandLine.write("Samtidig\n", to: "notater.md", in: work)
        try GitCommandLine.run(["add", "-A"], in: work)
        try GitCommandLine.run(["commit", "-q", "-m", "Samtidig"], in: work)
        let folder = server.folder.url, pushURL = Self.cloneURL(server, token: token.secret)
        let results = try await withThrowingTaskGroup(of: (String, Int32, String).self) { group in
            for number in 0..<4 {
                let repository = number % 2 == 0 ? Self.name : "photosynthesis-explained"
                let url = Self.cloneURL(server, repository: repository)
                group.addTask {
                    let result = try await Self.git(["clone", "-q", url, folder.appendingPathComponent("samtidig-\(number)").path], in: folder)
                    return ("clone \(number)", result.status, result.errors)
                }
            }
            group.addTask {
                let result = try await Self.git(["push", pushURL, "main"], in: work)
                return ("push", result.status, result.errors)
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (what, status, errors) in results { #expect(status == 0, "\(what): \(errors)") }
        for number in 0..<4 {
            let clone = folder.appendingPathComponent("samtidig-\(number)")
            // Throws when the cloned objects are not whole.
            try GitCommandLine.run(["fsck", "--no-progress"], in: clone)
            let manifest = try String(contentsOf: clone.appendingPathComponent("resource.yaml"), encoding: .utf8)
            #expect(manifest.contains(number % 2 == 0 ? "Brøk med pizza" : "Photosynthesis"), "clone \(number) has its own repository")
        }
        #expect(try Self.head(of: server.data.url.appendingPathComponent("repositories/\(Self.name).git")) == (try Self.head(of: work)))
    }

    @Test("a push to a repository without Allmenning's hooks is refused: it would not be checked")
    func unhookedRepository() async throws {
        let server = try await ServerFixture(resources: [], hosted: [Self.name])
        defer { Task { await server.stop() } }
        let token = try server.ownersToken(Self.name)
        let bare = server.data.url.appendingPathComponent("repositories/\(Self.name).git")
        try FileManager.default.removeItem(at: bare.appendingPathComponent("hooks/pre-receive"))
        let basic = "Authorization: Basic " + Data("kari:\(token.secret)".utf8).base64EncodedString()
        let answer = try await RawHTTP.send(port: server.port, head: "GET /git/\(Self.name).git/info/refs?service=git-receive-pack HTTP/1.1\r\n\(basic)")
        #expect(answer.status == 403)
        #expect(answer.text.contains("hooks install"))
    }

    static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            let word = generator.next() as UInt64
            for shift in stride(from: 0, to: 64, by: 8) where bytes.count < count { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Data(bytes)
    }
}
