import AllmenningCore
import Crypto
import Foundation
import GRDB

/// A token that lets its holder act on the server as its user (today: push over HTTP). The
/// secret itself is shown once when the token is made and never stored; the store keeps its
/// SHA-256.
public struct AccessToken: Sendable, Equatable {
    public var id: Int64
    /// What the token is for ("laptop", "ci-bygg"): shown in lists and logs; one live token of
    /// a name per user.
    public var name: String
    /// The user name of the user it acts as; nil for a token made before accounts, which is
    /// refused (see `TokenCheck.withoutUser`).
    public var owner: String?
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public enum State: String, Sendable {
        case active, expired, revoked
        /// Made before accounts: it belongs to no user and is refused.
        case withoutUser = "without-user"
    }

    public func state(at date: Date) -> State {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= date { return .expired }
        if owner == nil { return .withoutUser }
        return .active
    }
}

/// A token just made: the only moment its secret exists outside its holder's hands.
public struct IssuedToken: Sendable {
    public var token: AccessToken
    public var secret: String
}

/// What a presented secret turned out to be.
public enum TokenCheck: Sendable, Equatable {
    /// Live, and the user it acts as (live too).
    case valid(AccessToken, User)
    case expired(AccessToken)
    /// The token, or its user, was revoked.
    case revoked(AccessToken)
    /// Made before accounts (catalogue migration 4): it acts as nobody, so it is refused; its
    /// holder needs a new token made for their user.
    case withoutUser(AccessToken)
    case unknown
}

/// Where tokens are kept. The SQLite catalogue is one; a server in front of another store
/// needs only these operations. Making and revoking a token is written to the audit log in the
/// same transaction.
public protocol AccessTokenStore: Sendable {
    /// Makes a token named `name` for the user `userName`. A live token of that name of the
    /// same user is an error; an expired one is revoked to free the name.
    func addToken(named name: String, for userName: String, expiresAt: Date?, by actor: AuditActor, at date: Date) throws(CatalogueError) -> IssuedToken
    /// A user's tokens, or (nil) every token ever made, newest first.
    func tokens(of userName: String?) throws(CatalogueError) -> [AccessToken]
    func token(id: Int64) throws(CatalogueError) -> AccessToken?
    /// Revokes the token with this id. Returns it, or nil when there is none (a token revoked
    /// already is returned unchanged).
    func revokeToken(id: Int64, by actor: AuditActor, at date: Date) throws(CatalogueError) -> AccessToken?
    /// Revokes the live token of this name of a user, or (nil) of no user: one made before
    /// accounts. Returns it, or nil when there is none.
    func revokeToken(named name: String, of userName: String?, by actor: AuditActor, at date: Date) throws(CatalogueError) -> AccessToken?
    /// Looks a presented secret up, and notes its use when it is valid.
    func checkToken(_ secret: String, at date: Date) throws(CatalogueError) -> TokenCheck
}

/// How secrets are made and compared.
public enum TokenSecret {
    /// A prefix that says what the string is, so that secret scanners and people who find one
    /// in a log know to revoke it.
    public static let prefix = "allm_"

    /// 32 bytes from the system's cryptographic random source (getrandom on Linux), base64url
    /// without padding.
    public static func generate() -> String {
        prefix + base64URL(randomBytes(32))
    }

    /// Bytes from the system's cryptographic random source.
    public static func randomBytes(_ count: Int) -> Data {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    /// Base64url without padding: safe in a cookie, a URL and a form field as it is.
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ secret: String) -> Data {
        Data(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Compares two hashes in time that depends only on their length, so that an attacker
    /// timing answers learns nothing about how much of a guess was right.
    public static func constantTimeEqual(_ a: Data, _ b: Data) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    /// A name people can read in lists and logs and type after `tokens revoke`: not only
    /// digits (those mean an id there), nothing that breaks a line or hides or reorders text,
    /// no colon (git's user:password), no space first or last. Counted and checked by Unicode
    /// scalar, as the API description's `pattern` and `maxLength` for it are, so that the two
    /// agree on every name.
    public static func isAcceptableName(_ name: String) -> Bool {
        let scalars = name.unicodeScalars
        guard let first = scalars.first, let last = scalars.last, scalars.count <= 100 else { return false }
        return !scalars.allSatisfy { ("0"..."9").contains($0) } && !scalars.contains { unreadableInName.contains($0) }
            && !spaceLike.contains(first) && !spaceLike.contains(last)
    }

    /// C0 and C1 controls, the soft hyphen, the Arabic letter mark, zero-width and direction
    /// marks, line and paragraph separators, embeddings and overrides, invisible operators,
    /// isolates, the byte order mark; and the colon.
    private static let unreadableInName = scalars([0x3A...0x3A, 0x00...0x1F, 0x7F...0x9F, 0xAD...0xAD, 0x61C...0x61C, 0x200B...0x200F,
                                                   0x2028...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFEFF...0xFEFF])

    /// The space separators (Unicode's Zs).
    private static let spaceLike = scalars([0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000])

    /// The ranges written as the API description's pattern writes them, code point to code point.
    private static func scalars(_ ranges: [ClosedRange<UInt32>]) -> CharacterSet {
        ranges.reduce(into: CharacterSet()) { set, range in
            set.insert(charactersIn: Unicode.Scalar(range.lowerBound)!...Unicode.Scalar(range.upperBound)!)
        }
    }

    /// Why `name` is not acceptable, in the words every caller shows.
    public static func unacceptableName(_ name: String) -> LocalizedText {
        let shown = name.count <= 100 ? name : String(name.prefix(99)) + "…"
        return LocalizedText(
            nb: "«\(shown)» kan ikke være navnet på en nøkkel: bruk 1–100 tegn, ikke bare sifre, uten kolon, linjeskift, kontrolltegn eller usynlige tegn, og uten mellomrom først og sist.",
            en: "\"\(shown)\" cannot be a token's name: use 1–100 characters, not only digits, without a colon, line breaks, control or invisible characters, and without leading or trailing spaces.")
    }
}

extension SQLiteCatalogue: AccessTokenStore {
    public func addToken(named name: String, for userName: String, expiresAt: Date?, by actor: AuditActor, at date: Date) throws(CatalogueError) -> IssuedToken {
        guard TokenSecret.isAcceptableName(name) else { throw CatalogueError(TokenSecret.unacceptableName(name)) }
        let secret = TokenSecret.generate()
        let hash = TokenSecret.hash(secret)
        let now = Timestamp.string(date)
        let id: Int64 = try writing { db in
            let owner = try Self.liveUserID(userName, in: db)
            if let live = try Row.fetchOne(db, sql: "SELECT id, expires_at FROM access_tokens WHERE owner = ? AND name = ? AND revoked_at IS NULL",
                                           arguments: [owner, name]) {
                guard let expiry = live["expires_at"] as String?, Timestamp.date(expiry) <= date else {
                    throw CatalogueError(LocalizedText(
                        nb: "«\(userName)» har allerede en gyldig nøkkel med navnet «\(name)». Trekk den tilbake først (allmenning tokens revoke \(name) --user \(userName)), eller velg et annet navn.",
                        en: "\"\(userName)\" has a valid token named \"\(name)\" already. Revoke it first (allmenning tokens revoke \(name) --user \(userName)), or choose another name."),
                        isConflict: true)
                }
                try db.execute(sql: "UPDATE access_tokens SET revoked_at = ? WHERE id = ?", arguments: [now, live["id"] as Int64])
            }
            let id = try Int64.fetchOne(db, sql: """
                INSERT INTO access_tokens (name, owner, hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?) RETURNING id
                """, arguments: [name, owner, hash, now, expiresAt.map(Timestamp.string)])!
            var details = ["name": name, "user": userName]
            if let expiresAt { details["expiresAt"] = Timestamp.string(expiresAt) }
            try Self.appendAudit(NewAuditEntry(actor: actor, action: "token.add", subjectType: "token", subject: String(id), details: details), at: now, in: db)
            return id
        }
        return IssuedToken(token: AccessToken(id: id, name: name, owner: userName, createdAt: Timestamp.date(now),
                                              expiresAt: expiresAt.map { Timestamp.date(Timestamp.string($0)) }),
                           secret: secret)
    }

    public func tokens(of userName: String?) throws(CatalogueError) -> [AccessToken] {
        try reading { db in
            if let userName {
                return try Row.fetchAll(db, sql: "\(Self.tokenSelection) WHERE u.user_name = ? ORDER BY t.id DESC", arguments: [userName]).map(Self.token)
            }
            return try Row.fetchAll(db, sql: "\(Self.tokenSelection) ORDER BY t.id DESC").map(Self.token)
        }
    }

    public func token(id: Int64) throws(CatalogueError) -> AccessToken? {
        try reading { db in try Row.fetchOne(db, sql: "\(Self.tokenSelection) WHERE t.id = ?", arguments: [id]).map(Self.token) }
    }

    public func revokeToken(id: Int64, by actor: AuditActor, at date: Date) throws(CatalogueError) -> AccessToken? {
        try writing { db in
            try Row.fetchOne(db, sql: "\(Self.tokenSelection) WHERE t.id = ?", arguments: [id]).map(Self.token)
                .map { try Self.revoke($0, by: actor, at: date, in: db) }
        }
    }

    public func revokeToken(named name: String, of userName: String?, by actor: AuditActor, at date: Date) throws(CatalogueError) -> AccessToken? {
        try writing { db in
            let owner = userName == nil ? "u.user_name IS NULL" : "u.user_name = ?"
            let row = try Row.fetchOne(db, sql: """
                \(Self.tokenSelection) WHERE t.name = ? AND \(owner) ORDER BY t.revoked_at IS NULL DESC, t.id DESC LIMIT 1
                """, arguments: StatementArguments([name] + (userName.map { [$0] } ?? [])))
            return try row.map(Self.token).map { try Self.revoke($0, by: actor, at: date, in: db) }
        }
    }

    private static func revoke(_ token: AccessToken, by actor: AuditActor, at date: Date, in db: Database) throws -> AccessToken {
        guard token.revokedAt == nil else { return token }
        var token = token
        let now = Timestamp.string(date)
        try db.execute(sql: "UPDATE access_tokens SET revoked_at = ? WHERE id = ?", arguments: [now, token.id])
        try appendAudit(NewAuditEntry(actor: actor, action: "token.revoke", subjectType: "token", subject: String(token.id),
                                      details: ["name": token.name, "user": token.owner ?? ""]), at: now, in: db)
        token.revokedAt = Timestamp.date(now)
        return token
    }

    /// How long a token's last use is not written again: a push asks twice within a second,
    /// and the list only needs to say roughly when.
    static let lastUseResolution: TimeInterval = 60

    public func checkToken(_ secret: String, at date: Date) throws(CatalogueError) -> TokenCheck {
        let hash = TokenSecret.hash(secret)
        // The lookup goes by the hash through an index: its timing depends on the hash, which
        // tells an attacker nothing about secrets they do not have. The comparison after it is
        // the one that decides, and takes the same time whatever the bytes.
        let found = try reading { db -> (AccessToken, User?)? in
            guard let row = try Row.fetchOne(db, sql: "\(Self.tokenSelection) WHERE t.hash = ?", arguments: [hash]),
                  TokenSecret.constantTimeEqual(row["hash"] as Data, hash) else { return nil }
            let owner = try (row["owner_id"] as Int64?).flatMap { try Self.user(id: $0, in: db) }
            return (Self.token(row), owner)
        }
        guard let (token, owner) = found else { return .unknown }
        // A revoked user's tokens are revoked with them; the user's own mark is checked too, so
        // that a store where the two came apart still refuses.
        if owner?.isRevoked == true { return .revoked(token) }
        switch token.state(at: date) {
        case .revoked: return .revoked(token)
        case .expired: return .expired(token)
        case .withoutUser: return .withoutUser(token)
        case .active:
            guard let owner else { return .withoutUser(token) }
            if token.lastUsedAt.map({ date.timeIntervalSince($0) >= Self.lastUseResolution }) ?? true {
                _ = try? writing { db in
                    try db.execute(sql: "UPDATE access_tokens SET last_used_at = ? WHERE id = ?", arguments: [Timestamp.string(date), token.id])
                }
            }
            return .valid(token, owner)
        }
    }

    private static let tokenSelection = """
        SELECT t.*, t.owner AS owner_id, u.user_name AS owner_name FROM access_tokens t LEFT JOIN users u ON u.id = t.owner
        """

    private static func token(_ row: Row) -> AccessToken {
        AccessToken(id: row["id"], name: row["name"], owner: row["owner_name"], createdAt: Timestamp.date(row["created_at"]),
                    expiresAt: (row["expires_at"] as String?).map(Timestamp.date),
                    revokedAt: (row["revoked_at"] as String?).map(Timestamp.date),
                    lastUsedAt: (row["last_used_at"] as String?).map(Timestamp.date))
    }
}
