import AllmenningCatalogue
import AllmenningCore
import Foundation
import HTTPTypes
import Hummingbird

/// Who is asking: decided once per request, in `VisitorMiddleware`, from an
/// `Authorization: Bearer` token (the API and scripts) or the session cookie (a browser), and
/// nowhere else. Handlers read it from the request context; the layout (which shows who is
/// logged in on every page) from `Visitor.current`.
struct Visitor: Sendable {
    enum Credential: Sendable {
        case none
        /// An access token: the browser never sends one by itself, so it needs no CSRF token.
        case token(AccessToken)
        /// A login cookie: sent by the browser with any request, also one another site makes
        /// it send, so every change must carry the session's CSRF token.
        case session(Session)
    }

    var user: User?
    var credential: Credential

    static let anonymous = Visitor(user: nil, credential: .none)

    /// Who acts, for `AccountAdministration` and the other operations of the catalogue library.
    var acting: Acting { user.map(Acting.user) ?? .nobody }

    /// Whom pages, the API, files and clones show what is not public to (see `ResourceVisibility`).
    var viewer: Member? { user?.member }

    var session: Session? {
        if case .session(let session) = credential { return session }
        return nil
    }

    /// For the page being rendered: the layout shows who is logged in and a logout form.
    @TaskLocal static var current = Visitor.anonymous
}

/// The cookies a login uses. Both are `HttpOnly` (no script reads them) and `SameSite=Lax`
/// (another site's forms and scripts do not send them with a POST), and when the server is
/// reached over https they are `Secure` and named with the `__Host-` prefix, which browsers
/// only accept from this very host with `Path=/` and `Secure`, so a neighbouring subdomain
/// cannot plant one.
struct LoginCookies: Sendable {
    let secure: Bool

    init(publicURL: String) {
        secure = publicURL.lowercased().hasPrefix("https://")
    }

    /// The session cookie: the session's secret, of which the catalogue keeps only the SHA-256.
    var session: String { secure ? "__Host-allmenning-session" : "allmenning-session" }
    /// The login form's own CSRF token (double submit): before login there is no session to
    /// hold one, and without it another site could log a browser in as the attacker.
    var loginForm: String { secure ? "__Host-allmenning-login" : "allmenning-login" }

    /// A `Set-Cookie` value. Without `maxAge` the cookie lasts until the browser closes (and at
    /// most the session's own lifetime, which the catalogue enforces): teachers share
    /// classroom computers.
    func setting(_ name: String, to value: String, maxAge: Int? = nil) -> String {
        var parts = ["\(name)=\(value)", "Path=/", "HttpOnly", "SameSite=Lax"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        if secure { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }

    func clearing(_ name: String) -> String {
        setting(name, to: "", maxAge: 0)
    }
}

/// Whether an unsafe request comes from a page of this server. Browsers send `Origin` with
/// every POST (and `Referer` mostly); when one is there it must name this server, as the
/// request's `Host` or the public address says it. When neither is sent (some privacy settings
/// strip them), the CSRF token alone decides.
enum SameOrigin {
    static func holds(_ request: Request, publicURL: String) -> Bool {
        let presented: String
        if let origin = request.headers[.origin] {
            presented = origin
        } else if let referer = request.headers[.referer] {
            presented = referer
        } else {
            return true
        }
        guard let authority = authority(of: presented) else { return false }
        // HTTP/1.1's Host header is the request's authority.
        if let host = request.head.authority, authority == host.lowercased() { return true }
        return authority == Self.authority(of: publicURL)
    }

    /// `host[:port]` of an absolute http(s) address, lower case; nil for anything else
    /// (`null`, an opaque origin, another scheme).
    static func authority(of address: String) -> String? {
        guard let components = URLComponents(string: address), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty else { return nil }
        return (components.port.map { "\(host):\($0)" } ?? host).lowercased()
    }
}

/// A form as a browser sends it (`application/x-www-form-urlencoded`). Reading it collects
/// the body into the request, so a later reader (the handler after the CSRF check) gets the same.
struct SubmittedForm: Sendable {
    let fields: QueryParameters

    static func read(_ request: inout Request, limit: Int) async throws -> SubmittedForm {
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        let buffer = try await request.collectBody(upTo: limit)
        return SubmittedForm(fields: QueryParameters(isForm ? String(buffer: buffer) : nil))
    }

    /// A field's value; nil when it is missing.
    subscript(_ name: String) -> String? { fields.first(name) }
}

/// The name of the hidden field (and for scripts, of the header) that carries a session's CSRF
/// token.
enum CSRFField {
    static let name = "csrf"
    static let header = HTTPField.Name("X-CSRF-Token")!
}
