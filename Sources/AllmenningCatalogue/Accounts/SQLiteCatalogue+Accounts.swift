import AllmenningCore
import Foundation
import GRDB

extension SQLiteCatalogue: AccountStore {
    // MARK: Organisations

    public func addOrganisation(_ new: NewOrganisation, by actor: AuditActor, at date: Date) throws(CatalogueError) -> Organisation {
        guard AccountNames.isAcceptable(new.name) else {
            throw CatalogueError(LocalizedText(
                nb: "«\(new.name)» kan ikke være kortnavnet til en organisasjon: bruk 1–64 tegn, små bokstaver a–z, sifre og . _ - @, og begynn med en bokstav eller et siffer (for eksempel nygard-skole).",
                en: "\"\(new.name)\" cannot be an organisation's short name: use 1–64 characters, lower-case letters a–z, digits and . _ - @, beginning with a letter or a digit (for example nygard-skole)."))
        }
        try Self.requireText(new.displayName, what: LocalizedText(nb: "Navnet", en: "The name"))
        if new.municipality != nil, new.kind != .school {
            throw CatalogueError(LocalizedText(nb: "Bare en skole kan høre til en kommune.", en: "Only a school can belong to a municipality."))
        }
        let now = Timestamp.string(date)
        let id: Int64 = try writing { db in
            if try Self.organisationID(new.name, in: db) != nil {
                throw CatalogueError(LocalizedText(nb: "Organisasjonen «\(new.name)» finnes allerede (se allmenning organisations list).",
                                                   en: "The organisation \"\(new.name)\" exists already (see allmenning organisations list)."))
            }
            var municipality: Int64?
            if let name = new.municipality {
                guard let row = try Row.fetchOne(db, sql: "SELECT id, kind FROM organisations WHERE name = ?", arguments: [name]) else {
                    throw CatalogueError(LocalizedText(nb: "Kommunen «\(name)» finnes ikke. Legg den til først: allmenning organisations add \(name) --kind municipality",
                                                       en: "The municipality \"\(name)\" does not exist. Add it first: allmenning organisations add \(name) --kind municipality"))
                }
                guard row["kind"] as String == Organisation.Kind.municipality.rawValue else {
                    throw CatalogueError(LocalizedText(nb: "«\(name)» er ikke en kommune, så en skole kan ikke høre til den.",
                                                       en: "\"\(name)\" is not a municipality, so a school cannot belong to it."))
                }
                municipality = row["id"]
            }
            let id = try Int64.fetchOne(db, sql: """
                INSERT INTO organisations (name, display_name, kind, municipality, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id
                """, arguments: [new.name, new.displayName, new.kind.rawValue, municipality, now])!
            var details = ["name": new.displayName, "kind": new.kind.rawValue]
            if let name = new.municipality { details["municipality"] = name }
            try Self.appendAudit(NewAuditEntry(actor: actor, action: "organisation.add", subjectType: "organisation", subject: new.name, details: details),
                                 at: now, in: db)
            return id
        }
        return Organisation(id: id, name: new.name, displayName: new.displayName, kind: new.kind, municipality: new.municipality,
                            createdAt: Timestamp.date(now))
    }

    public func organisations() throws(CatalogueError) -> [Organisation] {
        try reading { db in try Row.fetchAll(db, sql: "\(Self.organisationSelection) ORDER BY o.name").map { Self.organisation($0) } }
    }

    private static let organisationSelection = """
        SELECT o.id AS org_id, o.name AS org_name, o.display_name AS org_display_name, o.kind AS org_kind,
               o.created_at AS org_created_at, m.name AS org_municipality
        FROM organisations o LEFT JOIN organisations m ON m.id = o.municipality
        """

    private static func organisation(_ row: Row) -> Organisation {
        Organisation(id: row["org_id"], name: row["org_name"], displayName: row["org_display_name"],
                     kind: Organisation.Kind(rawValue: row["org_kind"]) ?? .school, municipality: row["org_municipality"],
                     createdAt: Timestamp.date(row["org_created_at"]))
    }

    private static func organisationID(_ name: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM organisations WHERE name = ?", arguments: [name])
    }

    // MARK: Users

    public func addUser(_ new: NewUser, by actor: AuditActor, at date: Date) throws(CatalogueError) -> User {
        guard AccountNames.isAcceptable(new.userName) else {
            throw CatalogueError(LocalizedText(
                nb: "«\(new.userName)» kan ikke være et brukernavn: bruk 1–64 tegn, små bokstaver a–z, sifre og . _ - @, og begynn med en bokstav eller et siffer (for eksempel kari.nordmann).",
                en: "\"\(new.userName)\" cannot be a user name: use 1–64 characters, lower-case letters a–z, digits and . _ - @, beginning with a letter or a digit (for example kari.nordmann)."))
        }
        if new.role == .student, new.displayName == nil {
            throw CatalogueError(LocalizedText(nb: "En elev trenger navnet sitt (--name), så lærerne vet hvem det er; offentlig vises bare pseudonymet.",
                                               en: "A student needs their name (--name), so that their teachers know who it is; publicly only the pseudonym is shown."))
        }
        let displayName = new.displayName ?? new.userName
        try Self.requireText(displayName, what: LocalizedText(nb: "Navnet", en: "The name"))
        if let pseudonym = new.pseudonym {
            try Self.requireText(pseudonym, what: LocalizedText(nb: "Pseudonymet", en: "The pseudonym"))
            if new.role == .student, AccountNames.pseudonymRevealsName(pseudonym, displayName: displayName) {
                throw CatalogueError(LocalizedText(
                    nb: "Pseudonymet «\(pseudonym)» inneholder en del av elevens navn, og det er pseudonymet som vises offentlig. Velg et som ikke sier hvem eleven er (for eksempel «Elev 9B-3»).",
                    en: "The pseudonym \"\(pseudonym)\" contains part of the student's name, and the pseudonym is what is shown publicly. Choose one that does not say who the student is (for example \"Elev 9B-3\")."))
            }
        } else if new.role == .student {
            throw CatalogueError(LocalizedText(
                nb: "En elev må ha et pseudonym (--pseudonym, for eksempel «Elev 9B-3»): offentlige sider og OAI-PMH viser bare det, aldri navnet.",
                en: "A student must have a pseudonym (--pseudonym, for example \"Elev 9B-3\"): public pages and OAI-PMH show only that, never the name."))
        }
        let now = Timestamp.string(date)
        let id: Int64 = try writing { db in
            if try Int64.fetchOne(db, sql: "SELECT id FROM users WHERE user_name = ?", arguments: [new.userName]) != nil {
                throw CatalogueError(LocalizedText(
                    nb: "Brukernavnet «\(new.userName)» er tatt (også en tilbakekalt bruker beholder navnet sitt). Velg et annet.",
                    en: "The user name \"\(new.userName)\" is taken (a revoked user keeps their name too). Choose another."))
            }
            guard let organisation = try Self.organisationID(new.organisation, in: db) else {
                throw CatalogueError(LocalizedText(
                    nb: "Organisasjonen «\(new.organisation)» finnes ikke. Se organisasjonene med allmenning organisations list, eller legg den til med allmenning organisations add.",
                    en: "The organisation \"\(new.organisation)\" does not exist. See the organisations with allmenning organisations list, or add it with allmenning organisations add."))
            }
            let id = try Int64.fetchOne(db, sql: """
                INSERT INTO users (user_name, display_name, role, organisation, pseudonym, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """, arguments: [new.userName, displayName, new.role.rawValue, organisation, new.pseudonym, now])!
            try Self.appendAudit(NewAuditEntry(actor: actor, action: "user.add", subjectType: "user", subject: new.userName,
                                               details: ["role": new.role.rawValue, "organisation": new.organisation]), at: now, in: db)
            return id
        }
        return try reading { db in try Self.user(id: id, in: db)! }
    }

    public func users() throws(CatalogueError) -> [User] {
        try reading { db in try Row.fetchAll(db, sql: "\(Self.userSelection) ORDER BY u.user_name").map(Self.user) }
    }

    public func user(named userName: String) throws(CatalogueError) -> User? {
        try reading { db in try Self.user(named: userName, in: db) }
    }

    public func revokeUser(named userName: String, by actor: AuditActor, at date: Date) throws(CatalogueError) -> RevokedUser? {
        let now = Timestamp.string(date)
        return try writing { db in
            guard let user = try Self.user(named: userName, in: db) else { return nil }
            guard !user.isRevoked else { return RevokedUser(user: user, tokensRevoked: 0, sessionsEnded: 0) }
            try db.execute(sql: "UPDATE users SET revoked_at = ? WHERE id = ?", arguments: [now, user.id])
            try db.execute(sql: "UPDATE access_tokens SET revoked_at = ? WHERE owner = ? AND revoked_at IS NULL", arguments: [now, user.id])
            let tokens = db.changesCount
            try db.execute(sql: "UPDATE sessions SET ended_at = ? WHERE owner = ? AND ended_at IS NULL", arguments: [now, user.id])
            let sessions = db.changesCount
            try Self.appendAudit(NewAuditEntry(actor: actor, action: "user.revoke", subjectType: "user", subject: userName,
                                               details: ["tokensRevoked": String(tokens), "sessionsEnded": String(sessions)]), at: now, in: db)
            return RevokedUser(user: try Self.user(id: user.id, in: db)!, tokensRevoked: tokens, sessionsEnded: sessions)
        }
    }

    public func setPassword(_ hash: PasswordHash?, ofUser userName: String, by actor: AuditActor, at date: Date) throws(CatalogueError) {
        let now = Timestamp.string(date)
        try writing { db in
            let id = try Self.liveUserID(userName, in: db)
            try db.execute(sql: "UPDATE users SET password_hash = ? WHERE id = ?", arguments: [hash?.encoded, id])
            try db.execute(sql: "UPDATE sessions SET ended_at = ? WHERE owner = ? AND ended_at IS NULL", arguments: [now, id])
            try Self.appendAudit(NewAuditEntry(actor: actor, action: hash == nil ? "user.password-remove" : "user.password", subjectType: "user",
                                               subject: userName, details: ["sessionsEnded": String(db.changesCount)]), at: now, in: db)
        }
    }

    public func passwordHash(ofUser userName: String) throws(CatalogueError) -> (user: User, hash: PasswordHash)? {
        try reading { db in
            guard let user = try Self.user(named: userName, in: db), !user.isRevoked,
                  let encoded = try String.fetchOne(db, sql: "SELECT password_hash FROM users WHERE id = ?", arguments: [user.id]),
                  let hash = PasswordHash(encoded: encoded) else { return nil }
            return (user, hash)
        }
    }

    public func hasAdministrator() throws(CatalogueError) -> Bool {
        try reading { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE role = 'administrator' AND revoked_at IS NULL)") ?? false
        }
    }

    static let userSelection = """
        SELECT u.*, u.password_hash IS NOT NULL AS has_password, o.id AS org_id, o.name AS org_name, o.display_name AS org_display_name,
               o.kind AS org_kind, o.created_at AS org_created_at, m.name AS org_municipality
        FROM users u JOIN organisations o ON o.id = u.organisation LEFT JOIN organisations m ON m.id = o.municipality
        """

    static func user(_ row: Row) -> User {
        User(id: row["id"], userName: row["user_name"], displayName: row["display_name"], role: Role(rawValue: row["role"]) ?? .student,
             organisation: organisation(row), pseudonym: row["pseudonym"], createdAt: Timestamp.date(row["created_at"]),
             revokedAt: (row["revoked_at"] as String?).map(Timestamp.date), hasPassword: row["has_password"])
    }

    static func user(id: Int64, in db: Database) throws -> User? {
        try Row.fetchOne(db, sql: "\(userSelection) WHERE u.id = ?", arguments: [id]).map(user)
    }

    static func user(named userName: String, in db: Database) throws -> User? {
        try Row.fetchOne(db, sql: "\(userSelection) WHERE u.user_name = ?", arguments: [userName]).map(user)
    }

    /// The id of a user who may still be given things (tokens, repositories, a password).
    static func liveUserID(_ userName: String, in db: Database) throws -> Int64 {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, revoked_at FROM users WHERE user_name = ?", arguments: [userName]) else {
            throw CatalogueError(LocalizedText(nb: "Brukeren «\(userName)» finnes ikke. Se brukerne med allmenning users list.",
                                               en: "The user \"\(userName)\" does not exist. See the users with allmenning users list."))
        }
        guard row["revoked_at"] as String? == nil else {
            throw CatalogueError(LocalizedText(nb: "Brukeren «\(userName)» er tilbakekalt.", en: "The user \"\(userName)\" is revoked."))
        }
        return row["id"]
    }

    private static func requireText(_ text: String, what: LocalizedText) throws(CatalogueError) {
        guard AccountNames.isAcceptableText(text) else {
            throw CatalogueError(LocalizedText(nb: "\(what.nb) «\(text)» kan ikke brukes: 1–200 tegn, uten linjeskift eller mellomrom først og sist.",
                                               en: "\(what.en) \"\(text)\" cannot be used: 1–200 characters, without line breaks or leading and trailing spaces."))
        }
    }

    // MARK: Repositories

    public func setOwner(ofRepository location: String, to userName: String?, by actor: AuditActor, at date: Date) throws(CatalogueError) {
        let now = Timestamp.string(date)
        try writing { db in
            let owner = try userName.map { try Self.liveUserID($0, in: db) }
            let previous = try String.fetchOne(db, sql: """
                SELECT u.user_name FROM repositories p JOIN users u ON u.id = p.owner WHERE p.location = ?
                """, arguments: [location])
            // The repository may not be indexed yet: its row is made here, and publishing it
            // later keeps the owner.
            try db.execute(sql: """
                INSERT INTO repositories (location, owner) VALUES (?, ?) ON CONFLICT (location) DO UPDATE SET owner = excluded.owner
                """, arguments: [location, owner])
            try Self.appendAudit(NewAuditEntry(actor: actor, action: "repository.owner", subjectType: "repository", subject: location,
                                               details: ["from": previous ?? "", "to": userName ?? ""]), at: now, in: db)
        }
    }

    public func addRepository(at location: String, owner userName: String?, by actor: AuditActor, at date: Date) throws(CatalogueError) {
        let now = Timestamp.string(date)
        try writing { db in
            let owner = try userName.map { try Self.liveUserID($0, in: db) }
            try db.execute(sql: """
                INSERT INTO repositories (location, owner) VALUES (?, ?) ON CONFLICT (location) DO UPDATE SET owner = excluded.owner, removed_at = NULL
                """, arguments: [location, owner])
            try Self.appendAudit(NewAuditEntry(actor: actor, action: "repository.add", subjectType: "repository", subject: location,
                                               details: ["owner": userName ?? ""]), at: now, in: db)
        }
    }

    public func owner(ofRepository location: String) throws(CatalogueError) -> User? {
        try reading { db in
            try Int64.fetchOne(db, sql: "SELECT owner FROM repositories WHERE location = ?", arguments: [location])
                .flatMap { try Self.user(id: $0, in: db) }
        }
    }

    // MARK: Sessions

    /// How long a session's last use is not written again (the idle timeout is an hour).
    static let lastSeenResolution: TimeInterval = 60

    public func startSession(for userName: String, replacing previous: String?, limits: SessionLimits, at date: Date) throws(CatalogueError) -> StartedSession {
        let secret = TokenSecret.base64URL(TokenSecret.randomBytes(32))
        let csrf = TokenSecret.randomBytes(32)
        let now = Timestamp.string(date)
        let expires = Timestamp.string(date.addingTimeInterval(limits.lifetime))
        let id: Int64 = try writing { db in
            let owner = try Self.liveUserID(userName, in: db)
            if let previous {
                try db.execute(sql: "UPDATE sessions SET ended_at = ? WHERE hash = ? AND ended_at IS NULL", arguments: [now, TokenSecret.hash(previous)])
            }
            return try Int64.fetchOne(db, sql: """
                INSERT INTO sessions (hash, owner, csrf_secret, created_at, expires_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
                """, arguments: [TokenSecret.hash(secret), owner, csrf, now, expires, now])!
        }
        let session = try reading { db in try Self.session(id: id, in: db)! }
        return StartedSession(session: session, secret: secret)
    }

    public func checkSession(_ secret: String, limits: SessionLimits, at date: Date) throws(CatalogueError) -> SessionCheck {
        let hash = TokenSecret.hash(secret)
        let found = try reading { db -> (Session, ended: Bool)? in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, hash, ended_at FROM sessions WHERE hash = ?", arguments: [hash]),
                  TokenSecret.constantTimeEqual(row["hash"] as Data, hash),
                  let session = try Self.session(id: row["id"], in: db) else { return nil }
            return (session, row["ended_at"] as String? != nil)
        }
        guard let (session, ended) = found else { return .unknown }
        if ended || session.user.isRevoked { return .ended }
        if date >= session.expiresAt { return .expired }
        if date.timeIntervalSince(session.lastSeenAt) >= limits.idleTimeout { return .idle }
        var seen = session
        if date.timeIntervalSince(session.lastSeenAt) >= Self.lastSeenResolution {
            let now = Timestamp.string(date)
            try writing { db in try db.execute(sql: "UPDATE sessions SET last_seen_at = ? WHERE id = ?", arguments: [now, session.id]) }
            seen.lastSeenAt = Timestamp.date(now)
        }
        return .valid(seen)
    }

    @discardableResult
    public func endSession(_ secret: String, at date: Date) throws(CatalogueError) -> Bool {
        try writing { db in
            try db.execute(sql: "UPDATE sessions SET ended_at = ? WHERE hash = ? AND ended_at IS NULL",
                           arguments: [Timestamp.string(date), TokenSecret.hash(secret)])
            return db.changesCount == 1
        }
    }

    private static func session(id: Int64, in db: Database) throws -> Session? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [id]),
              let user = try user(id: row["owner"], in: db) else { return nil }
        return Session(id: id, user: user, csrfToken: TokenSecret.base64URL(row["csrf_secret"]),
                       createdAt: Timestamp.date(row["created_at"]), expiresAt: Timestamp.date(row["expires_at"]),
                       lastSeenAt: Timestamp.date(row["last_seen_at"]))
    }

    // MARK: Audit log

    public func appendAudit(_ entry: NewAuditEntry, at date: Date) throws(CatalogueError) {
        try writing { db in try Self.appendAudit(entry, at: Timestamp.string(date), in: db) }
    }

    public func auditEntries(since: Date?, limit: Int?) throws(CatalogueError) -> [AuditEntry] {
        try reading { db in
            var sql = "SELECT a.*, u.user_name AS actor_name FROM audit_log a LEFT JOIN users u ON u.id = a.actor"
            var arguments: [DatabaseValueConvertible] = []
            if let since {
                sql += " WHERE a.at >= ?"
                arguments.append(Timestamp.string(since))
            }
            sql += " ORDER BY a.id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments.append(max(0, limit))
            }
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).reversed().map { row in
                AuditEntry(id: row["id"], at: Timestamp.date(row["at"]), actor: row["actor_name"], action: row["action"],
                           subjectType: row["subject_type"], subject: row["subject"], details: Self.auditDetails(row["details"]))
            }
        }
    }

    static func appendAudit(_ entry: NewAuditEntry, at timestamp: String, in db: Database) throws {
        let actor: Int64? = switch entry.actor {
        case .user(let id): id
        case .installation: nil
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let details = String(decoding: try encoder.encode(entry.details), as: UTF8.self)
        try db.execute(sql: "INSERT INTO audit_log (at, actor, action, subject_type, subject, details) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [timestamp, actor, entry.action, entry.subjectType, entry.subject, details])
    }

    /// Details as text, whatever JSON the entry holds (later entries may hold numbers).
    private static func auditDetails(_ json: String) -> [String: String] {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return [:] }
        return object.mapValues { value in
            if let text = value as? String { return text }
            if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
                return String(decoding: data, as: UTF8.self)
            }
            return "\(value)"
        }
    }
}
