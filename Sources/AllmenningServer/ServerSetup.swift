import AllmenningCatalogue
import AllmenningCore
import Foundation

/// What the server serves from: the catalogue, the curricula its aims are named from, the
/// data folder, and the address people and harvesters reach it at; and for what it takes in
/// (pushes over HTTP, webhooks) the checks, the configuration and the accounts.
public struct ServerSetup: Sendable {
    public var catalogue: any CatalogueStore
    public var curricula: CurriculumCatalogue?
    public var data: DataFolder
    /// The server's public address without a trailing slash (http://127.0.0.1:8080): links in
    /// JSON-LD, clone addresses and OAI-PMH identifiers use it.
    public var publicURL: String
    /// The installation's configuration: the webhooks' secrets and allowed addresses.
    public var configuration: InstallationConfiguration
    /// Where push tokens, their users and repositories' owners are looked up; without a
    /// store, nobody can push over HTTP.
    public var accounts: (any AccountStore)?
    /// The largest request body a push (or a fetch's negotiation) may have, in bytes.
    public var maxPushBytes: Int
    /// What webhooks fetch is mirrored and indexed by these, with the checks the caller chose
    /// (the server itself knows no plugin).
    public let mirrors: WebhookMirrors
    /// The OAI-PMH data provider at /oai, or why there is none (OAI-PMH's Identify needs the
    /// address of whoever runs the catalogue: catalogue.adminEmail in config.yaml).
    public let oai: Result<OAIProvider, OAIProvider.ConfigurationError>
    /// The checks the catalogue indexes with: review decisions made through the server index
    /// the repository's notes with them (`ReviewWorkflow`); without them, decisions are refused.
    public let checks: IndexingChecks?

    public static let defaultMaxPushBytes = 200_000_000

    /// Failed logins per user name and per address (see `LoginThrottle`): shared by every
    /// request this server answers.
    let loginThrottle = LoginThrottle()

    /// The time approvals are judged at on pages and in the API (whether they have expired);
    /// for tests, which give the SQLite catalogue (whose search judges them too) the same clock.
    public var now: @Sendable () -> Date = { Date() }

    /// `checks`: the manifest check and plugins that indexing what webhooks fetch runs (the
    /// same the command line and the hooks run); without them webhooks are refused.
    /// `accounts`: by default the catalogue, when it keeps accounts.
    public init(catalogue: any CatalogueStore, curricula: CurriculumCatalogue?, data: DataFolder, publicURL: String,
                checks: IndexingChecks? = nil, configuration: InstallationConfiguration = InstallationConfiguration(),
                accounts: (any AccountStore)? = nil, maxPushBytes: Int = ServerSetup.defaultMaxPushBytes) {
        self.catalogue = catalogue
        self.curricula = curricula
        self.data = data
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.configuration = configuration
        self.accounts = accounts ?? (catalogue as? any AccountStore)
        self.maxPushBytes = maxPushBytes
        self.checks = checks
        mirrors = WebhookMirrors(data: data, indexer: checks.map { Indexer(store: catalogue, checks: $0) })
        let store = catalogue, curricula = self.curricula, baseURL = self.publicURL + "/oai"
        oai = Result { () throws(OAIProvider.ConfigurationError) in
            guard !configuration.adminEmail.isEmpty else {
                throw OAIProvider.ConfigurationError(message: LocalizedText(
                    nb: "OAI-PMH er av: skriv e-postadressen til dem som driver katalogen i config.yaml (catalogue: adminEmail: [navn@kommune.no]).",
                    en: "OAI-PMH is off: put the address of those who run the catalogue in config.yaml (catalogue: adminEmail: [name@example.org])."))
            }
            guard let url = URL(string: baseURL) else {
                throw OAIProvider.ConfigurationError(message: LocalizedText(nb: "«\(baseURL)» er ikke en adresse.", en: "\"\(baseURL)\" is not an address."))
            }
            return try OAIProvider(store: store, baseURL: url, repositoryName: configuration.catalogueName,
                                   adminEmail: configuration.adminEmail, curricula: curricula)
        }
    }

    /// Whether `viewer` (nil: nobody logged in) may see the resource (its page, API record,
    /// files and reviews): the one place the server asks (see `ResourceVisibility`). A store
    /// that knows nothing of publication has no students' resources, and everything in it is
    /// public.
    func mayShow(resource resourceID: String, to viewer: Member?) throws -> Bool {
        guard let publication = catalogue as? any PublicationStore else { return true }
        guard let state = try publication.publicationState(of: resourceID) else { return true }
        return ResourceVisibility.allows(state, viewer: viewer)
    }

    /// Whether `viewer` may clone or fetch the repository at `location`: not a student's, or
    /// what it holds is public (see `mayShow`).
    func mayShow(repository location: String, to viewer: Member?) throws -> Bool {
        guard let publication = catalogue as? any PublicationStore else { return true }
        guard let state = try publication.publicationState(ofRepository: location) else { return true }
        return ResourceVisibility.allows(state, viewer: viewer)
    }

    /// The aim with this code in any loaded curriculum pack.
    func aim(_ code: String) -> CompetenceAim? {
        curricula?.aim(code)
    }

    func curriculum(_ code: String) -> (pack: CurriculumPack, curriculum: Curriculum)? {
        for pack in curricula?.packs ?? [] {
            if let curriculum = pack.curricula.first(where: { $0.code.caseInsensitiveCompare(code) == .orderedSame }) {
                return (pack, curriculum)
            }
        }
        return nil
    }
}
