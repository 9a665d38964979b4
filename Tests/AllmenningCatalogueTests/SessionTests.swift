import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB
import Testing

@Suite("Sessions and password login: ids stored as hashes, rotated on login, expiring, with a CSRF token each")
struct SessionTests {
    let fixture: AccountsFixture
    var store: SQLiteCatalogue { fixture.store }
    var now: Date { fixture.now }
    let limits = SessionLimits(lifetime: 8 * 3600, idleTimeout: 1800)

    init() throws {
        fixture = try AccountsFixture()
        try fixture.user("kari", .teacher)
        try fixture.user("ola", .student)
        try fixture.setPassword("korrekt hest batteri", of: "kari")
    }

    var login: Login { Login(store: store, limits: limits) }
    var passwords: PasswordIdentityProvider { PasswordIdentityProvider(store: store) }

    @Test("a password login starts a valid session; the file keeps neither the session id nor the password")
    func passwordLogin() throws {
        let started = try login.logIn(with: passwords, PasswordCredential(userName: "kari", password: "korrekt hest batteri"), replacing: nil, at: now)
        guard case .valid(let session) = try login.session(started.secret, at: now.addingTimeInterval(1)) else { Issue.record("valid"); return }
        #expect(session.user.userName == "kari" && session.id == started.session.id)
        #expect(session.expiresAt == now.addingTimeInterval(8 * 3600))
        #expect(started.secret.count >= 43)
        #expect(try store.user(named: "kari")?.hasPassword == true)
        for suffix in ["", "-wal"] {
            let bytes = (try? Data(contentsOf: URL(fileURLWithPath: store.file.path + suffix))) ?? Data()
            #expect(bytes.range(of: Data(started.secret.utf8)) == nil, "catalogue.sqlite\(suffix) has the session id in clear")
            #expect(bytes.range(of: Data("korrekt hest batteri".utf8)) == nil, "catalogue.sqlite\(suffix) has the password in clear")
        }
    }

    @Test("a wrong password, an unknown user, a user without a password and a revoked user are all the same refusal")
    func refusedLogins() throws {
        _ = try store.revokeUser(named: "ola", by: .installation, at: now)
        try fixture.user("per", .teacher)
        try fixture.setPassword("et annet langt passord", of: "per")
        _ = try store.revokeUser(named: "per", by: .installation, at: now)
        for (user, password) in [("kari", "korrekt hest batterI"), ("kari", ""), ("ingen", "korrekt hest batteri"), ("ola", "korrekt hest batteri"),
                                 ("per", "et annet langt passord"), ("kari", String(repeating: "x", count: 5000))] {
            #expect(throws: LoginFailure.notRecognised, "\(user)") {
                try login.logIn(with: passwords, PasswordCredential(userName: user, password: password), replacing: nil, at: now)
            }
        }
    }

    @Test("a login rotates the session: the id the browser came with ends, the new one has a new id and a new CSRF token (session fixation)")
    func rotatedOnLogin() throws {
        // The attacker's own session, planted in the victim's browser.
        try fixture.setPassword("angriperens passord", of: "ola")
        let planted = try login.logIn(with: passwords, PasswordCredential(userName: "ola", password: "angriperens passord"), replacing: nil, at: now)
        let victim = try login.logIn(with: passwords, PasswordCredential(userName: "kari", password: "korrekt hest batteri"),
                                     replacing: planted.secret, at: now.addingTimeInterval(5))
        #expect(victim.secret != planted.secret)
        #expect(victim.session.csrfToken != planted.session.csrfToken)
        #expect(try login.session(planted.secret, at: now.addingTimeInterval(6)) == .ended)
        guard case .valid(let session) = try login.session(victim.secret, at: now.addingTimeInterval(6)) else { Issue.record("new session valid"); return }
        #expect(session.user.userName == "kari")
        // Logging in again as the same person also gives a new session.
        let again = try login.logIn(with: passwords, PasswordCredential(userName: "kari", password: "korrekt hest batteri"),
                                    replacing: victim.secret, at: now.addingTimeInterval(10))
        #expect(again.secret != victim.secret)
        #expect(try login.session(victim.secret, at: now.addingTimeInterval(11)) == .ended)
    }

    @Test("a session ends at its lifetime, however busy, and after the idle timeout without use")
    func expiry() throws {
        let started = try store.startSession(for: "kari", replacing: nil, limits: limits, at: now)
        // Used every 20 minutes, it lives until its lifetime is over.
        var time = now
        while time.addingTimeInterval(1200) < now.addingTimeInterval(8 * 3600) {
            time = time.addingTimeInterval(1200)
            guard case .valid = try login.session(started.secret, at: time) else { Issue.record("valid at \(time)"); return }
        }
        #expect(try login.session(started.secret, at: now.addingTimeInterval(8 * 3600)) == .expired)

        let idle = try store.startSession(for: "kari", replacing: nil, limits: limits, at: now)
        guard case .valid = try login.session(idle.secret, at: now.addingTimeInterval(1799)) else { Issue.record("valid just before the timeout"); return }
        #expect(try login.session(idle.secret, at: now.addingTimeInterval(1799 + 1800)) == .idle)
    }

    @Test("logging out ends the session; an unknown id is unknown")
    func logout() throws {
        let started = try store.startSession(for: "kari", replacing: nil, limits: limits, at: now)
        #expect(try login.logOut(started.secret, at: now.addingTimeInterval(1)))
        #expect(try login.session(started.secret, at: now.addingTimeInterval(2)) == .ended)
        #expect(try !login.logOut(started.secret, at: now.addingTimeInterval(3)))
        #expect(try login.session(TokenSecret.base64URL(TokenSecret.randomBytes(32)), at: now) == .unknown)
        #expect(try login.session("", at: now) == .unknown)
    }

    @Test("a new password and a revoked user end the sessions")
    func endedByAccountChanges() throws {
        let first = try store.startSession(for: "kari", replacing: nil, limits: limits, at: now)
        try fixture.setPassword("et nytt langt passord", of: "kari")
        #expect(try login.session(first.secret, at: now.addingTimeInterval(1)) == .ended)
        let second = try store.startSession(for: "kari", replacing: nil, limits: limits, at: now)
        _ = try store.revokeUser(named: "kari", by: .installation, at: now.addingTimeInterval(2))
        #expect(try login.session(second.secret, at: now.addingTimeInterval(3)) == .ended)
    }

    @Test("a form's CSRF token is accepted only when it is the session's own")
    func csrf() throws {
        let first = try store.startSession(for: "kari", replacing: nil, limits: limits, at: now)
        let second = try store.startSession(for: "ola", replacing: nil, limits: limits, at: now)
        guard case .valid(let session) = try login.session(first.secret, at: now) else { Issue.record("valid"); return }
        #expect(session.csrfToken == first.session.csrfToken, "the same token on every page of the session")
        #expect(session.acceptsCSRFToken(first.session.csrfToken))
        #expect(!session.acceptsCSRFToken(second.session.csrfToken))
        #expect(!session.acceptsCSRFToken(""))
        #expect(!session.acceptsCSRFToken(String(first.session.csrfToken.dropLast())))
        #expect(!session.acceptsCSRFToken(first.secret), "the session id is not the CSRF token")
    }

    @Test("an identity provider is all a new way of logging in needs: Login starts the session for whoever it identifies")
    func otherProviders() throws {
        /// Stands in for an OpenID Connect provider: a verified claim names the user.
        struct VerifiedClaims: IdentityProvider {
            let store: any AccountStore
            var name: String { "claims" }
            func identify(_ credential: String, at date: Date) throws(LoginFailure) -> User {
                guard let user = try? store.user(named: credential), !user.isRevoked else { throw .notRecognised }
                return user
            }
        }
        let started = try login.logIn(with: VerifiedClaims(store: store), "ola", replacing: nil, at: now)
        guard case .valid(let session) = try login.session(started.secret, at: now) else { Issue.record("valid"); return }
        #expect(session.user.userName == "ola")
        #expect(throws: LoginFailure.notRecognised) { try login.logIn(with: VerifiedClaims(store: store), "ingen", replacing: nil, at: now) }
    }
}
