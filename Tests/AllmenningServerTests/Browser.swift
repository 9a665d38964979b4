import AllmenningCatalogue
import AllmenningCore
import Foundation
import Testing

/// A browser as far as logins go: it keeps the cookies the server sets (and sends them back),
/// does not follow redirects (the tests look at them), and reads the hidden CSRF fields of the
/// pages it gets. Requests go byte for byte over a socket (`RawHTTP`), off Swift's cooperative
/// threads.
final class Browser: @unchecked Sendable {
    let port: Int
    var cookies: [String: String] = [:]
    /// What the pages say `Origin` is; nil sends none.
    var origin: String?

    init(port: Int) {
        self.port = port
        origin = "http://127.0.0.1:\(port)"
    }

    /// `extraHeaders`: more header lines (`Name: value`).
    @discardableResult
    func request(_ method: String, _ path: String, form: [(String, String)]? = nil, json: String? = nil,
                 extraHeaders: [String] = [], language: String = "nb") async throws -> RawHTTP.Answer {
        var lines = ["\(method) \(path) HTTP/1.1", "Accept-Language: \(language)"]
        if !cookies.isEmpty { lines.append("Cookie: " + cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")) }
        if method != "GET", let origin { lines.append("Origin: \(origin)") }
        var body = Data()
        if let form {
            lines.append("Content-Type: application/x-www-form-urlencoded")
            body = Data(form.map { "\(Self.formEscaped($0.0))=\(Self.formEscaped($0.1))" }.joined(separator: "&").utf8)
        } else if let json {
            lines.append("Content-Type: application/json")
            body = Data(json.utf8)
        }
        if method != "GET", body.isEmpty { lines.append("Content-Length: 0") }
        lines += extraHeaders
        let answer = try await RawHTTP.send(port: port, head: lines.joined(separator: "\r\n"), body: body)
        for (name, value) in answer.headers where name.lowercased() == "set-cookie" {
            let pair = value.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let cookie = String(parts[0]), content = parts.count > 1 ? String(parts[1]) : ""
            if content.isEmpty || value.contains("Max-Age=0") { cookies[cookie] = nil } else { cookies[cookie] = content }
        }
        return answer
    }

    func get(_ path: String, language: String = "nb") async throws -> RawHTTP.Answer {
        try await request("GET", path, language: language)
    }

    /// Logs in through the login page, as a person would: the form first, then its POST.
    @discardableResult
    func logIn(_ userName: String, password: String = ServerFixture.testPassword) async throws -> RawHTTP.Answer {
        let page = try await get("/login")
        let token = try #require(Self.hiddenField("login_token", in: page.text))
        return try await request("POST", "/login", form: [("login_token", token), ("next", "/account"), ("user", userName), ("password", password)])
    }

    /// The session's CSRF token, as the account page's forms carry it.
    func csrfToken() async throws -> String {
        let page = try await get("/account")
        return try #require(Self.hiddenField("csrf", in: page.text), "no CSRF field on the account page (\(page.status))")
    }

    var session: String? { cookies["allmenning-session"] }

    static func hiddenField(_ name: String, in html: String) -> String? {
        let pattern = "<input type=\"hidden\" name=\"\(name)\" value=\"([^\"]*)\""
        guard let range = html.range(of: pattern, options: .regularExpression) else { return nil }
        let match = String(html[range])
        return match.components(separatedBy: "value=\"").last.map { String($0.dropLast()) }
    }

    static func formEscaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

extension ServerFixture {
    static let testPassword = "riktig-hest-batteri"
    /// A cheap scrypt for tests: the cost is in the stored hash, so logins verify with it.
    static let testCost = PasswordHash.Cost(logRounds: 10, blockSize: 8, parallelism: 1)

    /// A user of `role` who can log in with `testPassword`.
    @discardableResult
    func userWithPassword(_ userName: String, _ role: Role) throws -> User {
        let user = try self.user(userName, role)
        try catalogue.setPassword(try PasswordHash.make(Self.testPassword, cost: Self.testCost), ofUser: userName, by: .installation, at: Date())
        return user
    }
}
