import Foundation
import Yams

/// An installation's choices about plugins, from `config.yaml` in the data folder:
///
/// ```yaml
/// plugins:
///   disabled: [privacy]               # built-in plugins that do not run (default: all run)
///   settings:
///     competence-aims: { suggestions: "5" }
///   external:
///     - { name: spelling, command: [/usr/local/bin/spelling-plugin, --json], timeLimit: 20 }
/// publishing:
///   block:                            # findings that stop a publish (default: every error)
///     - { plugin: privacy, severity: warning }
///     - { plugin: accessibility, severity: error, newResourcesOnly: true }
///     - { severity: error }
/// webhooks:                           # forges whose push events the server fetches and indexes
///   gitea:
///     secret: "a long random text"    # also set in the forge's webhook
///     repositories:                   # clone addresses (prefixes) it may fetch from
///       - https://gitea.kommune.no/skole/
/// catalogue:                          # how the catalogue names itself to harvesters (OAI-PMH)
///   name: "Allmenning i Bergen kommune"
///   adminEmail: [larings-it@bergen.kommune.no]
/// reviews:
///   rubric: review-rubric.yaml        # the criteria reviewers score (default: Content/review-rubric.yaml, built in)
///   validForDays: 365                 # an approval expires after this; then the review is due
///   trustedKeys: [ed25519:…]          # other installations' keys whose review notes are accepted
/// ```
public struct InstallationConfiguration: Sendable, Equatable {
    public struct External: Sendable, Equatable {
        public var name: String
        public var command: [String]
        public var timeLimit: TimeInterval

        public init(name: String, command: [String], timeLimit: TimeInterval) {
            self.name = name
            self.command = command
            self.timeLimit = timeLimit
        }
    }

    /// A finding blocks publishing when a rule matches it: its plugin (any when nil), its
    /// severity or worse, and for `newResourcesOnly` only when the resource is new.
    public struct BlockingRule: Sendable, Equatable {
        public var plugin: String?
        public var severity: Severity
        public var newResourcesOnly: Bool
    }

    /// What the server accepts from one forge's webhooks: the shared secret the forge signs
    /// (or, GitLab, sends) with, and the clone addresses it may fetch. An event for any other
    /// address is refused, so that a leaked secret cannot make the server fetch from anywhere.
    public struct Webhook: Sendable, Equatable {
        public var secret: String
        public var repositories: [String]

        public init(secret: String, repositories: [String]) {
            self.secret = secret
            self.repositories = repositories
        }

        /// Whether `address` is one of `repositories` or inside one: the prefix ends at a `/`
        /// or is the whole address (with or without `.git`), so that
        /// https://forge/skole does not let in https://forge/skole-fake/x.
        public func allows(_ address: String) -> Bool {
            guard InstallationConfiguration.isRepositoryPrefix(address) else { return false }
            return repositories.contains { prefix in
                guard address.hasPrefix(prefix) else { return false }
                let rest = address.dropFirst(prefix.count)
                return prefix.hasSuffix("/") || rest.isEmpty || rest == ".git" || rest.hasPrefix("/")
            }
        }
    }

    /// The forges whose webhooks the server takes.
    public static let forges = ["gitea", "github", "gitlab"]

    public var disabledPlugins: Set<String> = []
    public var settings: [String: [String: String]] = [:]
    public var externalPlugins: [External] = []
    public var blocking: [BlockingRule] = [BlockingRule(plugin: nil, severity: .error, newResourcesOnly: false)]
    /// By forge name (gitea, github, gitlab); a forge not listed gets no webhooks.
    public var webhooks: [String: Webhook] = [:]
    /// The catalogue's name in OAI-PMH's Identify.
    public var catalogueName = "Allmenning"
    /// Who runs the catalogue, for OAI-PMH's Identify; without one the server offers no OAI-PMH.
    public var adminEmail: [String] = []
    public var reviews = Reviews()

    /// How reviews are made and which are believed.
    public struct Reviews: Sendable, Equatable {
        /// The file `rubric` named, as written (relative to the data folder, or absolute); nil
        /// for the built-in rubric.
        public var rubricFile: String?
        public var rubric: ReviewRubric = .builtIn
        /// An approval is valid this many days; then the resource's review is due.
        public var validForDays = 365
        /// Public keys (`ed25519:` and base64) besides the installation's own whose signed
        /// review notes the catalogue accepts: a key the installation used before, or another
        /// installation's whose repositories it mirrors.
        public var trustedKeys: [String] = []

        public init() {}
    }

    public init() {}

    public func blocksPublishing(_ finding: Finding, resourceIsNew: Bool) -> Bool {
        blocking.contains { rule in
            (rule.plugin == nil || rule.plugin == finding.plugin) && finding.severity >= rule.severity
                && (!rule.newResourcesOnly || resourceIsNew)
        }
    }

    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var line: Int
        public var message: LocalizedText
        /// The file the problem is in when it is not config.yaml itself (a rubric it names).
        public var file: String?
        public init(line: Int, message: LocalizedText, file: String? = nil) {
            self.line = line
            self.message = message
            self.file = file
        }
        public var description: String { "\(file ?? "config.yaml"):\(line): \(message.en)" }
    }

    /// The configuration at `url`; the defaults when there is no such file.
    public static func load(from url: URL) throws(Problem) -> InstallationConfiguration {
        guard FileManager.default.fileExists(atPath: url.path) else { return InstallationConfiguration() }
        let data: Data
        do { data = try ManifestSource.read(url) } catch {
            throw Problem(line: 1, message: LocalizedText(nb: "Filen kan ikke leses (\(error)).", en: "The file cannot be read (\(error))."))
        }
        var configuration = try parse(data)
        // The rubric is read now, so that a mistake in it stops the command that loads the
        // configuration with the rubric's file and line, not a reviewer's work later.
        if let path = configuration.reviews.rubricFile {
            let file = path.hasPrefix("/") ? URL(fileURLWithPath: path) : url.deletingLastPathComponent().appendingPathComponent(path)
            do { configuration.reviews.rubric = try ReviewRubric.load(from: file) } catch {
                throw Problem(line: error.line, message: error.message, file: file.path)
            }
        }
        return configuration
    }

    public static func parse(_ data: Data) throws(Problem) -> InstallationConfiguration {
        let root: Node
        do { root = try ManifestSource.parse(data) } catch .empty {
            return InstallationConfiguration()
        } catch {
            let detail = switch error {
            case let .syntax(_, column, problem): "column \(column): \(problem)"
            case let .duplicateKey(_, _, key): "\(key) appears twice"
            default: "\(error)"
            }
            throw Problem(line: error.line, message: LocalizedText(nb: "Ikke gyldig YAML (\(detail)).", en: "Not valid YAML (\(detail))."))
        }
        var configuration = InstallationConfiguration()
        let top = try mapping(root, "the file", allowed: ["plugins", "publishing", "webhooks", "catalogue", "reviews"])
        if let plugins = top["plugins"] {
            let section = try mapping(plugins, "plugins", allowed: ["disabled", "settings", "external"])
            if let disabled = section["disabled"] { configuration.disabledPlugins = Set(try strings(disabled, "plugins.disabled")) }
            if let settings = section["settings"] {
                for (plugin, values) in try mapping(settings, "plugins.settings", allowed: nil) {
                    var entries: [String: String] = [:]
                    for (key, value) in try mapping(values, "plugins.settings.\(plugin)", allowed: nil) {
                        entries[key] = try text(value, "plugins.settings.\(plugin).\(key)")
                    }
                    configuration.settings[plugin] = entries
                }
            }
            if let external = section["external"] {
                guard let items = external.sequence else { throw expected("plugins.external", "a list", at: external) }
                for item in items {
                    let fields = try mapping(item, "plugins.external", allowed: ["name", "command", "timeLimit"])
                    guard let name = fields["name"], let command = fields["command"] else {
                        throw Problem(line: line(item), message: LocalizedText(nb: "En ekstern utvidelse trenger name og command.",
                                                                              en: "An external plugin needs name and command."))
                    }
                    let arguments = try strings(command, "plugins.external.command")
                    guard let program = arguments.first, program.hasPrefix("/") else {
                        throw Problem(line: line(command), message: LocalizedText(nb: "command må begynne med en absolutt sti til programmet.",
                                                                                 en: "command must start with the program's absolute path."))
                    }
                    var limit: TimeInterval = 30
                    if let value = fields["timeLimit"] {
                        guard let seconds = Double(try text(value, "timeLimit")), seconds > 0, seconds <= 600 else {
                            throw expected("timeLimit", "a number of seconds from 1 to 600", at: value)
                        }
                        limit = seconds
                    }
                    configuration.externalPlugins.append(External(name: try text(name, "name"), command: arguments, timeLimit: limit))
                }
            }
        }
        if let publishing = top["publishing"] {
            let section = try mapping(publishing, "publishing", allowed: ["block"])
            if let block = section["block"] {
                guard let items = block.sequence else { throw expected("publishing.block", "a list", at: block) }
                configuration.blocking = try items.map { item throws(Problem) in
                    let fields = try mapping(item, "publishing.block", allowed: ["plugin", "severity", "newResourcesOnly"])
                    let severityText = try fields["severity"].map { node throws(Problem) in try text(node, "severity") } ?? "error"
                    guard let severity = Severity(rawValue: severityText) else {
                        throw expected("severity", "error, warning or info", at: fields["severity"] ?? item)
                    }
                    var newOnly = false
                    if let value = fields["newResourcesOnly"] {
                        switch try text(value, "newResourcesOnly") {
                        case "true": newOnly = true
                        case "false": newOnly = false
                        default: throw expected("newResourcesOnly", "true or false", at: value)
                        }
                    }
                    return BlockingRule(plugin: try fields["plugin"].map { node throws(Problem) in try text(node, "plugin") },
                                        severity: severity, newResourcesOnly: newOnly)
                }
            }
        }
        if let webhooks = top["webhooks"] {
            for (forge, node) in try mapping(webhooks, "webhooks", allowed: Set(forges)) {
                let fields = try mapping(node, "webhooks.\(forge)", allowed: ["secret", "repositories"])
                guard let secretNode = fields["secret"], let repositoriesNode = fields["repositories"] else {
                    throw Problem(line: line(node), message: LocalizedText(
                        nb: "webhooks.\(forge) trenger secret (den samme som i webhooken hos \(forge)) og repositories (adressene som kan hentes).",
                        en: "webhooks.\(forge) needs secret (the same as in the webhook at \(forge)) and repositories (the addresses that may be fetched)."))
                }
                let secret = try text(secretNode, "webhooks.\(forge).secret")
                guard secret.count >= 16 else {
                    throw Problem(line: line(secretNode), message: LocalizedText(
                        nb: "webhooks.\(forge).secret er for kort: bruk minst 16 tilfeldige tegn (for eksempel fra openssl rand -hex 32).",
                        en: "webhooks.\(forge).secret is too short: use at least 16 random characters (for example from openssl rand -hex 32)."))
                }
                guard let items = repositoriesNode.sequence else { throw expected("webhooks.\(forge).repositories", "a list", at: repositoriesNode) }
                var prefixes: [String] = []
                for item in items {
                    let prefix = try text(item, "webhooks.\(forge).repositories")
                    guard isRepositoryPrefix(prefix) else {
                        throw Problem(line: line(item), message: LocalizedText(
                            nb: "«\(prefix)» er ikke en adresse webhooks kan hente fra: bruk https://, http:// eller file:// med vert og sti (eller en absolutt sti), uten brukernavn, passord, ? eller #.",
                            en: "\"\(prefix)\" is not an address webhooks may fetch from: use https://, http:// or file:// with a host and path (or an absolute path), without user name, password, ? or #."))
                    }
                    prefixes.append(prefix)
                }
                configuration.webhooks[forge] = Webhook(secret: secret, repositories: prefixes)
            }
        }
        if let catalogue = top["catalogue"] {
            let section = try mapping(catalogue, "catalogue", allowed: ["name", "adminEmail"])
            if let name = section["name"] {
                let text = try text(name, "catalogue.name").trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { throw expected("catalogue.name", "a text", at: name) }
                configuration.catalogueName = text
            }
            if let emails = section["adminEmail"] {
                var addresses: [String] = []
                for item in emails.sequence ?? [emails] {
                    let address = try text(item, "catalogue.adminEmail")
                    guard address.wholeMatch(of: /[^\s@]+@([^\s@.]+\.)+[^\s@.]+/) != nil else {
                        throw Problem(line: line(item), message: LocalizedText(
                            nb: "«\(address)» i catalogue.adminEmail er ikke en e-postadresse (navn@kommune.no).",
                            en: "\"\(address)\" in catalogue.adminEmail is not an e-mail address (name@example.org)."))
                    }
                    addresses.append(address)
                }
                configuration.adminEmail = addresses
            }
        }
        if let reviews = top["reviews"] {
            let section = try mapping(reviews, "reviews", allowed: ["rubric", "validForDays", "trustedKeys"])
            if let rubric = section["rubric"] {
                let path = try text(rubric, "reviews.rubric").trimmingCharacters(in: .whitespaces)
                guard !path.isEmpty else { throw expected("reviews.rubric", "a text", at: rubric) }
                configuration.reviews.rubricFile = path
            }
            if let days = section["validForDays"] {
                guard let value = Int(try text(days, "reviews.validForDays")), (1...3650).contains(value) else {
                    throw expected("reviews.validForDays", "a number of days from 1 to 3650", at: days)
                }
                configuration.reviews.validForDays = value
            }
            if let keys = section["trustedKeys"] {
                for item in keys.sequence ?? [keys] {
                    let key = try text(item, "reviews.trustedKeys")
                    guard isSigningKey(key) else {
                        throw Problem(line: line(item), message: LocalizedText(
                            nb: "«\(key)» i reviews.trustedKeys er ikke en offentlig nøkkel: skriv den slik allmenning review key viser den (ed25519: og 44 tegn base64).",
                            en: "\"\(key)\" in reviews.trustedKeys is not a public key: write it as allmenning review key shows it (ed25519: and 44 base64 characters)."))
                    }
                    configuration.reviews.trustedKeys.append(key)
                }
            }
        }
        return configuration
    }

    /// `ed25519:` and the base64 of a 32-byte Ed25519 public key, as review notes name keys.
    static func isSigningKey(_ text: String) -> Bool {
        guard text.hasPrefix("ed25519:"), let bytes = Data(base64Encoded: String(text.dropFirst("ed25519:".count))) else { return false }
        return bytes.count == 32
    }

    /// An address prefix a webhook may name: a web address with a host, a file:// address or
    /// an absolute path; never with credentials, a query or `..`.
    static func isRepositoryPrefix(_ prefix: String) -> Bool {
        guard !prefix.contains("?"), !prefix.contains("#"), !prefix.contains("@"), !prefix.contains("\\"),
              !prefix.split(separator: "/").contains("..") else { return false }
        if prefix.hasPrefix("/") { return prefix.count > 1 }
        if prefix.hasPrefix("file:///") { return prefix.count > "file:///".count }
        for scheme in ["https://", "http://"] where prefix.hasPrefix(scheme) {
            let host = prefix.dropFirst(scheme.count).prefix { $0 != "/" }
            return !host.isEmpty
        }
        return false
    }

    private static func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    private static func expected(_ field: String, _ what: String, at node: Node) -> Problem {
        Problem(line: line(node), message: LocalizedText(nb: "«\(field)» skal være \(norwegian(what)).", en: "\"\(field)\" must be \(what)."))
    }

    private static func norwegian(_ what: String) -> String {
        ["a list": "en liste", "a mapping": "en samling felt (nøkkel: verdi)", "a text": "en tekst",
         "error, warning or info": "error, warning eller info", "true or false": "true eller false",
         "a number of seconds from 1 to 600": "et antall sekunder fra 1 til 600",
         "a number of days from 1 to 3650": "et antall dager fra 1 til 3650"][what] ?? what
    }

    private static func mapping(_ node: Node, _ field: String, allowed: Set<String>?) throws(Problem) -> [String: Node] {
        guard let pairs = node.mapping else { throw expected(field, "a mapping", at: node) }
        var result: [String: Node] = [:]
        for (key, value) in pairs {
            let name = key.string ?? ""
            if let allowed, !allowed.contains(name) {
                let suggestion = Suggestions.closest(to: name, among: Array(allowed)).first.map { " (\($0)?)" } ?? ""
                throw Problem(line: line(key), message: LocalizedText(
                    nb: "«\(name)» er ikke et felt i \(field)\(suggestion). Kjente felt: \(allowed.sorted().joined(separator: ", ")).",
                    en: "\"\(name)\" is not a field of \(field)\(suggestion). Known fields: \(allowed.sorted().joined(separator: ", "))."))
            }
            result[name] = value
        }
        return result
    }

    private static func text(_ node: Node, _ field: String) throws(Problem) -> String {
        guard case let .scalar(scalar) = node else { throw expected(field, "a text", at: node) }
        return scalar.string
    }

    private static func strings(_ node: Node, _ field: String) throws(Problem) -> [String] {
        guard let items = node.sequence else { throw expected(field, "a list", at: node) }
        var result: [String] = []
        for item in items { result.append(try text(item, field)) }
        return result
    }
}

extension ManifestSource.Problem {
    /// The line a reading problem is on (1 when it is about the whole file).
    var line: Int {
        switch self {
        case let .binary(line), let .invalidUTF8(line, _), let .tooDeep(line), let .anchor(line, _), let .syntax(line, _, _),
             let .duplicateKey(line, _, _), let .severalDocuments(line): line
        case .notAFile, .unreadable, .tooLarge, .empty: 1
        }
    }
}
