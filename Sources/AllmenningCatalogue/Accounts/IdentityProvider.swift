import AllmenningCore
import Foundation

/// A way of proving who someone is, turning a verified login into one of the catalogue's users.
/// A password is one; OpenID Connect (Feide, Skolfederation) would be another, whose credential
/// is the authorization code the provider sent back, and which maps the identity's affiliation
/// and organisation to a role and an organisation (see the README, "Logging in").
///
/// A provider only identifies; `Login` starts the session, the same for every provider.
public protocol IdentityProvider: Sendable {
    associatedtype Credential: Sendable
    /// What the audit log and the login page call it: `password`, `feide`.
    var name: String { get }
    /// The live user the credential proves, or why not.
    func identify(_ credential: Credential, at date: Date) throws(LoginFailure) -> User
}

public struct LoginFailure: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The credential does not prove anyone (which part was wrong is not said).
        case notRecognised
        /// The store could not be asked.
        case unavailable
    }

    public var kind: Kind
    public var message: LocalizedText

    public static let notRecognised = LoginFailure(kind: .notRecognised, message: LocalizedText(
        nb: "Feil brukernavn eller passord.", en: "Wrong user name or password."))

    public static func unavailable(_ error: CatalogueError) -> LoginFailure {
        LoginFailure(kind: .unavailable, message: error.message)
    }
}

/// A user name and a password, as a login form sends them.
public struct PasswordCredential: Sendable {
    public var userName: String
    public var password: String

    public init(userName: String, password: String) {
        self.userName = userName
        self.password = password
    }
}

/// Login with the password set by `allmenning users passwd`, checked against its scrypt hash.
public struct PasswordIdentityProvider: IdentityProvider {
    public let store: any AccountStore
    public var name: String { "password" }

    public init(store: any AccountStore) {
        self.store = store
    }

    public func identify(_ credential: PasswordCredential, at date: Date) throws(LoginFailure) -> User {
        guard credential.password.utf8.count <= PasswordRules.maximumBytes else { throw .notRecognised }
        let stored: (user: User, hash: PasswordHash)?
        do { stored = try store.passwordHash(ofUser: credential.userName) } catch { throw .unavailable(error) }
        guard let stored else {
            // The same work as for a real user, so that timing does not tell which user names
            // exist.
            _ = Self.decoy.verifies(credential.password)
            throw .notRecognised
        }
        guard stored.hash.verifies(credential.password) else { throw .notRecognised }
        return stored.user
    }

    /// A hash of nothing anyone knows, made once, to verify against for unknown user names.
    static let decoy: PasswordHash = {
        let password = TokenSecret.base64URL(TokenSecret.randomBytes(24))
        return (try? PasswordHash.make(password)) ?? PasswordHash(cost: .standard, salt: TokenSecret.randomBytes(16), hash: TokenSecret.randomBytes(32))
    }()
}

/// Logging in and out, whichever provider proved who someone is.
public struct Login: Sendable {
    public let store: any AccountStore
    public let limits: SessionLimits

    public init(store: any AccountStore, limits: SessionLimits = .standard) {
        self.store = store
        self.limits = limits
    }

    /// Identifies the person and starts a new session for them. `previous` is the session
    /// cookie the browser came with, if any: it ends, and the new session has a new id and a
    /// new CSRF token (no session id survives a login).
    public func logIn<Provider: IdentityProvider>(with provider: Provider, _ credential: Provider.Credential, replacing previous: String?,
                                                  at date: Date) throws(LoginFailure) -> StartedSession {
        let user = try provider.identify(credential, at: date)
        do { return try store.startSession(for: user.userName, replacing: previous, limits: limits, at: date) } catch {
            throw .unavailable(error)
        }
    }

    /// The session a cookie stands for.
    public func session(_ secret: String, at date: Date) throws(CatalogueError) -> SessionCheck {
        try store.checkSession(secret, limits: limits, at: date)
    }

    @discardableResult
    public func logOut(_ secret: String, at date: Date) throws(CatalogueError) -> Bool {
        try store.endSession(secret, at: date)
    }
}
