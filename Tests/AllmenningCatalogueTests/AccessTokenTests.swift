import AllmenningCatalogue
import Foundation
import GitTestSupport
import GRDB
import Testing

@Suite("Access tokens: made once, stored as hashes, expiring and revocable")
struct AccessTokenTests {
    let folder: TemporaryFolder
    let store: SQLiteCatalogue

    init() throws {
        folder = try TemporaryFolder()
        store = try SQLiteCatalogue(file: folder.appending("catalogue.sqlite"))
    }

    let now = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("a new token checks as valid; the file holds its SHA-256 and never the token itself")
    func storedAsHash() throws {
        let issued = try store.addToken(named: "kari", expiresAt: nil, at: now)
        #expect(issued.secret.hasPrefix(TokenSecret.prefix))
        #expect(issued.secret.count == TokenSecret.prefix.count + 43, "32 bytes in base64url without padding")
        guard case .valid(let token) = try store.checkToken(issued.secret, at: now) else { Issue.record("a new token is valid"); return }
        #expect(token.id == issued.token.id && token.name == "kari")

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
        let first = try store.addToken(named: "a", expiresAt: nil, at: now)
        let second = try store.addToken(named: "b", expiresAt: nil, at: now)
        #expect(first.secret != second.secret)
        #expect(try store.checkToken(TokenSecret.generate(), at: now) == .unknown)
        #expect(try store.checkToken(String(first.secret.dropLast()), at: now) == .unknown)
        #expect(try store.checkToken("", at: now) == .unknown)
    }

    @Test("a token stops working when it expires and when it is revoked, by name or by id")
    func expiryAndRevocation() throws {
        let expiring = try store.addToken(named: "vikar", expiresAt: now.addingTimeInterval(3600), at: now)
        guard case .valid = try store.checkToken(expiring.secret, at: now.addingTimeInterval(3599)) else { Issue.record("valid before expiry"); return }
        guard case .expired = try store.checkToken(expiring.secret, at: now.addingTimeInterval(3600)) else { Issue.record("expired at expiry"); return }

        let byName = try store.addToken(named: "ci", expiresAt: nil, at: now)
        let revoked = try #require(try store.revokeToken("ci", at: now.addingTimeInterval(10)))
        #expect(revoked.id == byName.token.id)
        guard case .revoked = try store.checkToken(byName.secret, at: now.addingTimeInterval(11)) else { Issue.record("revoked by name"); return }

        let byID = try store.addToken(named: "kari", expiresAt: nil, at: now)
        #expect(try store.revokeToken(String(byID.token.id), at: now)?.name == "kari")
        guard case .revoked = try store.checkToken(byID.secret, at: now) else { Issue.record("revoked by id"); return }
        #expect(try store.revokeToken("nobody", at: now) == nil)
    }

    @Test("a name stands for one live token: a second is refused until the first is revoked or has expired")
    func namesAreUnique() throws {
        let first = try store.addToken(named: "kari", expiresAt: now.addingTimeInterval(60), at: now)
        #expect(throws: CatalogueError.self) { try store.addToken(named: "kari", expiresAt: nil, at: now) }
        // Expired: the name is free, and the old token is recorded as revoked.
        let second = try store.addToken(named: "kari", expiresAt: nil, at: now.addingTimeInterval(120))
        guard case .revoked = try store.checkToken(first.secret, at: now.addingTimeInterval(121)) else { Issue.record("the expired one is revoked"); return }
        _ = try store.revokeToken("kari", at: now.addingTimeInterval(130))
        let third = try store.addToken(named: "kari", expiresAt: nil, at: now.addingTimeInterval(140))
        #expect(Set([first.token.id, second.token.id, third.token.id]).count == 3)
        #expect(try store.tokens().map(\.id) == [third.token.id, second.token.id, first.token.id])
    }

    @Test("names that would be read as ids or break lines are refused", arguments: ["", "123", " kari", "kari\nadmin", "a:b"])
    func badNames(name: String) throws {
        #expect(throws: CatalogueError.self) { try store.addToken(named: name, expiresAt: nil, at: now) }
    }

    @Test("the last use is noted, at most once a minute")
    func lastUse() throws {
        let issued = try store.addToken(named: "kari", expiresAt: nil, at: now)
        #expect(try store.tokens().first?.lastUsedAt == nil)
        _ = try store.checkToken(issued.secret, at: now.addingTimeInterval(5))
        #expect(try store.tokens().first?.lastUsedAt == now.addingTimeInterval(5))
        _ = try store.checkToken(issued.secret, at: now.addingTimeInterval(30))
        #expect(try store.tokens().first?.lastUsedAt == now.addingTimeInterval(5))
        _ = try store.checkToken(issued.secret, at: now.addingTimeInterval(70))
        #expect(try store.tokens().first?.lastUsedAt == now.addingTimeInterval(70))
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
