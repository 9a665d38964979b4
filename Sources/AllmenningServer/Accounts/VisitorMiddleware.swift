import AllmenningCatalogue
import AllmenningCore
import Foundation
import HTTPTypes
import Hummingbird

/// Decides who is asking, for every request but git's (which takes its token as HTTP Basic
/// password, see `GitHTTP`), static files and webhooks (signed by the forge), and refuses a
/// change made with a login cookie that does not carry the session's CSRF token or comes from
/// another site's page. Being the one place that does this, no handler can forget it.
struct VisitorMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let setup: ServerSetup
    let templates: Templates

    /// Paths whose forms check their own CSRF token: the login form has no session yet (it
    /// carries the pre-login token, checked by the login handler).
    static let ownCSRFCheck: Set<String> = ["/login"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        if path.hasPrefix("/git/") || path.hasPrefix("/static/") || path.hasPrefix("/hooks/") {
            return try await next(request, context)
        }
        guard let accounts = setup.accounts else { return try await next(request, context) }
        let cookies = LoginCookies(publicURL: setup.publicURL)
        let now = setup.now()
        var context = context
        var request = request
        var staleCookie = false

        if let bearer = Self.bearerToken(request.headers[.authorization]) {
            let check: TokenCheck
            do { check = try await blocking { try accounts.checkToken(bearer, at: now) } } catch {
                return WriteRefusal(.unavailable, Self.checkUnavailable).apiResponse(request)
            }
            guard case .valid(let token, let user) = check else {
                return WriteRefusal(.needsLogin, Self.tokenRefusal(check)).apiResponse(request)
            }
            context.visitor = Visitor(user: user, credential: .token(token))
        } else if let secret = request.cookies[cookies.session]?.value, !secret.isEmpty {
            let check: SessionCheck
            do { check = try await blocking { try accounts.checkSession(secret, limits: SessionLimits.standard, at: now) } } catch {
                check = .unknown
                context.logger.error("a session could not be checked: \(error)")
            }
            if case .valid(let session) = check {
                context.visitor = Visitor(user: session.user, credential: .session(session))
            } else {
                // Ended, expired or unknown: the browser may forget it.
                staleCookie = true
            }
        }

        if let session = context.visitor.session, !Self.isSafe(request.method), !Self.ownCSRFCheck.contains(path) {
            let csrf: String?
            if let header = request.headers[CSRFField.header] {
                csrf = header
            } else {
                csrf = try await SubmittedForm.read(&request, limit: context.maxUploadSize)[CSRFField.name]
            }
            guard SameOrigin.holds(request, publicURL: setup.publicURL), let csrf, session.acceptsCSRFToken(csrf) else {
                context.logger.notice("\(request.method) \(path) refused: no valid CSRF token or another site's page (user \(session.user.userName))")
                return forgeryRefusal(request)
            }
        }

        let visitor = context.visitor
        var response = try await Visitor.$current.withValue(visitor) { try await next(request, context) }
        if staleCookie, !response.headers[values: .setCookie].contains(where: { $0.hasPrefix(cookies.session + "=") }) {
            response.headers.append(HTTPField(name: .setCookie, value: cookies.clearing(cookies.session)))
        }
        if visitor.user != nil {
            // A page with someone's name and CSRF token on it is for them alone.
            response.headers[.cacheControl] = "private, no-store"
        }
        return response
    }

    static func isSafe(_ method: HTTPRequest.Method) -> Bool {
        method == .get || method == .head || method == .options
    }

    /// The token of an `Authorization: Bearer` header.
    static func bearerToken(_ header: String?) -> String? {
        guard let header, header.count <= 4096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func tokenRefusal(_ check: TokenCheck) -> LocalizedText {
        switch check {
        case .valid: LocalizedText(nb: "", en: "")
        case .expired:
            LocalizedText(nb: "Tilgangsnøkkelen er utløpt. Lag en ny på kontosiden din (/account) eller med allmenning tokens add NAVN.",
                          en: "The access token has expired. Make a new one on your account page (/account) or with allmenning tokens add NAME.")
        case .revoked:
            LocalizedText(nb: "Tilgangsnøkkelen er trukket tilbake. Lag en ny på kontosiden din (/account) eller med allmenning tokens add NAVN.",
                          en: "The access token has been revoked. Make a new one on your account page (/account) or with allmenning tokens add NAME.")
        case .withoutUser:
            LocalizedText(nb: "Denne tilgangsnøkkelen ble laget før Allmenning fikk brukere, og hører ikke til noen, så den tas ikke imot lenger. Be en administrator om en ny nøkkel for brukeren din (allmenning tokens add NAVN --user BRUKER).",
                          en: "This access token was made before Allmenning had users and belongs to no one, so it is no longer accepted. Ask an administrator for a new token for your user (allmenning tokens add NAME --user USER).")
        case .unknown:
            LocalizedText(nb: "Tilgangsnøkkelen er ikke gyldig her.", en: "The access token is not valid here.")
        }
    }

    static let checkUnavailable = LocalizedText(nb: "Innloggingen kunne ikke sjekkes nå. Prøv igjen.", en: "The login could not be checked now. Try again.")

    static let forgery = LocalizedText(
        nb: "Skjemaet ble ikke tatt imot: det manglet kontrollkoden fra siden det kom fra, eller det kom fra et annet nettsted. Gå tilbake, last siden på nytt og send skjemaet igjen. Var det ikke du som sendte det, har ingenting blitt endret.",
        en: "The form was not accepted: it lacked the check code of the page it came from, or it came from another site. Go back, reload the page and send the form again. If you did not send it, nothing has been changed.")

    func forgeryRefusal(_ request: Request) -> Response {
        WriteRefusal(.forbidden, Self.forgery).response(request, templates: templates)
    }
}

/// Why a change was not made, whichever operation refused it, and how HTTP says so: the one
/// mapping every write endpoint (page, form or API) goes through. An operation's own failure
/// type becomes one by `WriteRefusalConvertible`.
struct WriteRefusal: Error, Sendable {
    enum Kind: Sendable, Equatable {
        /// Nobody is logged in (401 for the API, a redirect to /login for pages).
        case needsLogin
        /// The policy says no (403, with its reason).
        case forbidden
        case notFound
        /// The thing is not in a state for this, whatever the request says (409).
        case conflict
        /// The request is malformed or its values are not acceptable (422; the field it is about).
        case invalid(field: String?)
        /// Too many attempts: try again in this many seconds (429 with Retry-After).
        case tooManyAttempts(retryAfter: Int)
        /// The store could not be asked (503).
        case unavailable
    }

    var kind: Kind
    var message: LocalizedText

    init(_ kind: Kind, _ message: LocalizedText) {
        self.kind = kind
        self.message = message
    }

    var status: HTTPResponse.Status {
        switch kind {
        case .needsLogin: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .invalid: .unprocessableContent
        case .tooManyAttempts: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    static let loginNeeded = LocalizedText(nb: "Du må logge inn for å gjøre dette.", en: "You need to log in to do this.")

    /// Problem details (RFC 9457), in the reader's language.
    func apiResponse(_ request: Request) -> Response {
        var response = Problem(status: status, detail: message.text(in: ReaderLanguage(request).language.messageLanguage)).response()
        switch kind {
        case .needsLogin: response.headers[.wwwAuthenticate] = "Bearer realm=\"Allmenning\""
        case .tooManyAttempts(let seconds): response.headers[.retryAfter] = String(seconds)
        default: break
        }
        return response
    }

    /// For the API, problem details; for pages, a redirect to the login page (needs login) or
    /// an error page with the message.
    func response(_ request: Request, templates: Templates) -> Response {
        if request.uri.path == "/api" || request.uri.path.hasPrefix("/api/") { return apiResponse(request) }
        if kind == .needsLogin { return AccountPages.redirectToLogin(request) }
        let language = ReaderLanguage(request).language
        let heading = InterfaceText.text(status == .forbidden ? "refusedHeading" : "notDoneHeading", language)
        var headers = HTTPFields()
        if case .tooManyAttempts(let seconds) = kind { headers[.retryAfter] = String(seconds) }
        return templates.page("error", status: status, language: language, request: request, title: heading,
                              values: ["heading": heading, "message": message.text(in: language.messageLanguage)], extraHeaders: headers)
    }
}

/// An operation's failure that knows what HTTP should say about it.
protocol WriteRefusalConvertible: Error {
    func refusal(for acting: Acting) -> WriteRefusal
}

extension WriteRefusal: WriteRefusalConvertible {
    func refusal(for acting: Acting) -> WriteRefusal { self }
}

extension AccountFailure: WriteRefusalConvertible {
    func refusal(for acting: Acting) -> WriteRefusal {
        switch kind {
        case .refused: WriteRefusal(acting == .nobody ? .needsLogin : .forbidden, message)
        case .notFound: WriteRefusal(.notFound, message)
        case .conflict: WriteRefusal(.conflict, message)
        case .failed: WriteRefusal(.invalid(field: nil), message)
        }
    }
}

/// Runs a write endpoint's work and turns what it throws into the answer `WriteRefusal` gives:
/// handlers say what to do, and never how a refusal looks.
func performingWrite(_ request: Request, _ context: ServerRequestContext, templates: Templates,
                     _ work: (Visitor) async throws -> Response) async throws -> Response {
    do {
        return try await work(context.visitor)
    } catch let failure as any WriteRefusalConvertible {
        let refusal = failure.refusal(for: context.visitor.acting)
        if refusal.kind != .needsLogin {
            context.logger.notice("\(request.method) \(request.uri.path) refused (\(refusal.status.code)) for \(context.visitor.user?.userName ?? "nobody"): \(refusal.message.en)")
        }
        return refusal.response(request, templates: templates)
    }
}
