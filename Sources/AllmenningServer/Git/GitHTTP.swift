import AllmenningCatalogue
import AllmenningCore
import Foundation
import HTTPTypes
import Hummingbird

/// Git's smart HTTP protocol at /git/NAME.git/…, answered by git's own `git http-backend` as a
/// CGI program over the data folder's repositories. Cloning and fetching are public; pushing
/// needs an access token as the HTTP Basic password, whose user the authorisation policy must
/// allow to push to the repository (its owner, or an administrator), and lands only in
/// repositories whose Allmenning hooks check and publish it, exactly as a push on the machine
/// would.
///
/// Every refusal is text/plain, because that is what git shows its user (as `remote:` lines).
struct GitHTTP: Sendable {
    let setup: ServerSetup

    enum Service: String {
        case uploadPack = "git-upload-pack"
        case receivePack = "git-receive-pack"
    }

    func register(on router: Router<ServerRequestContext>) {
        router.get("/git/:repository/info/refs") { request, context in
            let service = request.uri.queryParameters["service"].flatMap { Service(rawValue: String($0)) }
            guard let service else {
                return Self.refusal(.notFound, request, nb: "Allmenning snakker bare gits «smart HTTP»-protokoll: bruk git 1.6.6 eller nyere.",
                                    en: "Allmenning speaks only git's smart HTTP protocol: use git 1.6.6 or later.")
            }
            return try await serve(request, context, service: service, path: "info/refs")
        }
        router.post("/git/:repository/git-upload-pack") { request, context in
            try await serve(request, context, service: .uploadPack, path: Service.uploadPack.rawValue)
        }
        router.post("/git/:repository/git-receive-pack") { request, context in
            try await serve(request, context, service: .receivePack, path: Service.receivePack.rawValue)
        }
    }

    /// The repository a request names, when it may name it: a safe name (no `..`, no percent
    /// escapes, no slashes) of a repository that exists. Checked before anything else looks
    /// at the file system or runs git.
    func repository(named raw: String) -> URL? {
        guard GitRepositories.isSafeName(raw) else { return nil }
        let folder = GitRepositories.folder(in: setup.data).appendingPathComponent(raw)
        let fileManager = FileManager.default
        let isRepository = fileManager.fileExists(atPath: folder.appendingPathComponent("HEAD").path)
            || fileManager.fileExists(atPath: folder.appendingPathComponent(".git/HEAD").path)
        return isRepository ? folder : nil
    }

    private func serve(_ request: Request, _ context: ServerRequestContext, service: Service, path: String) async throws -> Response {
        let name = context.parameters.get("repository") ?? ""
        guard let repository = repository(named: name) else {
            return Self.refusal(.notFound, request, nb: "Her finnes ikke noe repositorium med det navnet.", en: "There is no repository by that name here.")
        }
        if service == .uploadPack {
            // A student's repository is cloned by the public only once what it holds is
            // published; until then it is answered as if it were not here, as its page is, and
            // only those who may see it (the pupil, their teachers) clone it, with a token:
            // `Authorization: Bearer` (git's http.extraHeader) or as the Basic password.
            let location = Indexer.location(of: repository)
            let shown: Bool
            do {
                shown = try await blocking { [setup] in
                    try setup.mayShow(repository: location, to: Self.tokenViewer(request, accounts: setup.accounts))
                }
            } catch {
                context.logger.error("git: the publication state of \(name) could not be read: \(error)")
                return Self.refusal(.internalServerError, request, nb: "Katalogen kunne ikke leses nå. Prøv igjen.", en: "The catalogue could not be read now. Try again.")
            }
            guard shown else {
                return Self.refusal(.notFound, request, nb: "Her finnes ikke noe repositorium med det navnet.", en: "There is no repository by that name here.")
            }
        }
        var remoteUser: String?
        if service == .receivePack {
            switch await pushAuthorisation(request, repository: repository) {
            case .allowed(let user):
                remoteUser = user.userName
            case .refused(let response):
                // git asks without credentials first; only a refused token is worth a notice.
                context.logger.log(level: response.status == .unauthorized ? .debug : .notice, "git push to \(name) refused: \(response.status.code)")
                return response
            }
            guard HookInstaller.isInstalled(in: repository) else {
                context.logger.error("git push to \(name) refused: the repository has no Allmenning hooks")
                return Self.refusal(.forbidden, request,
                                    nb: "Dette repositoriet sjekker ikke det som sendes hit (Allmennings kroker mangler), så det tar ikke imot. Be den som drifter katalogen kjøre allmenning hooks install.",
                                    en: "This repository does not check what is pushed to it (Allmenning's hooks are missing), so it takes nothing. Ask whoever runs the catalogue to run allmenning hooks install.")
            }
        }
        let limit = setup.maxPushBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            return Self.tooLarge(request, limit: limit)
        }

        let cgi: CGIProcess
        do {
            cgi = try CGIProcess(executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: ["git", "http-backend"],
                                 environment: environment(request, context, repository: name, path: path, remoteUser: remoteUser))
        } catch {
            context.logger.error("git http-backend could not start: \(error)")
            return Self.refusal(.internalServerError, request, nb: "git kunne ikke startes på tjeneren.", en: "git could not be started on the server.")
        }
        // The whole request goes in before the answer starts: git's services read all of it
        // before they say anything but progress, and only so can an oversized push still be
        // answered 413.
        let fed: CGIProcess.FeedOutcome
        do { fed = try await cgi.feed(request.body, limit: limit) } catch {
            cgi.terminate()
            _ = await cgi.finish()
            throw error
        }
        if fed == .tooLarge {
            let (status, errors) = await cgi.windDown()
            context.logger.notice("git \(service.rawValue) to \(name) refused: more than \(limit) bytes (http-backend exited \(status)\(errors.isEmpty ? "" : ": \(errors)"))")
            return Self.tooLarge(request, limit: limit)
        }
        guard let head = await cgi.readHead() else {
            cgi.terminate()
            let (status, errors) = await cgi.finish()
            context.logger.error("git http-backend gave no answer for \(name)/\(path) (exit \(status)): \(errors)")
            return Self.refusal(.badGateway, request, nb: "git ga ikke noe svar.", en: "git gave no answer.")
        }
        if service == .receivePack, let user = remoteUser, path != "info/refs" {
            context.logger.notice("git push to \(name) by \(user)")
        }
        let logger = context.logger
        return Response(status: head.status, headers: head.fields, body: ResponseBody { writer in
            do {
                if !head.bodyStart.isEmpty { try await writer.write(ByteBuffer(bytes: head.bodyStart)) }
                while let chunk = await cgi.output.next() {
                    try await writer.write(ByteBuffer(bytes: chunk))
                }
            } catch {
                // The client went away: nobody is left to read what git says.
                cgi.terminate()
                let (status, _) = await cgi.finish()
                logger.notice("git \(service.rawValue) for \(name) ended early (client gone; http-backend exited \(status))")
                throw error
            }
            let (status, errors) = await cgi.finish()
            if status != 0 { logger.error("git http-backend exited \(status) for \(name)/\(path): \(errors)") }
            try await writer.finish(nil)
        })
    }

    enum PushAuthorisation {
        case allowed(User)
        case refused(Response)
    }

    /// A push needs a valid token of a live user as the HTTP Basic password, and the policy's
    /// yes for that user to push to this repository: without credentials the answer is 401
    /// with a challenge (so git asks its credential helper); with a wrong, revoked or expired
    /// token, a token of no user, or a user the policy refuses, 403 with the reason, which git
    /// shows.
    func pushAuthorisation(_ request: Request, repository: URL) async -> PushAuthorisation {
        guard let secret = Self.basicPassword(request.headers[.authorization]) else {
            var challenge = HTTPFields()
            challenge[.wwwAuthenticate] = "Basic realm=\"Allmenning\", charset=\"UTF-8\""
            return .refused(Self.refusal(.unauthorized, request, headers: challenge,
                                         nb: "Å sende hit krever en tilgangsnøkkel som passord (få en av en administrator: allmenning tokens add NAVN --user BRUKER).",
                                         en: "Pushing here needs an access token as the password (get one from an administrator: allmenning tokens add NAME --user USER)."))
        }
        guard let accounts = setup.accounts else {
            return .refused(Self.refusal(.forbidden, request, nb: "Denne tjeneren tar ikke imot push over HTTP.", en: "This server does not take pushes over HTTP."))
        }
        let location = Indexer.location(of: repository)
        let checked: (TokenCheck, owner: User?)
        do {
            checked = try await blocking {
                let check = try accounts.checkToken(secret, at: Date())
                guard case .valid = check else { return (check, nil) }
                return (check, try accounts.owner(ofRepository: location))
            }
        } catch {
            return .refused(Self.refusal(.internalServerError, request, nb: "Tilgangsnøkkelen kunne ikke sjekkes nå. Prøv igjen.",
                                         en: "The access token could not be checked now. Try again."))
        }
        switch checked.0 {
        case .valid(_, let user):
            // The refusal names the owner; a student by their pseudonym, as everywhere.
            let subject = AuthorisationSubject(owner: checked.owner.map { owner in
                var member = owner.member
                if owner.role == .student { member.userName = owner.publicName }
                return member
            })
            if case .refused(let reason) = Authorisation.decide(.push, by: user.member, on: subject) {
                return .refused(Self.refusal(.forbidden, request, reason))
            }
            return .allowed(user)
        case .withoutUser:
            return .refused(Self.refusal(.forbidden, request,
                                         nb: "Denne tilgangsnøkkelen ble laget før Allmenning fikk brukere, og hører ikke til noen, så den tas ikke imot lenger. Be en administrator om en ny nøkkel for brukeren din (allmenning tokens add NAVN --user BRUKER).",
                                         en: "This access token was made before Allmenning had users and belongs to no one, so it is no longer accepted. Ask an administrator for a new token for your user (allmenning tokens add NAME --user USER)."))
        case .expired:
            return .refused(Self.refusal(.forbidden, request, nb: "Tilgangsnøkkelen er utløpt. Be om en ny.", en: "The access token has expired. Ask for a new one."))
        case .revoked:
            return .refused(Self.refusal(.forbidden, request, nb: "Tilgangsnøkkelen er trukket tilbake. Be om en ny.", en: "The access token has been revoked. Ask for a new one."))
        case .unknown:
            return .refused(Self.refusal(.forbidden, request, nb: "Tilgangsnøkkelen er ikke gyldig her.", en: "The access token is not valid here."))
        }
    }

    /// The user of a valid token, given as `Authorization: Bearer` or as the Basic password, for
    /// reading what is not public; nil without one. (git sends a Basic password only after a
    /// 401, which a repository that is not public does not give, as it would tell that it
    /// exists: the pupil clones with `git -c http.extraHeader="Authorization: Bearer TOKEN"`.)
    static func tokenViewer(_ request: Request, accounts: (any AccountStore)?) throws -> Member? {
        let header = request.headers[.authorization]
        guard let secret = VisitorMiddleware.bearerToken(header) ?? basicPassword(header), let accounts,
              case .valid(_, let user) = try accounts.checkToken(secret, at: Date()) else { return nil }
        return user.member
    }

    /// The password of an `Authorization: Basic` header (the user name is not used).
    static func basicPassword(_ header: String?) -> String? {
        guard let header, header.count <= 4096 else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
              let decoded = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
              let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        let password = String(text[text.index(after: colon)...])
        return password.isEmpty ? nil : password
    }

    /// The CGI environment of one request (RFC 3875, and what git http-backend reads). The
    /// server's own variables are kept for PATH, HOME and the locale, but nothing that could
    /// point git elsewhere (GIT_DIR and friends) or pose as part of the request.
    func environment(_ request: Request, _ context: ServerRequestContext, repository: String, path: String, remoteUser: String?) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { name, _ in
            if Self.keptGitVariables.contains(name) { return true }
            return !Self.requestVariablePrefixes.contains { name.hasPrefix($0) } && !Self.requestVariables.contains(name)
        }
        environment["GIT_PROJECT_ROOT"] = GitRepositories.folder(in: setup.data).standardizedFileURL.path
        environment["GIT_HTTP_EXPORT_ALL"] = "1"
        environment["GATEWAY_INTERFACE"] = "CGI/1.1"
        environment["SERVER_PROTOCOL"] = "HTTP/1.1"
        environment["SERVER_SOFTWARE"] = "Allmenning"
        environment["SCRIPT_NAME"] = "/git"
        environment["REQUEST_METHOD"] = request.method.rawValue
        environment["PATH_INFO"] = "/\(repository)/\(path)"
        environment["QUERY_STRING"] = request.uri.query ?? ""
        environment["REMOTE_ADDR"] = context.remoteAddress ?? "127.0.0.1"
        if let type = request.headers[.contentType] { environment["CONTENT_TYPE"] = type }
        // Without a length (a chunked body), http-backend reads its input to the end.
        if let length = request.headers[.contentLength] { environment["CONTENT_LENGTH"] = length }
        if let encoding = request.headers[.contentEncoding] { environment["HTTP_CONTENT_ENCODING"] = encoding }
        if let protocolHeader = request.headers[HTTPField.Name("Git-Protocol")!], protocolHeader.count <= 256,
           protocolHeader.unicodeScalars.allSatisfy({ $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }) {
            environment["HTTP_GIT_PROTOCOL"] = protocolHeader
        }
        if let remoteUser {
            // http-backend takes pushes only from an authenticated user; the hooks see who.
            environment["REMOTE_USER"] = remoteUser
            environment["AUTH_TYPE"] = "Basic"
        }
        return environment
    }

    static let keptGitVariables: Set<String> = ["GIT_EXEC_PATH", "GIT_CONFIG_NOSYSTEM", "GIT_CONFIG_GLOBAL", "GIT_TRACE", "GIT_TRACE_PACKET"]
    static let requestVariablePrefixes = ["GIT_", "HTTP_", "CONTENT_", "REMOTE_", "REQUEST_", "SERVER_", "PATH_"]
    static let requestVariables: Set<String> = ["QUERY_STRING", "SCRIPT_NAME", "GATEWAY_INTERFACE", "AUTH_TYPE"]

    static func tooLarge(_ request: Request, limit: Int) -> Response {
        let megabytes = max(1, limit / 1_000_000)
        return refusal(.contentTooLarge, request,
                       nb: "Sendingen er større enn de \(megabytes) MB tjeneren tar imot. Legg store mediefiler et annet sted og lenk til dem.",
                       en: "The push is larger than the \(megabytes) MB the server takes. Keep large media files elsewhere and link to them.")
    }

    static func refusal(_ status: HTTPResponse.Status, _ request: Request, headers: HTTPFields = [:], nb: String, en: String) -> Response {
        refusal(status, request, headers: headers, LocalizedText(nb: nb, en: en))
    }

    static func refusal(_ status: HTTPResponse.Status, _ request: Request, headers: HTTPFields = [:], _ message: LocalizedText) -> Response {
        var fields = headers
        fields[.contentType] = "text/plain; charset=utf-8"
        fields[.cacheControl] = "no-cache"
        let text = message.text(in: ReaderLanguage(request).language.messageLanguage)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text + "\n")))
    }
}
