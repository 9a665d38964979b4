import AllmenningCatalogue
import AllmenningCore
import Crypto
import Foundation
import GitTestSupport
import Testing

/// Forges' push events against the real server, with local bare repositories standing in for
/// the forges' repositories (allowed in config.yaml by their paths).
@Suite("Webhooks: Gitea, GitHub and GitLab push events, verified, fetched and indexed", .serialized)
struct WebhookTests {
    static let secrets = ["gitea": "gitea-hemmelighet-0123456789", "github": "github-hemmelighet-0123456789", "gitlab": "gitlab-hemmelighet-0123456789"]

    /// The "forges": a folder of bare repositories, one Content/ resource each.
    let remotes: TemporaryFolder
    let server: ServerFixture

    init() async throws {
        remotes = try TemporaryFolder()
        // GitHub's entry allows a plain path, the others file:// addresses.
        let configuration = """
        webhooks:
          gitea:
            secret: \(Self.secrets["gitea"]!)
            repositories: ["file://\(remotes.url.path)/"]
          github:
            secret: \(Self.secrets["github"]!)
            repositories: ["\(remotes.url.path)/"]
          gitlab:
            secret: \(Self.secrets["gitlab"]!)
            repositories: ["file://\(remotes.url.path)/"]
        """
        server = try await ServerFixture(resources: [], configurationText: configuration)
    }

    func remote(_ resource: String) throws -> URL {
        let bare = remotes.appending("\(resource).git")
        if !FileManager.default.fileExists(atPath: bare.path) {
            _ = try ServerFixture.bareRepository(of: resource, at: bare, scratch: remotes)
        }
        return bare
    }

    static func head(_ repository: URL) throws -> String {
        try GitCommandLine.run(["rev-parse", "main"], in: repository).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func payload(_ forge: String, address: String, after: String, ref: String = "refs/heads/main") -> Data {
        let object: [String: Any]
        if forge == "gitlab" {
            object = ["object_kind": "push", "ref": ref, "before": String(repeating: "0", count: 40), "after": after,
                      "project": ["path_with_namespace": "skole/ressurs", "git_http_url": address, "default_branch": "main"]]
        } else {
            object = ["ref": ref, "before": String(repeating: "0", count: 40), "after": after,
                      "repository": ["full_name": "skole/ressurs", "clone_url": address, "default_branch": "main"]]
        }
        return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    }

    /// The headers a forge sends with `body`, signed with `secret`.
    static func headers(_ forge: String, body: Data, secret: String, event: String? = nil) -> [String] {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        let hex = mac.map { String(format: "%02x", $0) }.joined()
        switch forge {
        case "gitea": return ["X-Gitea-Event: \(event ?? "push")", "X-Gitea-Signature: \(hex)"]
        case "github": return ["X-GitHub-Event: \(event ?? "push")", "X-Hub-Signature-256: sha256=\(hex)"]
        default: return ["X-Gitlab-Event: \(event ?? "Push Hook")", "X-Gitlab-Token: \(secret)"]
        }
    }

    func post(_ forge: String, body: Data, headers: [String], contentType: String = "application/json") async throws -> RawHTTP.Answer {
        try await RawHTTP.send(port: server.port, head: (["POST /hooks/\(forge) HTTP/1.1", "Content-Type: \(contentType)"] + headers).joined(separator: "\r\n"),
                             body: body)
    }

    func jobID(_ answer: RawHTTP.Answer) throws -> String {
        #expect(answer.status == 202, "\(answer.text)")
        let object = try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
        #expect(object["status"] as? String == "accepted")
        return try #require(object["job"] as? String)
    }

    func currentCommit(_ id: String) async throws -> String? {
        let answer = try await server.get("/api/resources/\(id)")
        guard answer.status == 200 else { return nil }
        return (try answer.json()["current"] as? [String: Any])?["commit"] as? String
    }

    var mirrors: URL { server.data.url.appendingPathComponent("mirrors") }

    @Test("Gitea: a signed push is fetched into a mirror and published; the next push brings the new version")
    func gitea() async throws {
        let remote = try remote("brok-med-pizza")
        let address = "file://\(remote.path)"
        let body = Self.payload("gitea", address: address, after: try Self.head(remote))
        let job = try jobID(try await post("gitea", body: body, headers: Self.headers("gitea", body: body, secret: Self.secrets["gitea"]!)))
        let outcome = try #require(await server.setup.mirrors.outcome(of: job))
        #expect(outcome.failure == nil)
        #expect(outcome.index?.status == .published, "\(String(describing: outcome.index?.message))")
        #expect(outcome.mirror.path.hasPrefix(mirrors.appendingPathComponent("local").path) && outcome.mirror.path.hasSuffix("brok-med-pizza.git"))
        #expect(try await currentCommit(PageTests.pizza) == (try Self.head(remote)))

        // A new version on the forge.
        let work = remotes.appending("arbeid")
        try GitCommandLine.run(["clone", "-q", remote.path, work.path], in: remotes.url)
        let file = work.appendingPathComponent("resource.yaml")
        try (try String(contentsOf: file, encoding: .utf8)).replacingOccurrences(of: "nb: Brøk med pizza\n", with: "nb: Brøk med pizza, del 2\n")
            .write(to: file, atomically: true, encoding: .utf8)
        try GitCommandLine.run(["commit", "-q", "-am", "Del 2"], in: work)
        try GitCommandLine.run(["push", "-q", "origin", "main"], in: work)
        let second = Self.payload("gitea", address: address, after: try Self.head(remote))
        let again = try jobID(try await post("gitea", body: second, headers: Self.headers("gitea", body: second, secret: Self.secrets["gitea"]!)))
        #expect(await server.setup.mirrors.outcome(of: again)?.index?.status == .published)
        #expect(try await currentCommit(PageTests.pizza) == (try Self.head(remote)))
        let resource = try await server.get("/api/resources/\(PageTests.pizza)").json()
        let title = (((resource["current"] as? [String: Any])?["manifest"] as? [String: Any])?["title"] as? [String: Any])?["nb"] as? String
        #expect(title == "Brøk med pizza, del 2")
    }

    @Test("GitHub: a signed push (JSON or form-encoded) is published; a ping is answered 204")
    func github() async throws {
        let remote = try remote("photosynthesis-explained")
        let body = Self.payload("github", address: remote.path, after: try Self.head(remote))
        let form = Data(("payload=" + String(decoding: body, as: UTF8.self).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).utf8)
        let job = try jobID(try await post("github", body: form, headers: Self.headers("github", body: form, secret: Self.secrets["github"]!),
                                   contentType: "application/x-www-form-urlencoded"))
        let outcome = try #require(await server.setup.mirrors.outcome(of: job))
        #expect(outcome.index?.status == .published, "\(String(describing: outcome.failure ?? outcome.index?.message))")
        let id = try #require(outcome.index?.resourceID)
        #expect(try await currentCommit(id) == (try Self.head(remote)))

        let again = try jobID(try await post("github", body: body, headers: Self.headers("github", body: body, secret: Self.secrets["github"]!)))
        #expect(await server.setup.mirrors.outcome(of: again)?.index?.status == .unchanged)

        let ping = Data(#"{"zen":"Keep it logically awesome.","hook_id":1}"#.utf8)
        let pong = try await post("github", body: ping, headers: Self.headers("github", body: ping, secret: Self.secrets["github"]!, event: "ping"))
        #expect(pong.status == 204)
    }

    @Test("GitLab: the right token is published, a wrong one is 401")
    func gitlab() async throws {
        let remote = try remote("fotosyntesen-forklarad")
        let body = Self.payload("gitlab", address: "file://\(remote.path)", after: try Self.head(remote))
        let wrong = try await post("gitlab", body: body, headers: ["X-Gitlab-Event: Push Hook", "X-Gitlab-Token: \(Self.secrets["gitea"]!)"])
        #expect(wrong.status == 401)
        #expect(!FileManager.default.fileExists(atPath: mirrors.path))

        let job = try jobID(try await post("gitlab", body: body, headers: Self.headers("gitlab", body: body, secret: Self.secrets["gitlab"]!)))
        let outcome = try #require(await server.setup.mirrors.outcome(of: job))
        #expect(outcome.index?.status == .published, "\(String(describing: outcome.failure ?? outcome.index?.message))")
        #expect(try await currentCommit(try #require(outcome.index?.resourceID)) == (try Self.head(remote)))
    }

    @Test("forged, missing or misplaced signatures are 401, and nothing is fetched", arguments: ["gitea", "github"])
    func forgedSignatures(forge: String) async throws {
        let remote = try remote("brok-med-pizza")
        let body = Self.payload(forge, address: forge == "gitea" ? "file://\(remote.path)" : remote.path, after: try Self.head(remote))
        let signed = Self.headers(forge, body: body, secret: Self.secrets[forge]!)
        let event = signed[0]
        let attempts: [(String, [String], Data)] = [
            ("no signature", [event], body),
            ("signed with another secret", Self.headers(forge, body: body, secret: "en-annen-hemmelighet-0123456789"), body),
            ("signature of another body", signed, body + Data(" ".utf8)),
            ("signature not hex", [event, forge == "gitea" ? "X-Gitea-Signature: \(String(repeating: "z", count: 64))" : "X-Hub-Signature-256: sha256=\(String(repeating: "z", count: 64))"], body),
            ("the other forge's header", Self.headers(forge == "gitea" ? "github" : "gitea", body: body, secret: Self.secrets[forge]!), body),
        ]
        for (what, headers, sent) in attempts {
            let answer = try await post(forge, body: sent, headers: headers)
            #expect(answer.status == 401, "\(what): \(answer.status) \(answer.text)")
        }
        #expect(!FileManager.default.fileExists(atPath: mirrors.path), "nothing was fetched")
        #expect(try await server.get("/api/resources/\(PageTests.pizza)").status == 404)
    }

    @Test("a signed event for an address outside the allow-list is 403 and fetches nothing")
    func unlistedAddresses() async throws {
        let remote = try remote("brok-med-pizza")
        let after = try Self.head(remote)
        // A repository beside the allowed folder, whose path starts like it.
        let beside = URL(fileURLWithPath: remotes.url.path + "-falsk/brok.git")
        defer { try? FileManager.default.removeItem(at: beside.deletingLastPathComponent()) }
        _ = try ServerFixture.bareRepository(of: "brok-med-pizza", at: beside, scratch: remotes)
        for address in ["https://forge.example.org/skole/brok.git", "file://\(beside.path)", beside.path,
                        "file://\(remotes.url.path)/../\(remotes.url.lastPathComponent)-falsk/brok.git",
                        "file://user:pass@\(remotes.url.path)/brok-med-pizza.git", "ssh://forge.example.org/brok.git"] {
            let body = Self.payload("gitea", address: address, after: after)
            let answer = try await post("gitea", body: body, headers: Self.headers("gitea", body: body, secret: Self.secrets["gitea"]!))
            #expect(answer.status == 403, "\(address): \(answer.status) \(answer.text)")
        }
        #expect(!FileManager.default.fileExists(atPath: mirrors.path))
    }

    @Test("a missing event header or a malformed body is 400, a push to another branch is ignored, an unknown forge is 404")
    func badRequests() async throws {
        let remote = try remote("brok-med-pizza")
        let secret = Self.secrets["gitea"]!
        let body = Self.payload("gitea", address: "file://\(remote.path)", after: try Self.head(remote))
        let noEvent = try await post("gitea", body: body, headers: [Self.headers("gitea", body: body, secret: secret)[1]])
        #expect(noEvent.status == 400)
        for malformed in [Data("{not json".utf8), Data("[]".utf8), Data(#"{"ref":"refs/heads/main"}"#.utf8),
                          Self.payload("gitea", address: "file://\(remote.path)", after: "not-a-commit")] {
            let answer = try await post("gitea", body: malformed, headers: Self.headers("gitea", body: malformed, secret: secret))
            #expect(answer.status == 400, "\(String(decoding: malformed, as: UTF8.self)): \(answer.status)")
        }
        let other = Self.payload("gitea", address: "file://\(remote.path)", after: try Self.head(remote), ref: "refs/heads/utkast")
        let ignored = try await post("gitea", body: other, headers: Self.headers("gitea", body: other, secret: secret))
        #expect(ignored.status == 200)
        #expect((try JSONSerialization.jsonObject(with: ignored.body) as? [String: Any])?["status"] as? String == "ignored")
        #expect(try await post("bitbucket", body: body, headers: []).status == 404)
        #expect(!FileManager.default.fileExists(atPath: mirrors.path))
    }
}

@Suite("Webhooks without configuration")
struct UnconfiguredWebhookTests {
    @Test("a forge that config.yaml does not name gets 404")
    func notConfigured() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        let answer = try await RawHTTP.send(port: server.port, head: "POST /hooks/gitea HTTP/1.1\r\nContent-Type: application/json\r\nX-Gitea-Event: push",
                                          body: Data("{}".utf8))
        #expect(answer.status == 404)
    }
}
