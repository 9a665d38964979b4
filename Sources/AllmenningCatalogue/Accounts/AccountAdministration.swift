import AllmenningCore
import Foundation

/// Who is acting on the accounts.
public enum Acting: Sendable, Equatable {
    /// A live user, proved by a token, a session, or named with `--as` on the data folder.
    case user(User)
    /// Nobody logged in.
    case nobody
    /// The installation setting itself up: a command run on the data folder without a user,
    /// while no administrator exists yet. It may add organisations and users, so that the
    /// first administrator can be made, and nothing else. Only the command line, which has the
    /// data folder in its hands anyway, ever acts so; never a request to the server.
    case installationSetup

    var member: Member? {
        if case .user(let user) = self { return user.member }
        return nil
    }

    var auditActor: AuditActor {
        if case .user(let user) = self { return .user(user.id) }
        return .installation
    }
}

public struct AccountFailure: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The policy says no (the command line exits 1).
        case refused
        /// The change could not be made: bad input, or the store failed (exit 2).
        case failed
        /// What it names does not exist: no such user, no such token (exit 2; 404 on the
        /// server, where bad input is 422).
        case notFound
        /// What is stored stands in the way: a live token of that name (exit 2; 409 on the
        /// server).
        case conflict
    }

    public var kind: Kind
    public var message: LocalizedText
    public var description: String { message.en }

    public static func refused(_ message: LocalizedText) -> AccountFailure { AccountFailure(kind: .refused, message: message) }
    public static func failed(_ error: CatalogueError) -> AccountFailure { AccountFailure(kind: .failed, message: error.message) }
    public static func notFound(_ error: CatalogueError) -> AccountFailure { AccountFailure(kind: .notFound, message: error.message) }
}

/// Changes to accounts with the authorisation policy asked first: what the command line (and
/// later the web pages and the API) call, so that each asks the same questions.
public struct AccountAdministration: Sendable {
    public let store: any AccountStore

    public init(store: any AccountStore) {
        self.store = store
    }

    /// Who acts on the data folder from the command line: the user given, else the
    /// installation while it has no administrator, else nobody.
    public func localActing(_ user: User?) throws(AccountFailure) -> Acting {
        if let user { return .user(user) }
        return try attempt { () throws(CatalogueError) in try store.hasAdministrator() } ? .nobody : .installationSetup
    }

    /// Throws the policy's refusal, or returns when the action is allowed. `duringSetup`:
    /// whether the installation may do it before it has an administrator.
    public func authorise(_ action: AuthorisedAction, by acting: Acting, on subject: AuthorisationSubject = .installation,
                          duringSetup: Bool = false) throws(AccountFailure) {
        if acting == .installationSetup, duringSetup { return }
        if case .refused(let reason) = Authorisation.decide(action, by: acting.member, on: subject) {
            if acting == .installationSetup {
                throw .refused(LocalizedText(
                    nb: "Installasjonen har ingen administrator ennå, og uten en kan du bare legge til organisasjoner og brukere. Lag en administrator (allmenning users add NAVN --role administrator --organisation ORG) og bruk --as NAVN.",
                    en: "The installation has no administrator yet, and without one you can only add organisations and users. Make an administrator (allmenning users add NAME --role administrator --organisation ORG) and use --as NAME."))
            }
            throw .refused(reason)
        }
    }

    // MARK: Organisations and users

    public func addOrganisation(_ organisation: NewOrganisation, by acting: Acting, at date: Date) throws(AccountFailure) -> Organisation {
        try authorise(.manageUsers, by: acting, duringSetup: true)
        return try attempt { () throws(CatalogueError) in try store.addOrganisation(organisation, by: acting.auditActor, at: date) }
    }

    /// Organisations are public: anyone may list them.
    public func organisations() throws(AccountFailure) -> [Organisation] {
        try attempt { () throws(CatalogueError) in try store.organisations() }
    }

    public func addUser(_ user: NewUser, by acting: Acting, at date: Date) throws(AccountFailure) -> User {
        try authorise(.manageUsers, by: acting, duringSetup: true)
        return try attempt { () throws(CatalogueError) in try store.addUser(user, by: acting.auditActor, at: date) }
    }

    /// Users' names are personal data: only administrators list them.
    public func users(by acting: Acting) throws(AccountFailure) -> [User] {
        try authorise(.manageUsers, by: acting)
        return try attempt { () throws(CatalogueError) in try store.users() }
    }

    public func revokeUser(named userName: String, by acting: Acting, at date: Date) throws(AccountFailure) -> RevokedUser {
        try authorise(.manageUsers, by: acting)
        let revoked = try attempt { () throws(CatalogueError) in try store.revokeUser(named: userName, by: acting.auditActor, at: date) }
        guard let revoked else { throw .notFound(Self.noSuchUser(userName)) }
        return revoked
    }

    /// Sets a user's password (their own, or anyone's for an administrator), after checking it
    /// against `PasswordRules`. Their sessions end.
    public func setPassword(_ password: String, ofUser userName: String, by acting: Acting, at date: Date,
                            cost: PasswordHash.Cost = .standard) throws(AccountFailure) {
        try authorise(.setPassword, onUser: userName, by: acting)
        if let problem = PasswordRules.problem(with: password, userName: userName) { throw .failed(CatalogueError(problem)) }
        let hash = try attempt { () throws(CatalogueError) in try PasswordHash.make(password, cost: cost) }
        try attempt { () throws(CatalogueError) in try store.setPassword(hash, ofUser: userName, by: acting.auditActor, at: date) }
    }

    // MARK: Tokens

    public func addToken(named name: String, for userName: String, expiresAt: Date?, by acting: Acting, at date: Date) throws(AccountFailure) -> IssuedToken {
        try authorise(.manageTokens, onUser: userName, by: acting)
        return try attempt { () throws(CatalogueError) in try store.addToken(named: name, for: userName, expiresAt: expiresAt, by: acting.auditActor, at: date) }
    }

    /// A user's tokens, or (nil) every token, those of no user too (administrators only).
    public func tokens(of userName: String?, by acting: Acting) throws(AccountFailure) -> [AccessToken] {
        if let userName { try authorise(.manageTokens, onUser: userName, by: acting) } else { try authorise(.manageTokens, by: acting) }
        return try attempt { () throws(CatalogueError) in try store.tokens(of: userName) }
    }

    public func revokeToken(id: Int64, by acting: Acting, at date: Date) throws(AccountFailure) -> AccessToken {
        let token = try attempt { () throws(CatalogueError) in try store.token(id: id) }
        guard let token else { throw .notFound(Self.noSuchToken(String(id))) }
        if let owner = token.owner { try authorise(.manageTokens, onUser: owner, by: acting) } else { try authorise(.manageTokens, by: acting) }
        return try attempt { () throws(CatalogueError) in try store.revokeToken(id: id, by: acting.auditActor, at: date) } ?? token
    }

    /// `userName` nil: a token of no user, made before accounts (administrators only).
    public func revokeToken(named name: String, of userName: String?, by acting: Acting, at date: Date) throws(AccountFailure) -> AccessToken {
        if let userName { try authorise(.manageTokens, onUser: userName, by: acting) } else { try authorise(.manageTokens, by: acting) }
        let revoked = try attempt { () throws(CatalogueError) in try store.revokeToken(named: name, of: userName, by: acting.auditActor, at: date) }
        guard let revoked else { throw .notFound(Self.noSuchToken(name)) }
        return revoked
    }

    // MARK: Repositories and the log

    public func setOwner(ofRepository location: String, to userName: String?, by acting: Acting, at date: Date) throws(AccountFailure) {
        try authorise(.manageUsers, by: acting)
        try attempt { () throws(CatalogueError) in try store.setOwner(ofRepository: location, to: userName, by: acting.auditActor, at: date) }
    }

    public func owners(ofRepositories locations: [String], by acting: Acting) throws(AccountFailure) -> [String: User] {
        try authorise(.manageUsers, by: acting)
        var owners: [String: User] = [:]
        for location in locations {
            if let owner = try attempt({ () throws(CatalogueError) in try store.owner(ofRepository: location) }) { owners[location] = owner }
        }
        return owners
    }

    public func auditEntries(since: Date?, limit: Int?, by acting: Acting) throws(AccountFailure) -> [AuditEntry] {
        try authorise(.readAuditLog, by: acting)
        return try attempt { () throws(CatalogueError) in try store.auditEntries(since: since, limit: limit) }
    }

    // MARK: Helpers

    /// Authorises an action on what belongs to a user. Whether a user name exists is itself
    /// personal data: someone who may not act on others' accounts is refused as for another's,
    /// and only those who may learn that there is no such user.
    private func authorise(_ action: AuthorisedAction, onUser userName: String, by acting: Acting) throws(AccountFailure) {
        let user = try attempt { () throws(CatalogueError) in try store.user(named: userName) }
        guard let user else {
            let someoneElse = Member(user: -1, userName: userName, role: .student, organisation: -1)
            try authorise(action, by: acting, on: AuthorisationSubject(owner: someoneElse))
            throw .notFound(Self.noSuchUser(userName))
        }
        try authorise(action, by: acting, on: AuthorisationSubject(owner: user.member))
    }

    private func attempt<T>(_ body: () throws(CatalogueError) -> T) throws(AccountFailure) -> T {
        do { return try body() } catch { throw error.isConflict ? AccountFailure(kind: .conflict, message: error.message) : .failed(error) }
    }

    static func noSuchUser(_ userName: String) -> CatalogueError {
        CatalogueError(LocalizedText(nb: "Brukeren «\(userName)» finnes ikke. Se brukerne med allmenning users list.",
                                     en: "The user \"\(userName)\" does not exist. See the users with allmenning users list."))
    }

    static func noSuchToken(_ nameOrID: String) -> CatalogueError {
        CatalogueError(LocalizedText(nb: "Ingen nøkkel heter «\(nameOrID)» eller har den id-en. Se nøklene med: allmenning tokens list",
                                     en: "No token is named \"\(nameOrID)\" or has that id. See the tokens with: allmenning tokens list"))
    }
}
