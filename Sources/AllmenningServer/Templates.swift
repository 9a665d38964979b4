import Foundation
import Hummingbird
import Mustache

/// The page templates (Mustache, in the target's Templates folder), read once at start.
struct Templates: Sendable {
    let library: MustacheLibrary
    /// Whether the footer links to OAI-PMH (only when /oai answers).
    var offersOAI = false

    static func load() throws -> Templates {
        guard let folder = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw TemplateError(message: "The server's templates are missing from its resource bundle.")
        }
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        for file in files where file.pathExtension == "mustache" {
            try library.register(String(contentsOf: file, encoding: .utf8), named: file.deletingPathExtension().lastPathComponent)
        }
        return Templates(library: library)
    }

    struct TemplateError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// A whole page: the layout's values (language, switch, words) and the page's own.
    func page(_ name: String, status: HTTPResponse.Status = .ok, language: InterfaceLanguage, request: Request, title: String,
              values: [String: Any], extraHeaders: HTTPFields = [:]) -> Response {
        var object = Self.withoutNils(values) as? [String: Any] ?? [:]
        object["lang"] = language.rawValue
        object["t"] = InterfaceText.strings(language)
        object["pageTitle"] = title
        object["offersOAI"] = offersOAI
        // Who is logged in, for the header: their user name and, with a session, the CSRF
        // token of the logout form.
        let visitor = Visitor.current
        object["signedIn"] = visitor.user.map { user in
            ["userName": user.userName, "csrf": visitor.session.map { $0.csrfToken as Any } ?? false] as [String: Any]
        } ?? false
        object["languages"] = InterfaceLanguage.allCases.map { other in
            ["code": other.rawValue, "name": other.nameInItself, "href": Self.switchHref(request, to: other), "current": other == language] as [String: Any]
        }
        let html = library.render(object, withTemplate: name) ?? ""
        var headers = extraHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.contentLanguage] = language.rawValue
        headers[.vary] = "Accept-Language, Cookie"
        if ReaderLanguage(request).chosenExplicitly {
            headers[.setCookie] = "\(InterfaceLanguage.cookieName)=\(language.rawValue); Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly"
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// The page's values with every nil made `false`. A nil wrapped in Any would render as
    /// "nil", and a key left out would make Mustache look it up in the enclosing context, so a
    /// source's title without a language of its own would take the page's `titleLang`.
    static func withoutNils(_ value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return false }
            return withoutNils(wrapped)
        }
        if let dictionary = value as? [String: Any] { return dictionary.mapValues(withoutNils) }
        if let array = value as? [Any] { return array.map(withoutNils) }
        return value
    }

    /// The same address with `lang` set to another language.
    static func switchHref(_ request: Request, to language: InterfaceLanguage) -> String {
        let kept = QueryParameters(request.uri.query).pairs.filter { $0.name != "lang" }
        return request.uri.path + "?" + (kept + [("lang", language.rawValue)]).map { "\(percentEscaped($0.name))=\(percentEscaped($0.value))" }.joined(separator: "&")
    }
}

/// Percent-escapes a query component or one path segment: everything but RFC 3986's
/// unreserved characters.
func percentEscaped(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
}
