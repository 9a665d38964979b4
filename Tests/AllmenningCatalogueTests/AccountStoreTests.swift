import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB
import Testing

@Suite("Accounts: organisations, users, repository owners and the audit log")
struct AccountStoreTests {
    let fixture: AccountsFixture
    var store: SQLiteCatalogue { fixture.store }
    var now: Date { fixture.now }

    init() throws {
        fixture = try AccountsFixture()
    }

    @Test("organisations: a school may belong to a municipality; names are unique; a school cannot hold a school")
    func organisations() throws {
        let organisations = try store.organisations()
        #expect(organisations.map(\.name) == ["bergen", "fjell-skole", "nygard-skole"])
        let nygard = try #require(organisations.first { $0.name == "nygard-skole" })
        #expect(nygard.kind == .school && nygard.municipality == "bergen" && nygard.displayName == "Nygård skole")

        func refused(_ organisation: NewOrganisation) -> String? {
            do { _ = try store.addOrganisation(organisation, by: .installation, at: now); return nil } catch { return error.message.en }
        }
        #expect(refused(NewOrganisation(name: "bergen", kind: .municipality))?.contains("exists already") == true)
        #expect(refused(NewOrganisation(name: "ny-skole", kind: .school, municipality: "fjell-skole"))?.contains("is not a municipality") == true)
        #expect(refused(NewOrganisation(name: "ny-skole", kind: .school, municipality: "oslo"))?.contains("organisations add oslo --kind municipality") == true)
        #expect(refused(NewOrganisation(name: "vestland", kind: .municipality, municipality: "bergen"))?.contains("Only a school") == true)
        #expect(refused(NewOrganisation(name: "Nygård Skole", kind: .school)) != nil, "short names are lower-case ASCII")
        #expect(refused(NewOrganisation(name: "ok-skole", displayName: "Linje\nskift", kind: .school)) != nil)
        #expect(try store.organisations().count == 3)
    }

    @Test("users: role, organisation, unique user name; a student needs a name and a pseudonym that does not give the name away")
    func users() throws {
        let kari = try store.addUser(NewUser(userName: "kari.nordmann", displayName: "Kari Nordmann", role: .teacher, organisation: "nygard-skole"),
                                     by: .installation, at: now)
        #expect(kari.role == .teacher && kari.organisation.name == "nygard-skole" && kari.organisation.municipality == "bergen")
        #expect(kari.publicName == "Kari Nordmann" && !kari.hasPassword && !kari.isRevoked)
        let ola = try store.addUser(NewUser(userName: "ola93", displayName: "Ola Nordmann", role: .student, organisation: "nygard-skole", pseudonym: "Elev 9B-3"),
                                    by: .installation, at: now)
        #expect(ola.publicName == "Elev 9B-3")
        #expect(try store.user(named: "ola93") == ola)
        #expect(try store.users().map(\.userName) == ["kari.nordmann", "ola93"])
        // Without a name, the user name stands in (not for students).
        #expect(try store.addUser(NewUser(userName: "vikar", role: .teacher, organisation: "fjell-skole"), by: .installation, at: now).displayName == "vikar")

        func refused(_ user: NewUser) -> String? {
            do { _ = try store.addUser(user, by: .installation, at: now); return nil } catch { return error.message.en }
        }
        #expect(refused(NewUser(userName: "kari.nordmann", role: .teacher, organisation: "fjell-skole"))?.contains("is taken") == true)
        #expect(refused(NewUser(userName: "per", displayName: "Per Hansen", role: .student, organisation: "nygard-skole"))?.contains("must have a pseudonym") == true)
        #expect(refused(NewUser(userName: "per", role: .student, organisation: "nygard-skole", pseudonym: "Elev 1"))?.contains("--name") == true)
        #expect(refused(NewUser(userName: "per", displayName: "Per Hansen", role: .student, organisation: "nygard-skole", pseudonym: "Hansen 9B"))?
            .contains("contains part of the student's name") == true)
        #expect(refused(NewUser(userName: "per", displayName: "Pér Hansen", role: .student, organisation: "nygard-skole", pseudonym: "per (9B)")) != nil,
                "case and accents do not hide the name")
        #expect(refused(NewUser(userName: "per", role: .teacher, organisation: "oslo-skole"))?.contains("does not exist") == true)
        for bad in ["Per", "per hansen", "", "-per", "per/../x", String(repeating: "p", count: 65), "pér"] {
            #expect(refused(NewUser(userName: bad, role: .teacher, organisation: "nygard-skole")) != nil, "\(bad)")
        }
        #expect(try store.users().count == 3)
        // The schema holds the rule too, whatever writes to the file.
        #expect(throws: DatabaseError.self) {
            try fixture.queue().write { db in
                try db.execute(sql: "INSERT INTO users (user_name, display_name, role, organisation, created_at) VALUES ('x', 'X', 'student', 1, 'now')")
            }
        }
    }

    @Test("revoking a user ends their tokens and sessions, keeps their name taken, and happens once")
    func revokeUser() throws {
        let kari = try fixture.user("kari", .teacher)
        let token = try store.addToken(named: "laptop", for: "kari", expiresAt: nil, by: .installation, at: now)
        let session = try store.startSession(for: "kari", replacing: nil, limits: .standard, at: now)
        let revoked = try #require(try store.revokeUser(named: "kari", by: .installation, at: now.addingTimeInterval(60)))
        #expect(revoked.user.id == kari.id && revoked.user.isRevoked && revoked.tokensRevoked == 1 && revoked.sessionsEnded == 1)
        guard case .revoked = try store.checkToken(token.secret, at: now.addingTimeInterval(61)) else { Issue.record("token revoked"); return }
        #expect(try store.checkSession(session.secret, limits: .standard, at: now.addingTimeInterval(61)) == .ended)
        #expect(throws: CatalogueError.self) { try store.startSession(for: "kari", replacing: nil, limits: .standard, at: now) }
        #expect(throws: CatalogueError.self) { try fixture.setPassword("et langt passord", of: "kari") }
        #expect(throws: CatalogueError.self) { try fixture.user("kari", .teacher) }
        let again = try #require(try store.revokeUser(named: "kari", by: .installation, at: now.addingTimeInterval(120)))
        #expect(again.tokensRevoked == 0 && again.sessionsEnded == 0 && again.user.revokedAt == revoked.user.revokedAt)
        #expect(try store.revokeUser(named: "ingen", by: .installation, at: now) == nil)
        #expect(try store.auditEntries(since: nil, limit: nil).filter { $0.action == "user.revoke" }.count == 1)
    }

    @Test("there is an administrator once a live one exists")
    func administrators() throws {
        #expect(try !store.hasAdministrator())
        try fixture.user("kari", .teacher)
        #expect(try !store.hasAdministrator())
        try fixture.user("ada", .administrator, at: "bergen")
        #expect(try store.hasAdministrator())
        _ = try store.revokeUser(named: "ada", by: .installation, at: now)
        #expect(try !store.hasAdministrator())
    }

    @Test("a repository's owner is kept by location, before and after it is indexed")
    func repositoryOwners() throws {
        let kari = try fixture.user("kari", .teacher)
        let location = "/srv/allmenning/repositories/brok.git"
        #expect(try store.owner(ofRepository: location) == nil)
        try store.setOwner(ofRepository: location, to: "kari", by: .installation, at: now)
        #expect(try store.owner(ofRepository: location)?.id == kari.id)
        try fixture.user("per", .teacher, at: "fjell-skole")
        try store.setOwner(ofRepository: location, to: "per", by: .installation, at: now)
        #expect(try store.owner(ofRepository: location)?.userName == "per")
        try store.setOwner(ofRepository: location, to: nil, by: .installation, at: now)
        #expect(try store.owner(ofRepository: location) == nil)
        #expect(throws: CatalogueError.self) { try store.setOwner(ofRepository: location, to: "ingen", by: .installation, at: now) }
        let changes = try store.auditEntries(since: nil, limit: nil).filter { $0.action == "repository.owner" }
        #expect(changes.map { "\($0.details["from"] ?? "?")→\($0.details["to"] ?? "?")" } == ["→kari", "kari→per", "per→"])
    }

    @Test("the owner survives indexing of the repository")
    func ownerKeptByIndexing() throws {
        let catalogue = try CatalogueFixture()
        _ = try catalogue.store.addOrganisation(NewOrganisation(name: "skole", kind: .school), by: .installation, at: now)
        _ = try catalogue.store.addUser(NewUser(userName: "kari", role: .teacher, organisation: "skole"), by: .installation, at: now)
        let repository = try makeResourceRepository(at: catalogue.folder.appending("brok.git"), manifest: manifest(id: "01M82FGXV1GADSC78Z5PVSGCYE"))
        let location = Indexer.location(of: repository)
        try catalogue.store.setOwner(ofRepository: location, to: "kari", by: .installation, at: now)
        #expect(catalogue.indexer.index(repository: repository).status == .published)
        #expect(try catalogue.store.owner(ofRepository: location)?.userName == "kari")
        try commit(["index.md": "# Ny tekst\n"], in: repository)
        #expect(catalogue.indexer.index(repository: repository).status == .published)
        #expect(try catalogue.store.owner(ofRepository: location)?.userName == "kari")
        #expect(try catalogue.store.integrityProblems().isEmpty)
    }

    @Test("the audit log records who did what to what, in order; entries can be read since a time and limited to the newest")
    func auditLog() throws {
        let ada = try fixture.user("ada", .administrator, at: "bergen")
        _ = try store.addUser(NewUser(userName: "kari", role: .teacher, organisation: "nygard-skole"), by: .user(ada.id), at: now.addingTimeInterval(10))
        try store.appendAudit(NewAuditEntry(actor: .user(ada.id), action: "review.approve", subjectType: "resource", subject: "01M82FGXV1GADSC78Z5PVSGCYE",
                                            details: ["commit": "abc123"]), at: now.addingTimeInterval(20))
        let all = try store.auditEntries(since: nil, limit: nil)
        #expect(all.map(\.action) == ["organisation.add", "organisation.add", "organisation.add", "user.add", "user.add", "review.approve"])
        #expect(all[4].actor == "ada" && all[4].subject == "kari" && all[4].details == ["role": "teacher", "organisation": "nygard-skole"])
        #expect(all[3].actor == nil, "the installation made ada")
        #expect(try store.auditEntries(since: now.addingTimeInterval(10), limit: nil).map(\.action) == ["user.add", "review.approve"])
        #expect(try store.auditEntries(since: nil, limit: 2).map(\.action) == ["user.add", "review.approve"])
        #expect(all.map(\.id) == all.map(\.id).sorted())
    }

    @Test("the audit log is append-only in the file too: SQLite refuses to change or delete an entry")
    func auditAppendOnly() throws {
        try fixture.user("kari", .teacher)
        let queue = try fixture.queue()
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "UPDATE audit_log SET action = 'nothing'") } }
        #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: "DELETE FROM audit_log") } }
        #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "INSERT INTO audit_log (at, action, subject_type, subject, details) VALUES ('x', 'a', 'b', 'c', '[1]')") }
        }
        #expect(try store.auditEntries(since: nil, limit: nil).count == 4)
    }
}

@Suite("Passwords: scrypt in PHC form, compared in constant time")
struct PasswordTests {
    @Test("the scrypt underneath is RFC 7914's (its test vector 2)")
    func rfcVector() throws {
        // RFC 7914 section 12: scrypt("password", "NaCl", N = 1024, r = 8, p = 16, dkLen = 64).
        let expected = "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"
        let bytes = stride(from: 0, to: expected.count, by: 2).map { offset -> UInt8 in
            let start = expected.index(expected.startIndex, offsetBy: offset)
            return UInt8(expected[start..<expected.index(start, offsetBy: 2)], radix: 16)!
        }
        let vector = PasswordHash(cost: PasswordHash.Cost(logRounds: 10, blockSize: 8, parallelism: 16), salt: Data("NaCl".utf8), hash: Data(bytes))
        #expect(vector.verifies("password"))
        #expect(!vector.verifies("passwore"))
    }

    @Test("a hash verifies its password and no other; two hashes of one password differ (salt)")
    func verifies() throws {
        let first = try PasswordHash.make("korrekt hest batteri", cost: AccountsFixture.testCost)
        let second = try PasswordHash.make("korrekt hest batteri", cost: AccountsFixture.testCost)
        #expect(first.verifies("korrekt hest batteri"))
        #expect(!first.verifies("korrekt hest batterI"))
        #expect(!first.verifies(""))
        #expect(first.salt != second.salt && first.hash != second.hash)
        #expect(first.encoded.hasPrefix("$scrypt$ln=10,r=8,p=1$"))
        #expect(PasswordHash(encoded: first.encoded) == first)
        #expect(try #require(PasswordHash(encoded: first.encoded)).verifies("korrekt hest batteri"))
        #expect(PasswordHash.Cost.standard == PasswordHash.Cost(logRounds: 15, blockSize: 8, parallelism: 1))
    }

    @Test("stored strings that are not ours, or ask for too much memory, are not read", arguments: [
        "", "korrekt", "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=30,r=8,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$scrypt$ln=15,r=64,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=15,r=8$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA", "$scrypt$ln=15,r=8,p=1$!!$aGFzaGhhc2hoYXNoaGFzaA",
        "$scrypt$ln=15,r=8,p=1$c2FsdHNhbHQ$aGFzaA",
    ])
    func unreadable(encoded: String) {
        #expect(PasswordHash(encoded: encoded) == nil)
    }

    @Test("passwords shorter than 10 characters, longer than 1024 bytes or holding the user name are refused")
    func rules() {
        #expect(PasswordRules.problem(with: "kort", userName: "kari") != nil)
        #expect(PasswordRules.problem(with: String(repeating: "å", count: 600), userName: "kari") != nil)
        #expect(PasswordRules.problem(with: "hemmelig-KARI-2025", userName: "kari") != nil)
        #expect(PasswordRules.problem(with: "korrekt hest batteri", userName: "kari") == nil)
    }
}
