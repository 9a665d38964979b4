import AllmenningCatalogue
import AllmenningCore
import Foundation
import HTTPTypes
import Hummingbird

/// The login page, logging out, and the account page with the user's access tokens. Thin over
/// the catalogue library: `Login` and `PasswordIdentityProvider` log in, `AccountAdministration`
/// asks the policy and makes the changes (so they are audited as the command line's are).
struct AccountPages: Sendable {
    let setup: ServerSetup
    let templates: Templates

    var cookies: LoginCookies { LoginCookies(publicURL: setup.publicURL) }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/login") { request, context in loginPage(request, context) }
        router.post("/login") { request, context in try await logIn(request, context) }
        router.post("/logout") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in try await logOut(request, visitor) }
        }
        router.get("/account") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await accountPage(request, visitor)
            }
        }
        router.post("/account/tokens") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await makeToken(request, context, visitor)
            }
        }
        router.post("/account/tokens/:id/revoke") { request, context in
            try await performingWrite(request, context, templates: templates) { visitor in
                try await revokeToken(request, id: context.parameters.get("id") ?? "", visitor)
            }
        }
    }

    // MARK: Logging in and out

    /// Where to go after logging in: a path on this server, else the account page (an
    /// address elsewhere would make the login page an open redirect).
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.hasPrefix("/\\"), raw.count <= 500,
              !raw.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else { return "/account" }
        return raw
    }

    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    /// To the login page, coming back here afterwards (for a form, to the page it was on).
    static func redirectToLogin(_ request: Request) -> Response {
        let back = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : "/account"
        return redirect("/login?lang=\(ReaderLanguage(request).language.rawValue)&next=\(percentEscaped(safeNext(back)))")
    }

    /// A well-formed pre-login token from the browser's cookie, or a new one.
    func loginFormToken(_ request: Request) -> (token: String, isNew: Bool) {
        if let presented = request.cookies[cookies.loginForm]?.value, presented.count == 43,
           presented.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" }) {
            return (presented, false)
        }
        return (TokenSecret.base64URL(TokenSecret.randomBytes(32)), true)
    }

    /// The login form's pre-login token: not `csrf`, which the logout form in the header of
    /// the same page carries when someone is logged in already.
    static let loginTokenField = "login_token"

    struct LoginForm {
        var userName = ""
        var next = "/account"
        var formError: String?
        var userError: String?
        var passwordError: String?
    }

    /// The form, also for someone logged in already (the header says as whom): logging in
    /// again as someone else, on a shared computer, replaces the session.
    func loginPage(_ request: Request, _ context: ServerRequestContext) -> Response {
        var form = LoginForm()
        form.next = Self.safeNext(QueryParameters(request.uri.query).first("next"))
        return renderLogin(request, form, status: .ok, freshToken: false)
    }

    /// The login form; `freshToken`: a new pre-login token even when the browser has one (after
    /// a refused one).
    func renderLogin(_ request: Request, _ form: LoginForm, status: HTTPResponse.Status, freshToken: Bool, headers: HTTPFields = [:]) -> Response {
        let language = ReaderLanguage(request).language
        var token = loginFormToken(request)
        if freshToken { token = (TokenSecret.base64URL(TokenSecret.randomBytes(32)), true) }
        var fields = headers
        fields[.cacheControl] = "no-store"
        var response = templates.page("login", status: status, language: language, request: request,
                                      title: InterfaceText.text("loginHeading", language),
                                      values: ["loginCSRF": token.token, "next": form.next, "userName": form.userName,
                                               "formError": form.formError, "userError": form.userError, "passwordError": form.passwordError],
                                      extraHeaders: fields)
        if token.isNew { response.headers.append(HTTPField(name: .setCookie, value: cookies.setting(cookies.loginForm, to: token.token))) }
        return response
    }

    func logIn(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        var request = request
        let submitted = try await SubmittedForm.read(&request, limit: context.maxUploadSize)
        let language = ReaderLanguage(request).language
        func t(_ key: String) -> String { InterfaceText.text(key, language) }
        var form = LoginForm()
        form.userName = String((submitted["user"] ?? "").trimmingCharacters(in: .whitespaces).lowercased().prefix(200))
        form.next = Self.safeNext(submitted["next"])
        let password = submitted["password"] ?? ""

        // Login CSRF: the form's token must be the one this browser's cookie holds, which no
        // other site can read or (with __Host-) set; and the form must come from this site.
        let expected = request.cookies[cookies.loginForm]?.value ?? ""
        guard SameOrigin.holds(request, publicURL: setup.publicURL), !expected.isEmpty, let presented = submitted[Self.loginTokenField],
              TokenSecret.constantTimeEqual(TokenSecret.hash(presented), TokenSecret.hash(expected)) else {
            context.logger.notice("login refused: the form's token did not match its cookie, or it came from another site")
            form.formError = t("loginFormExpired")
            return renderLogin(request, form, status: .forbidden, freshToken: true)
        }
        if form.userName.isEmpty { form.userError = t("loginMissingUserName") }
        if password.isEmpty { form.passwordError = t("loginMissingPassword") }
        if form.userError != nil || form.passwordError != nil {
            form.formError = t("errorSummary") + " " + [form.userError, form.passwordError].compactMap { $0 }.joined(separator: " ")
            return renderLogin(request, form, status: .unprocessableContent, freshToken: false)
        }
        guard let accounts = setup.accounts else {
            form.formError = t("loginUnavailable")
            return renderLogin(request, form, status: .serviceUnavailable, freshToken: false)
        }
        let now = setup.now()
        let throttle = setup.loginThrottle
        if let wait = throttle.retryAfter(userName: form.userName, address: context.remoteAddress, at: now) {
            context.logger.notice("login for \(form.userName) from \(context.remoteAddress ?? "?") refused: too many failures, \(wait) s to wait")
            form.formError = String(format: t("loginThrottled"), max(1, (wait + 59) / 60))
            var headers = HTTPFields()
            headers[.retryAfter] = String(wait)
            return renderLogin(request, form, status: .tooManyRequests, freshToken: false, headers: headers)
        }
        // The session cookie the browser came with ends, whatever it is: a login never keeps an
        // id the browser had before (session fixation).
        let previous = request.cookies[cookies.session]?.value
        let credential = PasswordCredential(userName: form.userName, password: password)
        let login = Login(store: accounts)
        let started: Result<StartedSession, LoginFailure> = try await blocking {
            Result { () throws(LoginFailure) in
                try login.logIn(with: PasswordIdentityProvider(store: accounts), credential, replacing: previous, at: now)
            }
        }
        switch started {
        case .success(let started):
            throttle.recordSuccess(userName: form.userName)
            context.logger.notice("login by \(started.session.user.userName)")
            return Self.redirect(form.next, cookies: [cookies.setting(cookies.session, to: started.secret), cookies.clearing(cookies.loginForm)])
        case .failure(let failure) where failure.kind == .notRecognised:
            throttle.recordFailure(userName: form.userName, address: context.remoteAddress, at: now)
            context.logger.notice("failed login for \(form.userName) from \(context.remoteAddress ?? "?")")
            form.formError = t("loginWrong")
            return renderLogin(request, form, status: .unprocessableContent, freshToken: false)
        case .failure(let failure):
            context.logger.error("login could not be checked: \(failure.message.en)")
            form.formError = t("loginUnavailable")
            return renderLogin(request, form, status: .serviceUnavailable, freshToken: false)
        }
    }

    /// Ends the session the request came with (its CSRF token was checked by
    /// `VisitorMiddleware`); without one there is nothing to end, and the answer is the same.
    func logOut(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let home = "/?lang=\(ReaderLanguage(request).language.rawValue)"
        guard visitor.session != nil, let accounts = setup.accounts, let secret = request.cookies[cookies.session]?.value else {
            return Self.redirect(home)
        }
        let now = setup.now()
        _ = try await blocking { try accounts.endSession(secret, at: now) }
        return Self.redirect(home, cookies: [cookies.clearing(cookies.session)])
    }

    // MARK: The account page

    func administration() throws -> AccountAdministration {
        guard let accounts = setup.accounts else {
            throw WriteRefusal(.unavailable, LocalizedText(nb: "Denne tjeneren har ingen kontoer.", en: "This server has no accounts."))
        }
        return AccountAdministration(store: accounts)
    }

    static func signedInUser(_ visitor: Visitor) throws(WriteRefusal) -> User {
        guard let user = visitor.user else { throw WriteRefusal(.needsLogin, WriteRefusal.loginNeeded) }
        return user
    }

    struct TokenForm {
        var name = ""
        var days = ""
        var nameError: String?
        var daysError: String?
        var issued: IssuedToken?
    }

    func accountPage(_ request: Request, _ visitor: Visitor, form: TokenForm = TokenForm(), status: HTTPResponse.Status = .ok) async throws -> Response {
        let user = try Self.signedInUser(visitor)
        let administration = try administration()
        let acting = visitor.acting
        let tokens = try await blocking { () throws(AccountFailure) in try administration.tokens(of: user.userName, by: acting) }
        let language = ReaderLanguage(request).language
        let show = Presentation(language: language, setup: setup)
        func t(_ key: String) -> String { InterfaceText.text(key, language) }
        let now = setup.now()
        let rows: [[String: Any]] = tokens.map { token in
            let state = token.state(at: now)
            return ["id": String(token.id), "name": token.name, "state": t("tokenState.\(state.rawValue)"), "live": state == .active,
                    "created": show.date(token.createdAt), "expires": token.expiresAt.map(show.date) ?? t("tokenNoExpiry"),
                    "lastUsed": token.lastUsedAt.map(show.date) ?? t("tokenNever"),
                    "revokeLabel": String(format: t("revokeTokenNamed"), token.name)]
        }
        let errors = [form.nameError, form.daysError].compactMap { $0 }
        let waiting = try await awaitingApproval(acting, show: show)
        let values: [String: Any?] = [
            "waiting": waiting, "hasWaiting": !waiting.isEmpty,
            "userName": user.userName, "displayName": user.displayName, "pseudonym": user.pseudonym,
            "role": t("role.\(user.role.rawValue)"), "organisation": user.organisation.displayName,
            "csrf": visitor.session?.csrfToken ?? "",
            "tokens": rows, "hasTokens": !rows.isEmpty,
            "issued": form.issued.map { ["heading": String(format: t("tokenMadeHeading"), $0.token.name), "secret": $0.secret] as [String: Any] },
            "newName": form.issued == nil ? form.name : "", "newDays": form.issued == nil ? form.days : "",
            "nameError": form.nameError, "daysError": form.daysError,
            "formError": errors.isEmpty ? nil : t("errorSummary") + " " + errors.joined(separator: " "),
        ]
        var headers = HTTPFields()
        headers[.cacheControl] = "no-store"
        return templates.page("account", status: status, language: language, request: request, title: t("accountHeading"),
                              values: values.mapValues { $0 as Any }, extraHeaders: headers)
    }

    /// Pupils' resources waiting for approval that the visitor may see (a teacher's pupils', a
    /// pupil's own): how a teacher finds them, as search shows only what is public.
    func awaitingApproval(_ acting: Acting, show: Presentation) async throws -> [[String: Any]] {
        guard let store = setup.catalogue as? any PublicationStore else { return [] }
        let waiting = try await blocking { () throws(PublicationFailure) in try Publication(store: store).awaitingApproval(by: acting) }
        return waiting.compactMap { status in
            guard let id = status.state.resourceID else { return nil }
            let title = show.text(status.title)
            return ["href": PublicationDecisions.pageHref(id), "title": title?.text ?? id, "titleLang": title?.lang as Any,
                    "pseudonym": status.state.pseudonym ?? "", "blocked": !status.blockingFindings.isEmpty,
                    "blockedText": String(format: InterfaceText.text("waitingBlocked", show.language), status.blockingFindings.count)]
        }
    }

    /// The largest validity a token can be given, in days (ten years).
    static let maximumDays = 3650

    func makeToken(_ request: Request, _ context: ServerRequestContext, _ visitor: Visitor) async throws -> Response {
        let user = try Self.signedInUser(visitor)
        var request = request
        let submitted = try await SubmittedForm.read(&request, limit: context.maxUploadSize)
        let language = ReaderLanguage(request).language
        var form = TokenForm()
        form.name = String((submitted["name"] ?? "").prefix(200))
        form.days = String((submitted["days"] ?? "").trimmingCharacters(in: .whitespaces).prefix(20))
        var expiresAt: Date?
        let now = setup.now()
        if !form.days.isEmpty {
            if let days = Int(form.days), (1...Self.maximumDays).contains(days) {
                expiresAt = now.addingTimeInterval(TimeInterval(days) * 86_400)
            } else {
                form.daysError = InterfaceText.text("tokenDaysInvalid", language)
            }
        }
        if !TokenSecret.isAcceptableName(form.name) {
            form.nameError = TokenSecret.unacceptableName(form.name).text(in: language.messageLanguage)
        }
        if form.nameError != nil || form.daysError != nil {
            return try await accountPage(request, visitor, form: form, status: .unprocessableContent)
        }
        let administration = try administration()
        let acting = visitor.acting, name = form.name, expiry = expiresAt
        do {
            form.issued = try await blocking { () throws(AccountFailure) in
                try administration.addToken(named: name, for: user.userName, expiresAt: expiry, by: acting, at: now)
            }
        } catch let failure as AccountFailure where failure.kind == .conflict {
            // A live token of that name already: the name field says so.
            form.nameError = failure.message.text(in: language.messageLanguage)
            return try await accountPage(request, visitor, form: form, status: .conflict)
        }
        context.logger.notice("token \(name) made by \(user.userName)")
        return try await accountPage(request, visitor, form: form, status: .created)
    }

    func revokeToken(_ request: Request, id: String, _ visitor: Visitor) async throws -> Response {
        _ = try Self.signedInUser(visitor)
        guard let id = Int64(id) else { throw WriteRefusal(.notFound, AccountAPI.noSuchToken(id)) }
        let administration = try administration()
        let acting = visitor.acting, now = setup.now()
        _ = try await blocking { () throws(AccountFailure) in try administration.revokeToken(id: id, by: acting, at: now) }
        return Self.redirect("/account?lang=\(ReaderLanguage(request).language.rawValue)")
    }
}
