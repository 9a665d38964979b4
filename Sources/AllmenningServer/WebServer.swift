import AllmenningCatalogue
import AllmenningCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// The request context of every route: requests carry at most a form or a small JSON body,
/// so anything larger is refused (413) before it is read; git pushes stream their bodies and
/// have their own limit.
public struct ServerRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address (git's hooks see it as REMOTE_ADDR).
    public let remoteAddress: String?
    /// Who is asking, as `VisitorMiddleware` found out.
    var visitor = Visitor.anonymous
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress
    }
    public var maxUploadSize: Int { 256 * 1024 }
}

/// Allmenning's HTTP server: the web pages, the JSON API and the static files, on one router.
public enum WebServer {
    public static func router(_ setup: ServerSetup) throws -> Router<ServerRequestContext> {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: ResponseHeadersMiddleware())
        var templates = try Templates.load()
        templates.offersOAI = (try? setup.oai.get()) != nil
        let staticFiles = try StaticFiles.load()
        router.add(middleware: VisitorMiddleware(setup: setup, templates: templates))
        router.add(middleware: ErrorPageMiddleware(templates: templates))
        router.add(middleware: ReadOnlyAPIMiddleware())
        Pages(setup: setup, templates: templates).register(on: router)
        AccountPages(setup: setup, templates: templates).register(on: router)
        ResourceAPI(setup: setup, staticFiles: staticFiles).register(on: router)
        AccountAPI(setup: setup, templates: templates).register(on: router)
        PublicationDecisions(setup: setup, templates: templates).register(on: router)
        StewardshipForms(setup: setup, templates: templates).register(on: router)
        StewardshipAPI(setup: setup, templates: templates).register(on: router)
        GitHTTP(setup: setup).register(on: router)
        Webhooks(setup: setup).register(on: router)
        OAIEndpoint(setup: setup).register(on: router)
        staticFiles.register(on: router)
        return router
    }

    /// Serves until the process gets SIGINT or SIGTERM. `onRunning` is called once the server
    /// accepts connections, with the port it got (when 0 was asked for).
    public static func run(_ setup: ServerSetup, host: String, port: Int,
                           onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var logger = Logger(label: "allmenning")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .notice
        let application = Application(router: try router(setup),
                                      configuration: .init(address: .hostname(host, port: port), serverName: "Allmenning"),
                                      onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
                                      logger: logger)
        try await application.runService()
    }
}

/// Headers every answer carries: no sniffing, no framing by other sites, no referrer to other
/// sites, and pages that load nothing from elsewhere.
struct ResponseHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        if response.headers[.contentSecurityPolicy] == nil {
            response.headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
        }
        return response
    }
}

/// The JSON API reads, except for the addresses that change something (`AccountAPI.methods`,
/// `StewardshipAPI.methods`, `PublicationDecisions.methods`): any
/// other method than an address takes is 405 with the methods it takes, not a 404 that would
/// say the address does not exist.
struct ReadOnlyAPIMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        guard path == "/api" || path.hasPrefix("/api/") else { return try await next(request, context) }
        let methods = AccountAPI.methods(path) ?? StewardshipAPI.methods(path) ?? PublicationDecisions.methods(path) ?? [.get, .head]
        if methods.contains(request.method) { return try await next(request, context) }
        var response = Problem(status: .methodNotAllowed,
                               detail: "This address takes \(methods.map { $0.rawValue }.joined(separator: ", ")).").response()
        response.headers[.allow] = methods.map { $0.rawValue }.joined(separator: ", ")
        return response
    }
}

/// Turns failures into pages (for browsers) or problem details (for the API), in the reader's
/// language, without leaking internals.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let templates: Templates

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPResponseError {
            let status = error.status
            if request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/git/") || request.uri.path.hasPrefix("/oai")
                || request.uri.path.hasPrefix("/hooks/") {
                let detail = (error as? HTTPError)?.body ?? status.reasonPhrase
                return Problem(status: status, detail: detail).response()
            }
            let language = ReaderLanguage(request).language
            let (heading, message) = status == .notFound
                ? (InterfaceText.text("notFound", language), (error as? HTTPError)?.body ?? InterfaceText.text("notFoundPage", language))
                : (status.reasonPhrase, (error as? HTTPError)?.body ?? status.reasonPhrase)
            return templates.page("error", status: status, language: language, request: request, title: heading,
                                  values: ["heading": heading, "message": message])
        } catch {
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            let language = ReaderLanguage(request).language
            if request.uri.path.hasPrefix("/api/") || request.uri.path.hasPrefix("/hooks/") {
                return Problem(status: .internalServerError, detail: InterfaceText.text("serverErrorMessage", language)).response()
            }
            return templates.page("error", status: .internalServerError, language: language, request: request,
                                  title: InterfaceText.text("serverError", language),
                                  values: ["heading": InterfaceText.text("serverError", language),
                                           "message": InterfaceText.text("serverErrorMessage", language)])
        }
    }
}

/// RFC 9457 problem details: what the API answers when it cannot give what was asked.
struct Problem {
    var status: HTTPResponse.Status
    var detail: String

    func response() -> Response {
        let object: [String: Any] = ["type": "about:blank", "title": status.reasonPhrase, "status": status.code, "detail": detail]
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: CatalogueJSON.string(object) + "\n")))
    }
}

/// The reader's interface language for one request.
struct ReaderLanguage {
    let language: InterfaceLanguage
    /// The switch was used: remember the choice in a cookie.
    let chosenExplicitly: Bool

    init(_ request: Request) {
        let explicit = request.uri.queryParameters["lang"].map(String.init)
        language = InterfaceLanguage.negotiate(explicit: explicit, cookie: request.cookies[InterfaceLanguage.cookieName]?.value,
                                               acceptLanguage: request.headers[.acceptLanguage])
        chosenExplicitly = explicit.flatMap { InterfaceLanguage(rawValue: $0.lowercased()) } != nil
    }
}

/// A query string as HTML forms send it (`+` for space, percent-escapes), every pair kept in
/// order so that repeated names (checkboxes, OAI-PMH's repeated arguments) can be seen.
struct QueryParameters {
    let pairs: [(name: String, value: String)]

    init(_ query: String?) {
        pairs = (query ?? "").split(separator: "&", omittingEmptySubsequences: true).prefix(200).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            return (decode(pieces[0]), pieces.count > 1 ? decode(pieces[1]) : "")
        }
    }

    func first(_ name: String) -> String? { pairs.first { $0.name == name }?.value }
    func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }
}

/// Runs catalogue reads (SQLite, blocking) off Swift's cooperative threads, so a slow search
/// does not hold up the others.
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try work() })
        }
    }
}
