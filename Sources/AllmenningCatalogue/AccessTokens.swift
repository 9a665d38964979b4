import AllmenningCore
import Crypto
import Foundation
import GRDB

/// A token that lets its holder act on the server (today: push over HTTP). The secret itself
/// is shown once when the token is made and never stored; the store keeps its SHA-256.
///
/// Accounts (issue 8) will give each token an owner with a role; the store's `checkToken`
/// stays the one place that turns a presented secret into whoever holds it.
public struct AccessToken: Sendable, Equatable {
    public var id: Int64
    /// Who or what holds the token ("kari", "ci-bygg"): shown in lists, logs, and to git's
    /// hooks as REMOTE_USER.
    public var name: String
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public enum State: String, Sendable {
        case active, expired, revoked
    }

    public func state(at date: Date) -> State {
        if revokedAt != nil { return .revoked }
        if let expiresAt, expiresAt <= date { return .expired }
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
    case valid(AccessToken)
    case expired(AccessToken)
    case revoked(AccessToken)
    case unknown
}

/// Where tokens are kept. The SQLite catalogue is one; a server in front of another store
/// needs only these four operations.
public protocol AccessTokenStore: Sendable {
    /// Makes a token named `name`. A live token of that name is an error; an expired one is
    /// revoked to free the name.
    func addToken(named name: String, expiresAt: Date?, at date: Date) throws(CatalogueError) -> IssuedToken
    /// Every token ever made, newest first.
    func tokens() throws(CatalogueError) -> [AccessToken]
    /// Revokes the live token with this name, or the token with this id. Returns it, or nil
    /// when there is none (a token revoked already is returned unchanged).
    func revokeToken(_ nameOrID: String, at date: Date) throws(CatalogueError) -> AccessToken?
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
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let text = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return prefix + text
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
    /// digits (those mean an id there), no control characters.
    public static func isAcceptableName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 100 && !name.allSatisfy(\.isNumber) && name == name.trimmingCharacters(in: .whitespaces)
            && !name.unicodeScalars.contains { CharacterSet.controlCharacters.contains($0) } && !name.contains(":")
    }
}

extension SQLiteCatalogue: AccessTokenStore {
    public func addToken(named name: String, expiresAt: Date?, at date: Date) throws(CatalogueError) -> IssuedToken {
        guard TokenSecret.isAcceptableName(name) else {
            throw CatalogueError(LocalizedText(
                nb: "«\(name)» kan ikke være navnet på en nøkkel: bruk 1–100 tegn, ikke bare sifre, uten kolon, linjeskift eller mellomrom først og sist.",
                en: "\"\(name)\" cannot be a token's name: use 1–100 characters, not only digits, without a colon, line breaks or leading and trailing spaces."))
        }
        let secret = TokenSecret.generate()
        let hash = TokenSecret.hash(secret)
        let now = Timestamp.string(date)
        let id: Int64 = try writing { db in
            if let live = try Row.fetchOne(db, sql: "SELECT id, expires_at FROM access_tokens WHERE name = ? AND revoked_at IS NULL", arguments: [name]) {
                guard let expiry = live["expires_at"] as String?, Timestamp.date(expiry) <= date else {
                    throw CatalogueError(LocalizedText(
                        nb: "Det finnes allerede en gyldig nøkkel med navnet «\(name)». Trekk den tilbake først (allmenning tokens revoke \(name)), eller velg et annet navn.",
                        en: "A valid token named \"\(name)\" exists already. Revoke it first (allmenning tokens revoke \(name)), or choose another name."))
                }
                try db.execute(sql: "UPDATE access_tokens SET revoked_at = ? WHERE id = ?", arguments: [now, live["id"] as Int64])
            }
            return try Int64.fetchOne(db, sql: """
                INSERT INTO access_tokens (name, hash, created_at, expires_at) VALUES (?, ?, ?, ?) RETURNING id
                """, arguments: [name, hash, now, expiresAt.map(Timestamp.string)])!
        }
        return IssuedToken(token: AccessToken(id: id, name: name, createdAt: Timestamp.date(now), expiresAt: expiresAt.map { Timestamp.date(Timestamp.string($0)) }),
                           secret: secret)
    }

    public func tokens() throws(CatalogueError) -> [AccessToken] {
        try reading { db in
            try Row.fetchAll(db, sql: "SELECT * FROM access_tokens ORDER BY id DESC").map(Self.token)
        }
    }

    public func revokeToken(_ nameOrID: String, at date: Date) throws(CatalogueError) -> AccessToken? {
        try writing { db in
            let row: Row?
            if let id = Int64(nameOrID) {
                row = try Row.fetchOne(db, sql: "SELECT * FROM access_tokens WHERE id = ?", arguments: [id])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT * FROM access_tokens WHERE name = ? ORDER BY revoked_at IS NULL DESC, id DESC LIMIT 1",
                                       arguments: [nameOrID])
            }
            guard var token = row.map(Self.token) else { return nil }
            if token.revokedAt == nil {
                let now = Timestamp.string(date)
                try db.execute(sql: "UPDATE access_tokens SET revoked_at = ? WHERE id = ?", arguments: [now, token.id])
                token.revokedAt = Timestamp.date(now)
            }
            return token
        }
    }

    /// How long a token's last use is not written again: a push asks twice within a second,
    /// and the list only needs to say roughly when.
    static let lastUseResolution: TimeInterval = 60

    public func checkToken(_ secret: String, at date: Date) throws(CatalogueError) -> TokenCheck {
        let hash = TokenSecret.hash(secret)
        // The lookup goes by the hash through an index: its timing depends on the hash, which
        // tells an attacker nothing about secrets they do not have. The comparison after it is
        // the one that decides, and takes the same time whatever the bytes.
        let found = try reading { db in
            try Row.fetchOne(db, sql: "SELECT * FROM access_tokens WHERE hash = ?", arguments: [hash])
                .flatMap { row -> AccessToken? in
                    TokenSecret.constantTimeEqual(row["hash"] as Data, hash) ? Self.token(row) : nil
                }
        }
        guard let token = found else { return .unknown }
        switch token.state(at: date) {
        case .revoked: return .revoked(token)
        case .expired: return .expired(token)
        case .active:
            if token.lastUsedAt.map({ date.timeIntervalSince($0) >= Self.lastUseResolution }) ?? true {
                _ = try? writing { db in
                    try db.execute(sql: "UPDATE access_tokens SET last_used_at = ? WHERE id = ?", arguments: [Timestamp.string(date), token.id])
                }
            }
            return .valid(token)
        }
    }

    private static func token(_ row: Row) -> AccessToken {
        AccessToken(id: row["id"], name: row["name"], createdAt: Timestamp.date(row["created_at"]),
                    expiresAt: (row["expires_at"] as String?).map(Timestamp.date),
                    revokedAt: (row["revoked_at"] as String?).map(Timestamp.date),
                    lastUsedAt: (row["last_used_at"] as String?).map(Timestamp.date))
    }
}
