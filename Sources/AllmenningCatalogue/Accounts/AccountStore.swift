import AllmenningCore
import Foundation

/// Where accounts are kept: organisations, users, who owns which repository, browser
/// sessions, and (through `AccessTokenStore`) tokens; every change is written to the audit log
/// in the same transaction. The SQLite catalogue is one such store; a PostgreSQL store can take
/// its place, since the server and the commands use only this protocol.
///
/// The store keeps the data whole (names unique, a student has a pseudonym, a revoked user has
/// no live token or session). Whether someone may make a change is `Authorisation`'s question,
/// asked before (see `AccountAdministration`).
public protocol AccountStore: AccessTokenStore, AuditLog {
    func addOrganisation(_ organisation: NewOrganisation, by actor: AuditActor, at date: Date) throws(CatalogueError) -> Organisation
    /// All organisations, by short name.
    func organisations() throws(CatalogueError) -> [Organisation]

    func addUser(_ user: NewUser, by actor: AuditActor, at date: Date) throws(CatalogueError) -> User
    /// All users, revoked ones too, by user name.
    func users() throws(CatalogueError) -> [User]
    func user(named userName: String) throws(CatalogueError) -> User?
    /// Revokes a user, their live tokens and their sessions at once. Returns the user and how
    /// many tokens and sessions ended, or nil when there is no such user (a user revoked
    /// already is returned unchanged, with nothing ended).
    func revokeUser(named userName: String, by actor: AuditActor, at date: Date) throws(CatalogueError) -> RevokedUser?
    /// Sets (or with nil, removes) a user's password hash. Their sessions end: whoever knew the
    /// old password is logged out.
    func setPassword(_ hash: PasswordHash?, ofUser userName: String, by actor: AuditActor, at date: Date) throws(CatalogueError)
    /// The stored password hash of a live user, for a login to verify; nil when there is no
    /// such user, they are revoked, or they have no password.
    func passwordHash(ofUser userName: String) throws(CatalogueError) -> (user: User, hash: PasswordHash)?
    /// Whether a live administrator exists (until one does, the installation sets itself up).
    func hasAdministrator() throws(CatalogueError) -> Bool

    /// Gives the repository at `location` (an absolute path, as `Indexer.location(of:)` makes
    /// it) to a user, or with nil to nobody.
    func setOwner(ofRepository location: String, to userName: String?, by actor: AuditActor, at date: Date) throws(CatalogueError)
    /// Records a new hosted repository at `location` and its owner (nil: no user), for the
    /// audit log as `repository.add`.
    func addRepository(at location: String, owner userName: String?, by actor: AuditActor, at date: Date) throws(CatalogueError)
    /// The user a repository belongs to; nil when it belongs to no user.
    func owner(ofRepository location: String) throws(CatalogueError) -> User?

    /// Starts a session for a user who has just proved who they are, with a new random secret
    /// and CSRF token. The session the browser had before (`replacing`, its cookie) ends, so a
    /// session id planted before the login is worth nothing after it.
    func startSession(for userName: String, replacing previous: String?, limits: SessionLimits, at date: Date) throws(CatalogueError) -> StartedSession
    /// Looks a cookie's secret up, and notes the use of a valid one (the idle timeout starts
    /// again).
    func checkSession(_ secret: String, limits: SessionLimits, at date: Date) throws(CatalogueError) -> SessionCheck
    /// Logs a session out. False when it was not a live session.
    @discardableResult
    func endSession(_ secret: String, at date: Date) throws(CatalogueError) -> Bool
}

public struct RevokedUser: Sendable, Equatable {
    public var user: User
    public var tokensRevoked: Int
    public var sessionsEnded: Int
}
