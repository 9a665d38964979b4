import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import Testing

/// The authorisation matrix through the server: every write endpoint (`WriteEndpoint.all`) ×
/// every role and nobody, allowed or refused exactly as the README's table says, and when
/// refused, nothing changed. And CSRF on every form.
@Suite("write endpoints: the authorisation matrix and CSRF", .serialized)
struct WriteMatrixTests {
    /// What the README says about one endpoint for one column.
    static func expected(_ endpoint: WriteEndpoint, column: String, table: RolesTable) throws -> Bool {
        try mayAct(endpoint.who, column: column, table: table)
    }

    static func mayAct(_ who: WriteEndpoint.Who, column: String, table: RolesTable) throws -> Bool {
        switch who {
        case .anyone:
            return true
        case .policy(let action, let situation):
            let row = try #require(table.rows.first { $0.action == action && $0.situation == situation },
                                   "README.md has no row \(action) on \(situation)")
            return try #require(row.allowed[column], "README.md's row \(action) on \(situation) has no column \(column)")
        }
    }

    static func check(_ attempt: Attempt, allowed: Bool, endpoint: WriteEndpoint, column: String, table: RolesTable) throws {
        let cell = "\(endpoint.name) by \(column)"
        if allowed {
            let sentToLogin = attempt.location?.hasPrefix("/login") ?? false
            #expect([200, 201, 303].contains(attempt.status) && !sentToLogin, "\(cell) should be allowed: \(attempt.status) \(attempt.text.prefix(300))")
            if let changed = attempt.changed { #expect(changed, "\(cell) was allowed but changed nothing") }
            return
        }
        // What the actor may not see, they are told does not exist.
        let hidden = try endpoint.seenAs.map { try !Self.mayAct(.policy(action: "see", situation: $0), column: column, table: table) } ?? false
        switch (endpoint.channel, column) {
        case (.form, "nobody"), (.loginForm, "nobody"):
            #expect(attempt.status == 303 && attempt.location?.hasPrefix("/login?") == true, "\(cell) should go to the login page: \(attempt.status) \(attempt.location ?? "")")
        case (_, "nobody"):
            #expect(attempt.status == 401, "\(cell) should be 401: \(attempt.status) \(attempt.text.prefix(300))")
        case (_, _) where hidden:
            #expect(attempt.status == 404, "\(cell) should be 404 (may not see it): \(attempt.status) \(attempt.text.prefix(300))")
        default:
            #expect(attempt.status == 403, "\(cell) should be 403: \(attempt.status) \(attempt.text.prefix(300))")
            #expect(!attempt.text.isEmpty, "\(cell): a refusal says why")
        }
        if let changed = attempt.changed { #expect(!changed, "\(cell) was refused but changed something") }
    }

    @Test("every write endpoint × every role and nobody: allowed or refused as the README's table says, and a refusal changes nothing")
    func authorisationMatrix() async throws {
        let world = try await MatrixWorld()
        defer { Task { await world.server.stop() } }
        let table = try RolesTable()
        #expect(Set(table.actorColumns) == Set(world.actors.keys), "the table's columns are the roles and nobody")
        for endpoint in WriteEndpoint.all {
            for column in table.actorColumns {
                let actor = try #require(world.actors[column])
                let allowed = try Self.expected(endpoint, column: column, table: table)
                let attempt = try await endpoint.attempt(world, actor, .valid)
                try Self.check(attempt, allowed: allowed, endpoint: endpoint, column: column, table: table)
            }
        }
    }

    @Test("CSRF on every form: a missing, wrong or another session's token is 403 and changes nothing; the page's own token works")
    func csrfOnEveryForm() async throws {
        let world = try await MatrixWorld()
        defer { Task { await world.server.stop() } }
        let table = try RolesTable()
        let forms = WriteEndpoint.all.filter { $0.channel == .form }
        #expect(forms.count >= 4)
        for endpoint in forms {
            // Someone the endpoint allows, so that only the token can be what refuses it. A form
            // no role may use (reviewing or approving one's own) is tried by a teacher: the token
            // is checked before the policy, so the refusal must still be the token's page.
            var allowedColumns: [String] = []
            for column in table.actorColumns where column != "nobody" {
                if try Self.expected(endpoint, column: column, table: table) { allowedColumns.append(column) }
            }
            let column = allowedColumns.first ?? "teacher"
            let actor = try #require(world.actors[column])
            for choice in CSRFChoice.allCases where choice != .valid {
                let attempt = try await endpoint.attempt(world, actor, choice)
                #expect(attempt.status == 403, "\(endpoint.name) by \(column) with a \(choice) CSRF token: \(attempt.status)")
                #expect(attempt.text.contains("kontrollkoden"), "\(endpoint.name): the page says what to do")
                if let changed = attempt.changed { #expect(!changed, "\(endpoint.name) with a \(choice) CSRF token changed something") }
            }
            let valid = try await endpoint.attempt(world, actor, .valid)
            try Self.check(valid, allowed: !allowedColumns.isEmpty, endpoint: endpoint, column: column, table: table)
        }
    }

    @Test("a form with the right token posted from another site's page (Origin or Referer) is refused; the API with a session needs X-CSRF-Token")
    func originAndAPISession() async throws {
        let world = try await MatrixWorld()
        defer { Task { await world.server.stop() } }
        let actor = try #require(world.actors["teacher"])
        let browser = Browser(port: world.server.port)
        browser.cookies["allmenning-session"] = actor.session
        browser.origin = "https://evil.example"
        let name = "fra-annet-nettsted"
        let forged = try await browser.request("POST", "/account/tokens", form: [("csrf", actor.csrf ?? ""), ("name", name)])
        #expect(forged.status == 403)
        browser.origin = nil
        let referred = try await browser.request("POST", "/account/tokens", form: [("csrf", actor.csrf ?? ""), ("name", name)],
                                                 extraHeaders: ["Referer: https://evil.example/side"])
        #expect(referred.status == 403)
        #expect(try !world.tokenExists(named: name))

        // A script on our pages: the session cookie and the CSRF token from /api/me as a header.
        let me = try await browser.get("/api/me")
        let csrf = try #require((try JSONSerialization.jsonObject(with: me.body) as? [String: Any])?["csrfToken"] as? String)
        #expect(csrf == actor.csrf)
        let without = try await browser.request("POST", "/api/tokens", json: "{\"name\": \"\(name)\"}")
        #expect(without.status == 403 && without.header("Content-Type") == "application/problem+json")
        #expect(try !world.tokenExists(named: name))
        let with = try await browser.request("POST", "/api/tokens", json: "{\"name\": \"\(name)\"}", extraHeaders: ["X-CSRF-Token: \(csrf)"])
        #expect(with.status == 201, "\(with.text)")
        #expect(try world.tokenExists(named: name))
    }

    @Test("token reuse after revocation: a token revoked on the account page no longer works for the API or for git push")
    func tokenReuseAfterRevocation() async throws {
        let world = try await MatrixWorld()
        defer { Task { await world.server.stop() } }
        let actor = try #require(world.actors["teacher"])
        let userName = try #require(actor.user)
        try world.server.give(WriteEndpoint.repository, to: userName)
        let issued = try world.server.token(for: userName, named: "brukt")
        #expect(try await GitHTTPTests.pushAnswer(world.server, secret: issued.secret).status == 200)
        #expect(try await world.api(MatrixWorld.Actor(column: "teacher", token: issued.secret), "GET", "/api/me").status == 200)
        let revoked = try await world.post(actor, "/account/tokens/\(issued.token.id)/revoke", form: [], csrf: .valid)
        #expect(revoked.status == 303)
        let push = try await GitHTTPTests.pushAnswer(world.server, secret: issued.secret)
        #expect(push.status == 403 && push.text.contains("revoked"), "\(push.text)")
        let api = try await world.api(MatrixWorld.Actor(column: "teacher", token: issued.secret), "POST", "/api/tokens", json: "{\"name\": \"etter\"}")
        #expect(api.status == 401 && api.text.contains("trukket tilbake"), "\(api.text)")
        #expect(try !world.tokenExists(named: "etter"))
    }
}
