import AllmenningCatalogue
import AllmenningCore
@testable import AllmenningServer
import Foundation
import Testing

/// The login page, sessions in the browser, the account page and the account API: what a
/// teacher does, and what an attacker tries.
@Suite("logging in: the login page, sessions, the account page and its API", .serialized)
struct LoginTests {
    @Test("a teacher logs in, sees who they are in the header and on the account page, and logs out")
    func logInAndOut() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        try server.userWithPassword("kari", .teacher)
        let browser = Browser(port: server.port)

        let front = try await browser.get("/")
        #expect(front.text.contains("href=\"/login?lang=nb\""), "the header offers a login link")
        let form = try await browser.get("/login")
        #expect(form.status == 200)
        #expect(form.text.contains("<label for=\"user\">Brukernavn</label>") && form.text.contains("autocomplete=\"current-password\""))
        #expect(browser.cookies["allmenning-login"] != nil, "the pre-login token's cookie")
        let setCookie = try #require(form.header("Set-Cookie"))
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax") && setCookie.contains("Path=/"))

        let loggedIn = try await browser.logIn("kari")
        #expect(loggedIn.status == 303)
        #expect(loggedIn.header("Location") == "/account")
        let cookie = try #require(loggedIn.headers.first { $0.0.lowercased() == "set-cookie" && $0.1.hasPrefix("allmenning-session=") }?.1)
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/") && !cookie.contains("Secure"))
        #expect(browser.cookies["allmenning-login"] == nil, "the pre-login token is spent")

        let account = try await browser.get("/account")
        #expect(account.status == 200)
        #expect(account.text.contains("Logget inn som <a href=\"/account?lang=nb\">kari</a>"))
        #expect(account.text.contains("<dd>lærer</dd>") && account.text.contains("<dd>Nygård skole</dd>"))
        #expect(account.header("Cache-Control") == "private, no-store")
        let nynorsk = try await browser.get("/account?lang=nn")
        #expect(nynorsk.text.contains("<dd>lærar</dd>") && nynorsk.text.contains("Logga inn som"))

        let csrf = try await browser.csrfToken()
        let secret = try #require(browser.session)
        let out = try await browser.request("POST", "/logout", form: [("csrf", csrf)])
        #expect(out.status == 303)
        #expect(browser.session == nil, "the cookie is cleared")
        guard case .ended = try server.catalogue.checkSession(secret, limits: .standard, at: Date()) else {
            Issue.record("the session did not end")
            return
        }
        let after = try await browser.get("/account")
        #expect(after.status == 303 && after.header("Location")?.hasPrefix("/login") == true)
    }

    @Test("wrong passwords and missing fields show the form again with the error tied to it; nothing is logged in")
    func failedLogins() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        try server.userWithPassword("kari", .teacher)
        let browser = Browser(port: server.port)
        let wrong = try await browser.logIn("kari", password: "feil-passord-her")
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("Feil brukernavn eller passord."))
        #expect(browser.session == nil)
        let english = try await browser.request("POST", "/login?lang=en", form: [("login_token", browser.cookies["allmenning-login"] ?? ""), ("user", ""), ("password", "")],
                                                language: "en")
        #expect(english.status == 422)
        #expect(english.text.contains("aria-describedby=\"user-error\"") && english.text.contains("id=\"user-error\">Enter your user name."))
        #expect(english.text.contains("aria-describedby=\"password-error\""))
        #expect(ServerFixture.accessibilityErrors(english.body).isEmpty, "\(ServerFixture.accessibilityErrors(english.body).map(\.code))")
        #expect(browser.session == nil)
    }

    @Test("session fixation: a session id planted before the login is never the one after it, and ends")
    func sessionFixation() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        try server.userWithPassword("kari", .teacher)
        try server.userWithPassword("mallory", .teacher)
        // An id the attacker made up, and one of the attacker's own real sessions.
        for planted in ["planted-by-an-attacker-0123456789", try server.catalogue.startSession(for: "mallory", replacing: nil, limits: .standard, at: Date()).secret] {
            let browser = Browser(port: server.port)
            browser.cookies["allmenning-session"] = planted
            #expect(try await browser.logIn("kari").status == 303)
            let now = try #require(browser.session)
            #expect(now != planted)
            if case .valid = try server.catalogue.checkSession(planted, limits: .standard, at: Date()) {
                Issue.record("the planted session still works after the login")
            }
            let me = try await browser.get("/api/me")
            let object = try JSONSerialization.jsonObject(with: me.body) as? [String: Any]
            #expect(object?["userName"] as? String == "kari")
        }
    }

    @Test("login CSRF: a login form without this browser's pre-login token, with another's, or from another site is refused and logs nobody in")
    func loginCSRF() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        try server.userWithPassword("mallory", .teacher)
        let victim = Browser(port: server.port)
        _ = try await victim.get("/login")
        let attacker = Browser(port: server.port)
        let attackersPage = try await attacker.get("/login")
        let attackersToken = try #require(Browser.hiddenField("login_token", in: attackersPage.text))
        let credentials = [("user", "mallory"), ("password", ServerFixture.testPassword)]
        for form in [credentials, [("login_token", attackersToken)] + credentials, [("login_token", "")] + credentials] {
            let answer = try await victim.request("POST", "/login", form: form)
            #expect(answer.status == 403, "\(form.first?.0 ?? "")")
            #expect(answer.text.contains("kom fra et annet nettsted"))
            #expect(victim.session == nil)
        }
        // The right token, but posted from another site's page.
        let page = try await victim.get("/login")
        let token = try #require(Browser.hiddenField("login_token", in: page.text))
        victim.origin = "https://evil.example"
        #expect(try await victim.request("POST", "/login", form: [("login_token", token)] + credentials).status == 403)
        #expect(victim.session == nil)
        victim.origin = "null"
        #expect(try await victim.request("POST", "/login", form: [("login_token", token)] + credentials).status == 403)
        // Each refusal gave the browser a new form and token.
        victim.origin = nil
        let fresh = try #require(Browser.hiddenField("login_token", in: try await victim.get("/login").text))
        #expect(fresh != token)
        #expect(try await victim.request("POST", "/login", form: [("login_token", token)] + credentials).status == 403, "the old token is spent")
        let again = try #require(Browser.hiddenField("login_token", in: try await victim.get("/login").text))
        #expect(try await victim.request("POST", "/login", form: [("login_token", again)] + credentials).status == 303, "no Origin: the token decides")
    }

    @Test("failed logins are limited per user name: the sixth attempt within the window is 429 with Retry-After, even with the right password; another user is not affected")
    func loginThrottling() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        try server.userWithPassword("kari", .teacher)
        try server.userWithPassword("per", .teacher)
        let browser = Browser(port: server.port)
        for _ in 0..<LoginThrottle.Limits.standard.perUserName {
            #expect(try await browser.logIn("kari", password: "gjetning-\(UUID().uuidString)").status == 422)
        }
        let throttled = try await browser.logIn("kari")
        #expect(throttled.status == 429)
        let retryAfter = try #require(throttled.header("Retry-After").flatMap(Int.init))
        #expect(retryAfter > 0 && retryAfter <= 15 * 60)
        #expect(throttled.text.contains("For mange mislykkede innlogginger"))
        #expect(browser.session == nil)
        #expect(try await Browser(port: server.port).logIn("per").status == 303)
    }

    @Test("the throttle counts per address too, forgets after its window, and a success clears the user name's count")
    func throttleRules() {
        let throttle = LoginThrottle(limits: .init(perUserName: 3, perAddress: 5, window: 60, maximumKeys: 4))
        let start = Date(timeIntervalSince1970: 1_000_000)
        for index in 0..<3 { throttle.recordFailure(userName: "kari", address: "10.0.0.1", at: start.addingTimeInterval(Double(index))) }
        #expect(throttle.retryAfter(userName: "KARI", address: "10.0.0.2", at: start.addingTimeInterval(3)) == 57)
        #expect(throttle.retryAfter(userName: "kari", address: nil, at: start.addingTimeInterval(61)) == nil, "the first failure left the window")
        throttle.recordSuccess(userName: "kari")
        #expect(throttle.retryAfter(userName: "kari", address: nil, at: start.addingTimeInterval(3)) == nil)
        for index in 0..<2 { throttle.recordFailure(userName: "ola\(index)", address: "10.0.0.1", at: start.addingTimeInterval(4)) }
        #expect(throttle.retryAfter(userName: "someone", address: "10.0.0.1", at: start.addingTimeInterval(5)) != nil, "five from one address")
        #expect(throttle.retryAfter(userName: "someone", address: "10.0.0.9", at: start.addingTimeInterval(5)) == nil)
    }

    @Test("over https the cookies are Secure with the __Host- prefix; over http neither")
    func cookieAttributes() {
        let secure = LoginCookies(publicURL: "https://allmenning.bergen.kommune.no")
        #expect(secure.session == "__Host-allmenning-session")
        #expect(secure.setting(secure.session, to: "x") == "__Host-allmenning-session=x; Path=/; HttpOnly; SameSite=Lax; Secure")
        #expect(secure.clearing(secure.loginForm) == "__Host-allmenning-login=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure")
        let plain = LoginCookies(publicURL: "http://127.0.0.1:8080")
        #expect(plain.setting(plain.session, to: "x") == "allmenning-session=x; Path=/; HttpOnly; SameSite=Lax")
        #expect(AccountPages.safeNext("//evil.example/") == "/account" && AccountPages.safeNext("https://evil.example") == "/account")
        #expect(AccountPages.safeNext("/resources/x?lang=nn") == "/resources/x?lang=nn")
    }

    @Test("the account page makes a token shown once and revokes it; both are in the audit log; the page passes our accessibility checks")
    func accountTokens() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        try server.userWithPassword("kari", .teacher)
        let browser = Browser(port: server.port)
        try await browser.logIn("kari")
        let csrf = try await browser.csrfToken()
        let made = try await browser.request("POST", "/account/tokens", form: [("csrf", csrf), ("name", "bærbar"), ("days", "30")])
        #expect(made.status == 201)
        let secret = try #require(made.text.range(of: "allm_[A-Za-z0-9_-]+", options: .regularExpression).map { String(made.text[$0]) })
        guard case .valid(let token, let user) = try server.catalogue.checkToken(secret, at: Date()) else {
            Issue.record("the token shown does not work")
            return
        }
        #expect(user.userName == "kari" && token.name == "bærbar")
        #expect(token.expiresAt.map { abs($0.timeIntervalSinceNow - 30 * 86_400) < 120 } == true)
        #expect(ServerFixture.accessibilityErrors(made.body).isEmpty, "\(ServerFixture.accessibilityErrors(made.body).map(\.code))")
        let again = try await browser.get("/account")
        #expect(!again.text.contains(secret), "shown once")
        #expect(again.text.contains("<th scope=\"row\">bærbar</th>"))
        #expect(ServerFixture.accessibilityErrors(again.body).isEmpty, "\(ServerFixture.accessibilityErrors(again.body).map(\.code))")

        let bad = try await browser.request("POST", "/account/tokens", form: [("csrf", csrf), ("name", "123"), ("days", "tusen")])
        #expect(bad.status == 422)
        #expect(bad.text.contains("aria-describedby=\"token-name-error\"") && bad.text.contains("aria-describedby=\"token-days-error\""))
        #expect(ServerFixture.accessibilityErrors(bad.body).isEmpty)

        let revoked = try await browser.request("POST", "/account/tokens/\(token.id)/revoke", form: [("csrf", csrf)])
        #expect(revoked.status == 303)
        guard case .revoked = try server.catalogue.checkToken(secret, at: Date()) else {
            Issue.record("the token still works")
            return
        }
        let log = try server.catalogue.auditEntries(since: nil, limit: nil).filter { $0.subjectType == "token" }
        #expect(log.map(\.action).suffix(2) == ["token.add", "token.revoke"], "\(log.map(\.action))")
        #expect(log.suffix(2).allSatisfy { $0.actor == "kari" })
    }

    @Test("the API with a bearer token: who am I, list, make, revoke; a revoked or expired token is 401 saying so")
    func bearerAPI() async throws {
        let server = try await ServerFixture(resources: [])
        defer { Task { await server.stop() } }
        try server.user("kari", .teacher)
        let token = try server.token(for: "kari")
        let client = Browser(port: server.port)
        client.origin = nil
        let bearer = ["Authorization: Bearer \(token.secret)"]
        let me = try await client.request("GET", "/api/me", extraHeaders: bearer)
        #expect(me.status == 200)
        let object = try JSONSerialization.jsonObject(with: me.body) as? [String: Any] ?? [:]
        #expect(object["userName"] as? String == "kari" && object["role"] as? String == "teacher" && object["authenticatedBy"] as? String == "token")
        #expect(object["csrfToken"] == nil)
        #expect(me.header("Access-Control-Allow-Origin") == nil)

        let made = try await client.request("POST", "/api/tokens", json: "{\"name\": \"ci\", \"expiresInDays\": 7}", extraHeaders: bearer)
        #expect(made.status == 201, "\(made.text)")
        let madeObject = try JSONSerialization.jsonObject(with: made.body) as? [String: Any] ?? [:]
        let second = try #require(madeObject["secret"] as? String)
        let id = try #require((madeObject["token"] as? [String: Any])?["id"] as? Int)
        let list = try await client.request("GET", "/api/tokens", extraHeaders: bearer)
        #expect(list.text.contains("\"ci\"") && list.text.contains("\"laptop\"") && !list.text.contains(second))
        for body in ["{\"name\": 5}", "not json", "{\"name\": \"x\", \"expiresInDays\": 0}", "{\"name\": \"99\"}"] {
            let refused = try await client.request("POST", "/api/tokens", json: body, extraHeaders: bearer)
            #expect(refused.status == 422, "\(body): \(refused.status)")
            #expect(refused.header("Content-Type") == "application/problem+json")
        }
        let sameName = try await client.request("POST", "/api/tokens", json: "{\"name\": \"ci\", \"user\": null}", extraHeaders: bearer)
        #expect(sameName.status == 409 && sameName.text.contains("«ci»"), "a live token of that name: \(sameName.text)")
        #expect(try await client.request("DELETE", "/api/tokens/999999", extraHeaders: bearer).status == 404)
        let revoked = try await client.request("DELETE", "/api/tokens/\(id)", extraHeaders: bearer)
        #expect(revoked.status == 200)
        let reuse = try await client.request("GET", "/api/me", extraHeaders: ["Authorization: Bearer \(second)"], language: "en")
        #expect(reuse.status == 401)
        #expect(reuse.text.contains("revoked") && reuse.header("WWW-Authenticate")?.hasPrefix("Bearer") == true, "\(reuse.text)")

        let expired = try server.token(for: "kari", named: "gammel", expiresAt: Date().addingTimeInterval(-60), at: Date().addingTimeInterval(-3600))
        let old = try await client.request("GET", "/api/me", extraHeaders: ["Authorization: Bearer \(expired.secret)"], language: "en")
        #expect(old.status == 401 && old.text.contains("expired"), "\(old.text)")
        let nobody = try await client.request("GET", "/api/me")
        #expect(nobody.status == 401 && nobody.header("Content-Type") == "application/problem+json")
    }
}
