import AllmenningCatalogue
import AllmenningCore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Push events from forges (Gitea, GitHub, GitLab) at POST /hooks/FORGE: a verified push to a
/// repository's default branch, from an address the configuration allows, has the server
/// fetch the repository into a mirror and index it like any other. The answer comes before
/// the work (202 with the job); `ServerSetup.mirrors` tells what came of it.
///
/// The signature is checked before anything in the body is read, so that an unsigned request
/// costs no parsing; the address is checked against the allow-list before anything is
/// fetched, so that a leaked secret cannot point the server at other hosts.
struct Webhooks: Sendable {
    let setup: ServerSetup

    /// Forges send push payloads of a few kilobytes to a few megabytes (one line per commit).
    static let maximumBody = 5 * 1024 * 1024

    func register(on router: Router<ServerRequestContext>) {
        router.post("/hooks/:forge") { request, context in
            try await receive(request, context)
        }
    }

    private func receive(_ request: Request, _ context: ServerRequestContext) async throws -> Response {
        let forge = try context.parameters.require("forge")
        guard let forgeName = InstallationConfiguration.forges.first(where: { $0 == forge }),
              let webhook = setup.configuration.webhooks[forgeName], setup.mirrors.isEnabled else {
            throw HTTPError(.notFound, message: "Webhooks from \(Pages.shortened(forge, to: 20)) are not set up here (webhooks in config.yaml).")
        }
        let body = Data(buffer: try await request.body.collect(upTo: Self.maximumBody))
        guard Self.isSigned(body, headers: request.headers, forge: forgeName, secret: webhook.secret) else {
            context.logger.warning("webhook from \(forgeName): signature missing or wrong")
            throw HTTPError(.unauthorized, message: "The signature (or token) of the webhook is missing or does not match the secret configured for \(forgeName).")
        }
        guard let event = request.headers[HTTPField.Name(Self.eventHeader[forgeName]!)!] else {
            throw HTTPError(.badRequest, message: "The request has no \(Self.eventHeader[forgeName]!) header: it does not look like a \(forgeName) webhook.")
        }
        guard event == Self.pushEvent[forgeName] else {
            // ping, issues, releases …: nothing to fetch; 2xx so the forge does not mark the
            // hook as failing.
            return Response(status: .noContent)
        }
        guard let payload = Self.payload(body, contentType: request.headers[.contentType]),
              let push = PushEvent(payload, forge: forgeName) else {
            throw HTTPError(.badRequest, message: "The push event's body is not the JSON \(forgeName) sends (ref, after, the repository's clone address and default branch).")
        }
        guard push.ref == "refs/heads/\(push.defaultBranch)" else {
            return Self.json(.ok, ["status": "ignored", "repository": push.address,
                                   "reason": "Only pushes to the default branch (\(push.defaultBranch)) are published; this was \(push.ref)."])
        }
        guard webhook.allows(push.address) else {
            context.logger.warning("webhook from \(forgeName): \(push.address) is not in webhooks.\(forgeName).repositories")
            throw HTTPError(.forbidden, message: "\(Pages.shortened(push.address, to: 200)) is not among the repositories webhooks.\(forgeName) allows in config.yaml.")
        }
        switch setup.mirrors.enqueue(address: push.address, branch: push.defaultBranch, deletion: push.deleted) {
        case .badAddress:
            throw HTTPError(.badRequest, message: "\(Pages.shortened(push.address, to: 200)) is not a clone address the server can mirror.")
        case .busy:
            throw HTTPError(.serviceUnavailable, message: "Too many repositories are waiting to be fetched; send the event again later.")
        case .queued(let job, let mirror):
            context.logger.notice("webhook from \(forgeName): \(push.address) \(push.deleted ? "branch deleted" : push.after.prefix(12)) queued as \(job)")
            let relative = mirror.path.hasPrefix(setup.data.url.path + "/") ? String(mirror.path.dropFirst(setup.data.url.path.count + 1)) : mirror.lastPathComponent
            return Self.json(.accepted, ["status": "accepted", "job": job, "forge": forgeName, "repository": push.address,
                                         "branch": push.defaultBranch, "commit": push.after, "deleted": push.deleted, "mirror": relative])
        }
    }

    static let eventHeader = ["gitea": "X-Gitea-Event", "github": "X-GitHub-Event", "gitlab": "X-Gitlab-Event"]
    static let pushEvent = ["gitea": "push", "github": "push", "gitlab": "Push Hook"]

    /// Gitea signs the body with HMAC-SHA256 (hex in X-Gitea-Signature), GitHub likewise
    /// ("sha256=" and hex in X-Hub-Signature-256); GitLab sends the secret itself in
    /// X-Gitlab-Token. Every comparison takes the same time whatever the bytes.
    static func isSigned(_ body: Data, headers: HTTPFields, forge: String, secret: String) -> Bool {
        let key = SymmetricKey(data: Data(secret.utf8))
        switch forge {
        case "gitea":
            guard let header = headers[HTTPField.Name("X-Gitea-Signature")!], let signature = bytes(hex: header) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: body, using: key)
        case "github":
            guard let header = headers[HTTPField.Name("X-Hub-Signature-256")!], header.hasPrefix("sha256="),
                  let signature = bytes(hex: String(header.dropFirst("sha256=".count))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: body, using: key)
        case "gitlab":
            guard let token = headers[HTTPField.Name("X-Gitlab-Token")!] else { return false }
            // Hashing both first makes the comparison's length fixed, so its time does not
            // give away the secret's length either.
            return TokenSecret.constantTimeEqual(TokenSecret.hash(token), TokenSecret.hash(secret))
        default:
            return false
        }
    }

    /// 64 hexadecimal digits as 32 bytes.
    static func bytes(hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var result = Data(capacity: 32)
        var index = 0
        while index < digits.count {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            result.append(high << 4 | low)
            index += 2
        }
        return result
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The event as a JSON object: the body itself, or (GitHub's and Gitea's form option) its
    /// `payload` field.
    static func payload(_ body: Data, contentType: String?) -> [String: Any]? {
        var json = body
        if contentType?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true {
            guard let payload = QueryParameters(String(decoding: body, as: UTF8.self)).first("payload") else { return nil }
            json = Data(payload.utf8)
        }
        return (try? JSONSerialization.jsonObject(with: json)) as? [String: Any]
    }

    static func json(_ status: HTTPResponse.Status, _ object: [String: Any]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: CatalogueJSON.string(object) + "\n")))
    }
}

/// The parts of a push event the server acts on, from each forge's payload.
struct PushEvent {
    var ref: String
    var after: String
    var address: String
    var defaultBranch: String
    var deleted: Bool

    init?(_ payload: [String: Any], forge: String) {
        let repository = payload[forge == "gitlab" ? "project" : "repository"] as? [String: Any]
        let addressKey = forge == "gitlab" ? "git_http_url" : "clone_url"
        guard let ref = payload["ref"] as? String, let after = payload["after"] as? String,
              let address = repository?[addressKey] as? String, let branch = repository?["default_branch"] as? String,
              !ref.isEmpty, !address.isEmpty, !branch.isEmpty, ref.count <= 1000, address.count <= 2000, branch.count <= 250,
              after.count <= 64, after.allSatisfy(\.isHexDigit) else { return nil }
        self.ref = ref
        self.after = after
        self.address = address
        defaultBranch = branch
        deleted = (payload["deleted"] as? Bool ?? false) || (!after.isEmpty && after.allSatisfy { $0 == "0" })
    }
}
