import AllmenningCatalogue
import Foundation
import GitTestSupport
import GRDB
import Testing

@Suite("Access tokens: made once for a user, stored as hashes, expiring and revocable")
struct AccessTokenTests {
    let fixture: AccountsFixture
    var store: SQLiteCatalogue { fixture.store }

    init() throws {
        fixture = try AccountsFixture()
        for name in ["kari", "ola", "per"] { try fixture.user(name, .teacher) }
    }

    func add(_ name: String, for user: String = "kari", expiresAt: Date? = nil, at date: Date) throws -> IssuedToken {
        try store.addToken(named: name, for: user, expiresAt: expiresAt, by: .installation, at: date)
    }

    func revoke(_ name: String, of user: String = "kari", at date: Date) throws -> AccessToken? {
        try store.revokeToken(named: name, of: user, by: .installation, at: date)
    }

    let now = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("a new token checks as valid; the file holds its SHA-256 and never the token itself")
    func storedAsHash() throws {
        let issued = try add("laptop", at: now)
        #expect(issued.secret.hasPrefix(TokenSecret.prefix))
        #expect(issued.secret.count == TokenSecret.prefix.count + 43, "32 bytes in base64url without padding")
        guard case .valid(let token, let user) = try store.checkToken(issued.secret, at: now) else { Issue.record("a new token is valid"); return }
        #expect(token.id == issued.token.id && token.name == "laptop" && token.owner == "kari")
        #expect(user.userName == "kari" && user.role == .teacher)

        let queue = try DatabaseQueue(path: store.file.path)
        let hash = try queue.read { try Data.fetchOne($0, sql: "SELECT hash FROM access_tokens") }
        #expect(hash == TokenSecret.hash(issued.secret))
        // Nothing in the database file (or its write-ahead log) contains the token's text.
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: store.file.path + suffix))) ?? Data()
            #expect(bytes.range(of: Data(issued.secret.utf8)) == nil, "catalogue.sqlite\(suffix) has the token in clear text")
        }
    }

    @Test("two tokens are never the same, and a token that was never made is unknown")
    func randomAndUnknown() throws {
        let first = try add("a", at: now)
        let second = try add("b", at: now)
        #expect(first.secret != second.secret)
        #expect(try store.checkToken(TokenSecret.generate(), at: now) == .unknown)
        #expect(try store.checkToken(String(first.secret.dropLast()), at: now) == .unknown)
        #expect(try store.checkToken("", at: now) == .unknown)
    }

    @Test("a token stops working when it expires and when it is revoked, by name or by id")
    func expiryAndRevocation() throws {
        let expiring = try add("vikar", expiresAt: now.addingTimeInterval(3600), at: now)
        guard case .valid = try store.checkToken(expiring.secret, at: now.addingTimeInterval(3599)) else { Issue.record("valid before expiry"); return }
        guard case .expired = try store.checkToken(expiring.secret, at: now.addingTimeInterval(3600)) else { Issue.record("expired at expiry"); return }

        let byName = try add("ci", at: now)
        let revoked = try #require(try revoke("ci", at: now.addingTimeInterval(10)))
        #expect(revoked.id == byName.token.id)
        guard case .revoked = try store.checkToken(byName.secret, at: now.addingTimeInterval(11)) else { Issue.record("revoked by name"); return }

        let byID = try add("laptop", at: now)
        #expect(try store.revokeToken(id: byID.token.id, by: .installation, at: now)?.name == "laptop")
        guard case .revoked = try store.checkToken(byID.secret, at: now) else { Issue.record("revoked by id"); return }
        #expect(try revoke("nothing", at: now) == nil)
        #expect(try store.revokeToken(id: 999, by: .installation, at: now) == nil)
    }

    @Test("a name stands for one live token of a user: a second is refused until the first is revoked or has expired; another user may use the name")
    func namesAreUnique() throws {
        let first = try add("laptop", expiresAt: now.addingTimeInterval(60), at: now)
        #expect(throws: CatalogueError.self) { try add("laptop", at: now) }
        let olas = try add("laptop", for: "ola", at: now)
        // Expired: the name is free, and the old token is recorded as revoked.
        let second = try add("laptop", at: now.addingTimeInterval(120))
        guard case .revoked = try store.checkToken(first.secret, at: now.addingTimeInterval(121)) else { Issue.record("the expired one is revoked"); return }
        _ = try revoke("laptop", at: now.addingTimeInterval(130))
        let third = try add("laptop", at: now.addingTimeInterval(140))
        #expect(Set([first.token.id, second.token.id, third.token.id]).count == 3)
        #expect(try store.tokens(of: "kari").map(\.id) == [third.token.id, second.token.id, first.token.id])
        #expect(try store.tokens(of: "ola").map(\.id) == [olas.token.id])
        #expect(try store.tokens(of: nil).count == 4)
        guard case .valid(_, let ola) = try store.checkToken(olas.secret, at: now.addingTimeInterval(150)) else { Issue.record("ola's is untouched"); return }
        #expect(ola.userName == "ola")
    }

    @Test("a token is made only for a user who exists and is not revoked")
    func onlyForLiveUsers() throws {
        #expect(throws: CatalogueError.self) { try add("laptop", for: "ingen", at: now) }
        _ = try store.revokeUser(named: "per", by: .installation, at: now)
        #expect(throws: CatalogueError.self) { try add("laptop", for: "per", at: now) }
    }

    @Test("revoking a user revokes their tokens: reusing one is refused as revoked, and the user's other tokens with it")
    func revokedUser() throws {
        let laptop = try add("laptop", at: now)
        let ci = try add("ci", expiresAt: now.addingTimeInterval(86_400), at: now)
        let olas = try add("laptop", for: "ola", at: now)
        let revoked = try #require(try store.revokeUser(named: "kari", by: .installation, at: now.addingTimeInterval(10)))
        #expect(revoked.tokensRevoked == 2)
        for secret in [laptop.secret, ci.secret] {
            guard case .revoked = try store.checkToken(secret, at: now.addingTimeInterval(11)) else { Issue.record("revoked with the user"); return }
        }
        guard case .valid = try store.checkToken(olas.secret, at: now.addingTimeInterval(11)) else { Issue.record("another user's token still works"); return }
        // A store where the token was left live (a bug, a hand-edited file) still refuses it.
        let stray = try add("stray", for: "ola", expiresAt: nil, at: now.addingTimeInterval(12)).secret
        try fixture.queue().write { db in
            try db.execute(sql: "UPDATE users SET revoked_at = ? WHERE user_name = 'ola'", arguments: ["2025-06-15T15:00:00Z"])
        }
        guard case .revoked = try store.checkToken(stray, at: now.addingTimeInterval(13)) else { Issue.record("a revoked user's live token is refused"); return }
    }

    @Test("making and revoking tokens is in the audit log, without the secret")
    func audited() throws {
        let issued = try store.addToken(named: "laptop", for: "kari", expiresAt: nil, by: .user(try #require(try store.user(named: "ola")).id), at: now)
        _ = try store.revokeToken(id: issued.token.id, by: .installation, at: now.addingTimeInterval(5))
        let entries = try store.auditEntries(since: now, limit: nil).filter { $0.subjectType == "token" }
        #expect(entries.map(\.action) == ["token.add", "token.revoke"])
        #expect(entries.first?.actor == "ola" && entries.last?.actor == nil)
        #expect(entries.allSatisfy { $0.subject == String(issued.token.id) && $0.details["user"] == "kari" && $0.details["name"] == "laptop" })
        #expect(!entries.contains { $0.details.values.contains { $0.contains(issued.secret) } })
    }

    @Test("names that would be read as ids, break lines or hide text are refused",
          arguments: ["", "123", " kari", "kari\u{3000}", "kari\nadmin", "a:b", "kari\u{202E}nimda", "\u{200B}", String(repeating: "e\u{301}", count: 51)])
    func badNames(name: String) throws {
        #expect(throws: CatalogueError.self) { try add(name, at: now) }
    }

    /// The API description says the same rule as a pattern (schemathesis generates names from
    /// it and expects every one it matches to be taken, and every one it does not refused).
    @Test("the rule for a token's name is the API description's pattern and length, name for name")
    func nameRuleIsTheAPIPattern() throws {
        let description = try String(contentsOf: CatalogueSchemaTests.packageRoot.appendingPathComponent("Schemas/openapi.yaml"), encoding: .utf8)
        let line = try #require(description.split(separator: "\n").first { $0.contains("pattern: '^(?![0-9]+$)") })
        let pattern = String(line.drop { $0 != "'" }.dropFirst().dropLast())
        let regex = try NSRegularExpression(pattern: pattern)
        let names = ["laptop", "Skule-PC på kontoret", "CI for Gitea", "x", "٣", "1a", "a1", "12 34", "e\u{301}", "日本語のキー", "🙂",
                     "0", "123", " kari", "kari ", "\u{A0}kari", "kari\u{2000}", "kari\u{3000}", "ka ri", "ka\u{A0}ri", "kari\tx", "kari\nadmin",
                     "a:b", ":", "kari\u{202E}nimda", "\u{200B}", "a\u{2028}b", "a\u{FEFF}", "a\u{AD}b", "\u{85}", "a\u{7F}",
                     String(repeating: "a", count: 100), String(repeating: "a", count: 101), String(repeating: "e\u{301}", count: 50),
                     String(repeating: "e\u{301}", count: 51)]
        for name in names {
            let range = NSRange(name.startIndex..., in: name)
            let matches = regex.firstMatch(in: name, range: range) != nil && (1...100).contains(name.unicodeScalars.count)
            #expect(TokenSecret.isAcceptableName(name) == matches, "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test("the last use is noted, at most once a minute")
    func lastUse() throws {
        let issued = try add("laptop", at: now)
        #expect(try store.tokens(of: "kari").first?.lastUsedAt == nil)
        _ = try store.checkToken(issued.secret, at: now.addingTimeInterval(5))
        #expect(try store.tokens(of: "kari").first?.lastUsedAt == now.addingTimeInterval(5))
        _ = try store.checkToken(issued.secret, at: now.addingTimeInterval(30))
        #expect(try store.tokens(of: "kari").first?.lastUsedAt == now.addingTimeInterval(5))
        _ = try store.checkToken(issued.secret, at: now.addingTimeInterval(70))
        #expect(try store.tokens(of: "kari").first?.lastUsedAt == now.addingTimeInterval(70))
    }

    @Test("hashes compare equal only when every byte is equal")
    func constantTimeComparison() {
        let hash = TokenSecret.hash("allm_x")
        #expect(TokenSecret.constantTimeEqual(hash, TokenSecret.hash("allm_x")))
        var changed = hash
        changed[31] ^= 1
        #expect(!TokenSecret.constantTimeEqual(hash, changed))
        #expect(!TokenSecret.constantTimeEqual(hash, hash.prefix(31)))
    }
}
