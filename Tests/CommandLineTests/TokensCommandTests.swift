import AllmenningCatalogue
import Foundation
import GRDB
import Testing

/// An installation with a school, an administrator (ada), a teacher (kari) and a student (ola),
/// made in its catalogue as `organisations add` and `users add` make them (AccountsCommandTests
/// runs those commands themselves).
func makeAccounts(in data: URL) throws {
    let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
    _ = try store.addOrganisation(NewOrganisation(name: "nygard-skole", displayName: "Nygård skole", kind: .school), by: .installation, at: Date())
    let ada = try store.addUser(NewUser(userName: "ada", displayName: "Ada Lovelace", role: .administrator, organisation: "nygard-skole"),
                                by: .installation, at: Date())
    _ = try store.addUser(NewUser(userName: "kari", displayName: "Kari Nordmann", role: .teacher, organisation: "nygard-skole"), by: .user(ada.id), at: Date())
    _ = try store.addUser(NewUser(userName: "ola", displayName: "Ola Nordmann", role: .student, organisation: "nygard-skole", pseudonym: "Elev 9B-3"),
                          by: .user(ada.id), at: Date())
}

@Suite("allmenning tokens: add, list, revoke, for users")
struct TokensCommandTests {
    @Test("add prints a user's token once (alone on standard output); list shows it without the token; revoke by name ends it")
    func addListRevoke() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let added = try Allmenning.run(["tokens", "add", "laptop", "--as", "kari", "--data", data.path])
            expectExit(added, 0)
            let secret = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(secret.hasPrefix("allm_") && !secret.contains(" "), "\(added)")
            #expect(added.stderr.contains("shown only this once") && added.stderr.contains("for kari"))

            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            guard case .valid(let token, let user) = try store.checkToken(secret, at: Date()) else { Issue.record("the printed token is valid"); return }
            #expect(token.name == "laptop" && user.userName == "kari")

            // The token itself says who acts.
            let list = try Allmenning.run(["tokens", "list", "--data", data.path, "--format", "json"], environment: ["ALLMENNING_TOKEN": secret])
            expectExit(list, 0)
            let tokens = try #require(try list.json()["tokens"] as? [[String: Any]])
            #expect(tokens.count == 1)
            #expect(tokens.first?["name"] as? String == "laptop" && tokens.first?["user"] as? String == "kari")
            #expect(tokens.first?["state"] as? String == "active")
            #expect(tokens.first?["expiresAt"] is NSNull)
            #expect(!list.stdout.contains(secret))
            let text = try Allmenning.run(["tokens", "list", "--data", data.path, "--token", secret])
            #expect(text.stdout.contains("laptop") && text.stdout.contains("kari") && text.stdout.contains("active") && !text.stdout.contains(secret))

            expectExit(try Allmenning.run(["tokens", "revoke", "laptop", "--token", secret, "--data", data.path]), 0)
            guard case .revoked = try store.checkToken(secret, at: Date()) else { Issue.record("revoked"); return }
            // Reused after revocation, it no longer says who anyone is.
            let reused = try Allmenning.run(["tokens", "list", "--data", data.path, "--token", secret])
            expectExit(reused, 2)
            #expect(reused.stderr.contains("revoked"))
            let after = try Allmenning.run(["tokens", "list", "--data", data.path, "--format", "json", "--as", "kari"])
            #expect((try after.json()["tokens"] as? [[String: Any]])?.first?["state"] as? String == "revoked")
        }
    }

    @Test("--format json carries the token, its id and expiry; revoke by id; a second live token of one name, an unknown token and a bad expiry exit 2")
    func jsonAndRefusals() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let added = try Allmenning.run(["tokens", "add", "ci", "--user", "kari", "--expires-in-days", "30", "--format", "json", "--as", "ada", "--data", data.path])
            expectExit(added, 0)
            let object = try added.json()
            let secret = try #require(object["token"] as? String)
            let id = try #require(object["id"] as? Int)
            #expect(object["user"] as? String == "kari")
            let expiry = try #require(object["expiresAt"] as? String)
            let expires = try Date(expiry, strategy: .iso8601)
            #expect(abs(expires.timeIntervalSinceNow - 30 * 86_400) < 120)

            let twice = try Allmenning.run(["tokens", "add", "ci", "--as", "kari", "--data", data.path])
            expectExit(twice, 2)
            #expect(twice.stderr.contains("already"))
            expectExit(try Allmenning.run(["tokens", "add", "x", "--expires-in-days", "0", "--as", "kari", "--data", data.path]), 2)
            expectExit(try Allmenning.run(["tokens", "add", "42", "--as", "kari", "--data", data.path]), 2)
            expectExit(try Allmenning.run(["tokens", "add", "x", "--user", "ingen", "--as", "ada", "--data", data.path]), 2)

            let revoked = try Allmenning.run(["tokens", "revoke", String(id), "--as", "kari", "--format", "json", "--data", data.path])
            expectExit(revoked, 0)
            #expect(try revoked.json()["state"] as? String == "revoked")
            let store = try SQLiteCatalogue(file: data.appendingPathComponent("catalogue.sqlite"))
            guard case .revoked = try store.checkToken(secret, at: Date()) else { Issue.record("revoked by id"); return }
            expectExit(try Allmenning.run(["tokens", "revoke", "ingen", "--as", "kari", "--data", data.path]), 2)
        }
    }

    @Test("everyone manages their own tokens, only administrators other people's: refusals exit 1 with the reason")
    func othersTokens() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let olas = try Allmenning.run(["tokens", "add", "mobil", "--as", "ola", "--format", "json", "--data", data.path])
            expectExit(olas, 0)
            let id = try #require(try olas.json()["id"] as? Int)
            for arguments in [["tokens", "add", "x", "--user", "ola", "--as", "kari"], ["tokens", "list", "--user", "ola", "--as", "kari"],
                              ["tokens", "list", "--all", "--as", "kari"], ["tokens", "revoke", String(id), "--as", "kari"],
                              ["tokens", "revoke", "mobil", "--user", "ola", "--as", "kari"],
                              // Whether a user exists is not told to those who may not manage them.
                              ["tokens", "list", "--user", "ingen", "--as", "kari"]] {
                let refused = try Allmenning.run(arguments + ["--data", data.path])
                expectExit(refused, 1)
                #expect(refused.stderr.contains("only an administrator may manage other people's"), "\(refused)")
            }
            let all = try Allmenning.run(["tokens", "list", "--all", "--as", "ada", "--format", "json", "--data", data.path])
            expectExit(all, 0)
            #expect((try all.json()["tokens"] as? [[String: Any]])?.count == 1)
            // Without saying who: refused, and told how to say it.
            let nobody = try Allmenning.run(["tokens", "add", "x", "--data", data.path])
            expectExit(nobody, 1)
            #expect(nobody.stderr.contains("--as USER"), "\(nobody)")
            expectExit(try Allmenning.run(["tokens", "revoke", String(id), "--as", "ada", "--data", data.path]), 0)
        }
    }

    @Test("a token made before accounts is listed as without user, refused for acting, and revoked by an administrator by id")
    func tokensWithoutUser() throws {
        try withTemporaryDirectory { folder in
            let data = folder.appendingPathComponent("data")
            try makeAccounts(in: data)
            let old = TokenSecret.generate()
            try DatabaseQueue(path: data.appendingPathComponent("catalogue.sqlite").path).write { db in
                try db.execute(sql: "INSERT INTO access_tokens (name, hash, created_at) VALUES ('Kari Nordmann', ?, '2025-06-01T10:00:00Z')",
                               arguments: [TokenSecret.hash(old)])
            }
            let acting = try Allmenning.run(["tokens", "list", "--token", old, "--data", data.path])
            expectExit(acting, 2)
            #expect(acting.stderr.contains("belongs to no one"), "\(acting)")
            let all = try Allmenning.run(["tokens", "list", "--all", "--as", "ada", "--format", "json", "--data", data.path])
            let token = try #require((try all.json()["tokens"] as? [[String: Any]])?.first)
            #expect(token["state"] as? String == "without-user" && token["user"] is NSNull)
            expectExit(try Allmenning.run(["tokens", "revoke", String(try #require(token["id"] as? Int)), "--as", "kari", "--data", data.path]), 1)
            expectExit(try Allmenning.run(["tokens", "revoke", String(try #require(token["id"] as? Int)), "--as", "ada", "--data", data.path]), 0)
        }
    }
}
