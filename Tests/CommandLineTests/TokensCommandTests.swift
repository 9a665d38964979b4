import AllmenningCatalogue
import Foundation
import Testing

@Suite("allmenning tokens: add, list, revoke")
struct TokensCommandTests {
    @Test("add prints the token once (alone on standard output); list shows it without the token; revoke by name ends it")
    func addListRevoke() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let added = try Allmenning.run(["tokens", "add", "Kari Nordmann", "--data", data.path])
            expectExit(added, 0)
            let secret = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.hasPrefix("allm_") && !secret.contains(" "), "\(added)")
            #expect(added.stderr.contains("shown only this once"))

            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            guard case .valid(let token) = try store.checkToken(secret, at: Date()) else { Issue.record("the printed token is valid"); return }
            #expect(token.name == "Kari Nordmann")

            let list = try Allmenning.run(["tokens", "list", "--data", data.path, "--format", "json"])
            expectExit(list, 0)
            let tokens = try #require(try list.json()["tokens"] as? [[String: Any]])
            #expect(tokens.count == 1)
            #expect(tokens.first?["name"] as? String == "Kari Nordmann")
            #expect(tokens.first?["state"] as? String == "active")
            #expect(tokens.first?["expiresAt"] is NSNull)
            #expect(!list.stdout.contains(secret))
            let text = try Allmenning.run(["tokens", "list", "--data", data.path])
            #expect(text.stdout.contains("Kari Nordmann") && text.stdout.contains("active") && !text.stdout.contains(secret))

            expectExit(try Allmenning.run(["tokens", "revoke", "Kari Nordmann", "--data", data.path]), 0)
            guard case .revoked = try store.checkToken(secret, at: Date()) else { Issue.record("revoked"); return }
            let after = try Allmenning.run(["tokens", "list", "--data", data.path, "--format", "json"])
            #expect((try after.json()["tokens"] as? [[String: Any]])?.first?["state"] as? String == "revoked")
        }
    }

    @Test("--format json carries the token, its id and expiry; revoke by id; a second live token of one name, an unknown token and a bad expiry exit 2")
    func jsonAndRefusals() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            let added = try Allmenning.run(["tokens", "add", "ci", "--expires-in-days", "30", "--format", "json", "--data", data.path])
            expectExit(added, 0)
            let object = try added.json()
            let secret = try #require(object["token"] as? String)
            let id = try #require(object["id"] as? Int)
            let expiry = try #require(object["expiresAt"] as? String)
            let expires = try Date(expiry, strategy: .iso8601)
            #expect(abs(expires.timeIntervalSinceNow - 30 * 86_400) < 120)

            let twice = try Allmenning.run(["tokens", "add", "ci", "--data", data.path])
            expectExit(twice, 2)
            #expect(twice.stderr.contains("exists already"))
            expectExit(try Allmenning.run(["tokens", "add", "x", "--expires-in-days", "0", "--data", data.path]), 2)
            expectExit(try Allmenning.run(["tokens", "add", "42", "--data", data.path]), 2)

            expectExit(try Allmenning.run(["tokens", "revoke", String(id), "--data", data.path]), 0)
            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            guard case .revoked = try store.checkToken(secret, at: Date()) else { Issue.record("revoked by id"); return }
            expectExit(try Allmenning.run(["tokens", "revoke", "ingen", "--data", data.path]), 2)
        }
    }
}
