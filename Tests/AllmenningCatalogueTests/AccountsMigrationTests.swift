import AllmenningCatalogue
import Foundation
import GitTestSupport
import GRDB
import Testing

@Suite("Migration 4: an existing catalogue gets accounts, and its old tokens are refused")
struct AccountsMigrationTests {
    @Test("a catalogue at schema version 3 with tokens is migrated on opening: the tokens belong to no user, are refused as such, listed and revocable")
    func fromVersion3() throws {
        let folder = try TemporaryFolder()
        let file = folder.appending("catalogue.sqlite")
        // The catalogue as version 3 wrote it, with a repository and two tokens made then.
        let queue = try DatabaseQueue(path: file.path)
        var migrator = DatabaseMigrator()
        for migration in CatalogueSchema.migrations where migration.version <= 3 {
            migrator.registerMigration("\(migration.version) \(migration.name)") { db in
                try db.execute(sql: migration.sql)
                try db.execute(sql: "PRAGMA user_version = \(migration.version)")
            }
        }
        try migrator.migrate(queue)
        let secret = TokenSecret.generate()
        try queue.write { db in
            try db.execute(sql: "INSERT INTO repositories (location) VALUES ('/srv/brok.git')")
            try db.execute(sql: "INSERT INTO access_tokens (name, hash, created_at) VALUES ('Kari Nordmann', ?, '2025-06-01T10:00:00Z')",
                           arguments: [TokenSecret.hash(secret)])
            try db.execute(sql: "INSERT INTO access_tokens (name, hash, created_at, revoked_at) VALUES ('gammel', ?, '2025-06-01T10:00:00Z', '2025-06-02T10:00:00Z')",
                           arguments: [TokenSecret.hash(TokenSecret.generate())])
        }
        #expect(try queue.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 3)
        try queue.close()

        let store = try SQLiteCatalogue(file: file)
        let check = try DatabaseQueue(path: file.path)
        #expect(try check.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == CatalogueSchema.version)
        let now = Date()
        guard case .withoutUser(let old) = try store.checkToken(secret, at: now) else { Issue.record("an old token acts as nobody"); return }
        #expect(old.name == "Kari Nordmann" && old.owner == nil && old.state(at: now) == .withoutUser)
        #expect(try store.tokens(of: nil).map { $0.state(at: now) } == [.revoked, .withoutUser])
        #expect(try store.owner(ofRepository: "/srv/brok.git") == nil, "existing repositories belong to no user")

        // Accounts work, a user may take the old token's name, and the old token is revoked by id.
        _ = try store.addOrganisation(NewOrganisation(name: "skole", kind: .school), by: .installation, at: now)
        _ = try store.addUser(NewUser(userName: "kari", role: .teacher, organisation: "skole"), by: .installation, at: now)
        let fresh = try store.addToken(named: "Kari Nordmann", for: "kari", expiresAt: nil, by: .installation, at: now)
        guard case .valid(_, let kari) = try store.checkToken(fresh.secret, at: now) else { Issue.record("a new token works"); return }
        #expect(kari.userName == "kari")
        #expect(try store.revokeToken(named: "Kari Nordmann", of: nil, by: .installation, at: now)?.id == old.id)
        guard case .revoked = try store.checkToken(secret, at: now) else { Issue.record("revoked"); return }
        #expect(try store.integrityProblems().isEmpty)
    }
}
