import AllmenningCatalogue
import AllmenningCore
import Foundation

/// The catalogue as an OAI-PMH 2.0 data provider: national catalogues harvest it with the six
/// verbs, in oai_dc and IEEE LOM, by subject set and date range, with deleted records kept.
/// It knows nothing about HTTP: the server hands it a request's arguments (GET query or POST
/// form, in order, duplicates kept) and sends back what it answers.
public struct OAIProvider: Sendable {
    /// An HTTP answer: every OAI-PMH response, errors included, is 200 with XML; only a
    /// catalogue that cannot be read gives 500, with a plain text that names no file.
    public struct Response: Sendable {
        public var status: Int
        public var contentType: String
        public var body: Data
        /// Why the catalogue could not be read (with 500), for the server's log; never sent.
        public var failure: CatalogueError?
    }

    /// The metadata formats records are disseminated in.
    public enum MetadataFormat: String, CaseIterable, Sendable {
        case dublinCore = "oai_dc"
        case lom

        var schema: String {
            switch self {
            case .dublinCore: DublinCoreMetadata.schema
            case .lom: LOMMetadata.schema
            }
        }

        var namespace: String {
            switch self {
            case .dublinCore: DublinCoreMetadata.namespace
            case .lom: LOMMetadata.namespace
            }
        }
    }

    public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
        public var message: LocalizedText
        public var description: String { message.en }
    }

    public static let contentType = "text/xml; charset=utf-8"
    static let namespace = "http://www.openarchives.org/OAI/2.0/"
    static let schema = "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
    static let schemaInstanceNamespace = "http://www.w3.org/2001/XMLSchema-instance"
    static let identifierNamespace = "http://www.openarchives.org/OAI/2.0/oai-identifier"
    static let identifierSchema = "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"

    public let store: any CatalogueStore
    public let baseURL: URL
    public let repositoryName: String
    public let adminEmail: [String]
    public let curricula: CurriculumCatalogue?
    /// Records (or headers) per response; the rest follows with a resumption token.
    public let pageSize: Int
    /// How long a resumption token is honoured.
    public let tokenLifetime: TimeInterval
    /// The language of error messages (OAI-PMH's error element has no language of its own).
    public let language: MessageLanguage
    /// The address of a resource's page on this server, from its id.
    public let resourcePage: @Sendable (String) -> String
    /// oai:HOST:ID takes the host of the base URL.
    public let identifierPrefix: String

    /// - Parameters:
    ///   - baseURL: the address harvesters send requests to (http or https, with a host).
    ///   - adminEmail: at least one address of the people who run the repository.
    ///   - resourcePage: a resource's page; by default `/resources/ID` on the base URL's origin.
    public init(store: any CatalogueStore, baseURL: URL, repositoryName: String, adminEmail: [String], curricula: CurriculumCatalogue?,
                pageSize: Int = 100, tokenLifetime: TimeInterval = 86_400, language: MessageLanguage = .en,
                resourcePage: (@Sendable (String) -> String)? = nil) throws(ConfigurationError) {
        guard let scheme = baseURL.scheme?.lowercased(), ["http", "https"].contains(scheme), let host = baseURL.host, !host.isEmpty else {
            throw ConfigurationError(message: LocalizedText(
                nb: "OAI-PMH trenger en basisadresse med http eller https og et vertsnavn, ikke «\(baseURL.absoluteString)».",
                en: "OAI-PMH needs a base URL with http or https and a host name, not \"\(baseURL.absoluteString)\"."))
        }
        let invalid = adminEmail.filter { $0.wholeMatch(of: /\S+@(\S+\.)+\S+/) == nil }
        guard !adminEmail.isEmpty, invalid.isEmpty else {
            throw ConfigurationError(message: LocalizedText(
                nb: "OAI-PMH trenger minst én e-postadresse til dem som driver katalogen (name@example.org); «\(invalid.joined(separator: ", "))» er ikke det.",
                en: "OAI-PMH needs at least one e-mail address of the people who run the catalogue (name@example.org); \"\(invalid.joined(separator: ", "))\" is not one."))
        }
        guard pageSize > 0, tokenLifetime > 0 else {
            throw ConfigurationError(message: LocalizedText(nb: "Sidestørrelsen og tokenets levetid må være større enn null.",
                                                            en: "The page size and the token lifetime must be greater than zero."))
        }
        self.store = store
        self.baseURL = baseURL
        self.repositoryName = repositoryName
        self.adminEmail = adminEmail
        self.curricula = curricula
        self.pageSize = pageSize
        self.tokenLifetime = tokenLifetime
        self.language = language
        identifierPrefix = "oai:\(host):"
        let origin = "\(scheme)://\(host)\(baseURL.port.map { ":\($0)" } ?? "")"
        self.resourcePage = resourcePage ?? { "\(origin)/resources/\($0)" }
    }

    // MARK: Answering

    /// The answer to a request given as an `application/x-www-form-urlencoded` text: a GET
    /// request's query (without `?`) or a POST request's body.
    public func respond(toQuery query: String, at now: Date = Date()) -> Response {
        guard let parameters = Self.parameters(fromQuery: query) else {
            return respond(errors: [OAIError(.badArgument, LocalizedText(
                nb: "Forespørselen har ugyldig prosentkoding.", en: "The request has invalid percent-encoding."))], echo: nil, at: now)
        }
        return respond(to: parameters, at: now)
    }

    /// The answer to a request's arguments, in the order sent, duplicates kept (so that a
    /// repeated argument is refused as the protocol requires).
    public func respond(to parameters: [(name: String, value: String)], at now: Date = Date()) -> Response {
        let verbs = parameters.filter { $0.name == "verb" }
        guard verbs.count == 1, let verb = Verb(rawValue: verbs[0].value) else {
            let message = verbs.isEmpty
                ? LocalizedText(nb: "Forespørselen mangler argumentet verb.", en: "The request has no verb argument.")
                : verbs.count > 1
                ? LocalizedText(nb: "Argumentet verb er gitt flere ganger.", en: "The verb argument is repeated.")
                : LocalizedText(nb: "«\(verbs[0].value)» er ikke et OAI-PMH-verb. Verbene er \(Verb.names).",
                                en: "\"\(verbs[0].value)\" is not an OAI-PMH verb. The verbs are \(Verb.names).")
            return respond(errors: [OAIError(.badVerb, message)], echo: nil, at: now)
        }
        var arguments: [String: String] = [:]
        var problems: [OAIError] = []
        for (name, value) in parameters where name != "verb" {
            if !verb.arguments.contains(name) {
                problems.append(OAIError(.badArgument, LocalizedText(nb: "\(verb.rawValue) tar ikke argumentet «\(name)».",
                                                                     en: "\(verb.rawValue) does not take the argument \"\(name)\".")))
            } else if arguments[name] != nil {
                problems.append(OAIError(.badArgument, LocalizedText(nb: "Argumentet «\(name)» er gitt flere ganger.",
                                                                     en: "The argument \"\(name)\" is repeated.")))
            } else {
                arguments[name] = value
            }
        }
        if arguments["resumptionToken"] != nil, arguments.count > 1 {
            problems.append(OAIError(.badArgument, LocalizedText(
                nb: "resumptionToken skal stå alene (bare med verb).", en: "resumptionToken is an exclusive argument (only verb may go with it).")))
        } else if arguments["resumptionToken"] == nil {
            for name in verb.required where arguments[name] == nil {
                problems.append(OAIError(.badArgument, LocalizedText(nb: "\(verb.rawValue) trenger argumentet «\(name)».",
                                                                     en: "\(verb.rawValue) needs the argument \"\(name)\".")))
            }
        }
        guard problems.isEmpty else { return respond(errors: problems, echo: nil, at: now) }
        do {
            switch verb {
            case .identify: return try identify(at: now)
            case .listMetadataFormats: return try listMetadataFormats(arguments, at: now)
            case .listSets: return try listSets(arguments, at: now)
            case .getRecord: return try getRecord(arguments, at: now)
            case .listIdentifiers, .listRecords: return try list(verb, arguments, at: now)
            }
        } catch {
            let message = LocalizedText(nb: "Katalogen kan ikke leses akkurat nå. Prøv igjen senere.",
                                        en: "The catalogue cannot be read right now. Try again later.")
            return Response(status: 500, contentType: "text/plain; charset=utf-8", body: Data((message.text(in: language) + "\n").utf8),
                            failure: error)
        }
    }

    enum Verb: String, CaseIterable {
        case identify = "Identify"
        case listMetadataFormats = "ListMetadataFormats"
        case listSets = "ListSets"
        case getRecord = "GetRecord"
        case listIdentifiers = "ListIdentifiers"
        case listRecords = "ListRecords"

        static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }

        var arguments: Set<String> {
            switch self {
            case .identify: []
            case .listMetadataFormats: ["identifier"]
            case .listSets: ["resumptionToken"]
            case .getRecord: ["identifier", "metadataPrefix"]
            case .listIdentifiers, .listRecords: ["metadataPrefix", "from", "until", "set", "resumptionToken"]
            }
        }

        var required: [String] {
            switch self {
            case .getRecord: ["identifier", "metadataPrefix"]
            case .listIdentifiers, .listRecords: ["metadataPrefix"]
            default: []
            }
        }
    }

    struct OAIError {
        enum Code: String {
            case badArgument, badResumptionToken, badVerb, cannotDisseminateFormat, idDoesNotExist, noMetadataFormats, noRecordsMatch, noSetHierarchy
        }

        var code: Code
        var message: LocalizedText

        init(_ code: Code, _ message: LocalizedText) {
            self.code = code
            self.message = message
        }
    }

    // MARK: Verbs

    private func identify(at now: Date) throws(CatalogueError) -> Response {
        // With no record yet, the time of the answer is a lower limit of every datestamp to
        // come: the indexer stamps records with the time it publishes them.
        let earliest = try store.earliestDatestamp() ?? now
        let sample = try store.harvestRecords(HarvestQuery(limit: 1)).records.first
        return respond(echo: [("verb", Verb.identify.rawValue)], at: now) { root in
            let identify = root.add("Identify")
            identify.add("repositoryName", repositoryName)
            identify.add("baseURL", baseURL.absoluteString)
            identify.add("protocolVersion", "2.0")
            for address in adminEmail { identify.add("adminEmail", address) }
            identify.add("earliestDatestamp", OAIDatestamp.string(earliest))
            identify.add("deletedRecord", "persistent")
            identify.add("granularity", "YYYY-MM-DDThh:mm:ssZ")
            // The oai-identifier description requires a domain name (letters first in each
            // label, at least one dot); a server reached by address or as localhost has none.
            let host = String(identifierPrefix.dropFirst(4).dropLast())
            if let sample, host.wholeMatch(of: /[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+/) != nil {
                var description = identify.add("description").add("oai-identifier")
                description = description.inNamespace(description.declare(Self.identifierNamespace, prefix: nil))
                let xsi = description.declare(Self.schemaInstanceNamespace, prefix: "xsi")
                description.set("schemaLocation", "\(Self.identifierNamespace) \(Self.identifierSchema)", namespace: xsi)
                description.add("scheme", "oai")
                description.add("repositoryIdentifier", host)
                description.add("delimiter", ":")
                description.add("sampleIdentifier", identifierPrefix + sample.resourceID)
            }
        }
    }

    private func listMetadataFormats(_ arguments: [String: String], at now: Date) throws(CatalogueError) -> Response {
        var echo = [("verb", Verb.listMetadataFormats.rawValue)]
        if let identifier = arguments["identifier"] {
            if Self.isPlausibleURI(identifier) { echo.append(("identifier", identifier)) }
            guard let record = try record(identifier) else {
                return respond(errors: [unknownIdentifier(identifier)], echo: echo, at: now)
            }
            if !record.deleted, record.version?.manifest == nil {
                return respond(errors: [OAIError(.noMetadataFormats, LocalizedText(
                    nb: "Metadataene til \(identifier) ble skrevet av en annen versjon av Allmenning og kan ikke leses her før ressursen indekseres på nytt.",
                    en: "The metadata of \(identifier) was written by another version of Allmenning and cannot be read here until the resource is indexed again."))],
                               echo: echo, at: now)
            }
        }
        return respond(echo: echo, at: now) { root in
            let formats = root.add("ListMetadataFormats")
            for format in MetadataFormat.allCases {
                let element = formats.add("metadataFormat")
                element.add("metadataPrefix", format.rawValue)
                element.add("schema", format.schema)
                element.add("metadataNamespace", format.namespace)
            }
        }
    }

    private func listSets(_ arguments: [String: String], at now: Date) throws(CatalogueError) -> Response {
        var echo = [("verb", Verb.listSets.rawValue)]
        if let token = arguments["resumptionToken"] {
            echo.append(("resumptionToken", token))
            return respond(errors: [OAIError(.badResumptionToken, LocalizedText(
                nb: "Settlista kommer alltid i ett svar, så ListSets har ingen gyldige resumptionToken.",
                en: "The list of sets always comes in one response, so ListSets has no valid resumptionToken."))], echo: echo, at: now)
        }
        let sets = try store.harvestSets(curricula: curricula).filter { Self.isSetSpec($0.subject) }
        guard !sets.isEmpty else {
            return respond(errors: [OAIError(.noSetHierarchy, LocalizedText(
                nb: "Ingen ressurs i katalogen oppgir et fag ennå, så det finnes ingen sett.",
                en: "No resource in the catalogue names a subject yet, so there are no sets."))], echo: echo, at: now)
        }
        return respond(echo: echo, at: now) { root in
            let list = root.add("ListSets")
            for set in sets {
                let element = list.add("set")
                element.add("setSpec", set.subject)
                element.add("setName", set.names.flatMap { LanguageMaps.text($0, preferring: ["nb", "nn", "en"]) } ?? set.subject)
                guard set.names != nil || set.uri != nil else { continue }
                let dc = DublinCoreMetadata.container(in: element.add("setDescription"))
                for (language, name) in (set.names ?? [:]).sorted(by: { $0.key < $1.key }) where !name.isEmpty {
                    let title = dc.element.add("title", name, namespace: dc.elements)
                    if LOMMetadata.isLanguageTag(language) { title.setLanguage(language) }
                }
                if let uri = set.uri { dc.element.add("identifier", uri, namespace: dc.elements) }
            }
        }
    }

    private func getRecord(_ arguments: [String: String], at now: Date) throws(CatalogueError) -> Response {
        let identifier = arguments["identifier"]!
        let prefix = arguments["metadataPrefix"]!
        guard Self.isMetadataPrefix(prefix) else {
            return respond(errors: [badPrefixSyntax(prefix)], echo: nil, at: now)
        }
        var echo = [("verb", Verb.getRecord.rawValue)]
        if Self.isPlausibleURI(identifier) { echo.append(("identifier", identifier)) }
        echo.append(("metadataPrefix", prefix))
        var errors: [OAIError] = []
        let format = MetadataFormat(rawValue: prefix)
        if format == nil { errors.append(unknownFormat(prefix)) }
        let record = try record(identifier)
        if record == nil { errors.append(unknownIdentifier(identifier)) }
        guard let format, let record, errors.isEmpty else { return respond(errors: errors, echo: echo, at: now) }
        guard isDisseminable(record) else {
            return respond(errors: [OAIError(.cannotDisseminateFormat, LocalizedText(
                nb: "Metadataene til \(identifier) ble skrevet av en annen versjon av Allmenning og kan ikke leses her før ressursen indekseres på nytt.",
                en: "The metadata of \(identifier) was written by another version of Allmenning and cannot be read here until the resource is indexed again."))],
                           echo: echo, at: now)
        }
        let sources = try sourcePages([record])
        return respond(echo: echo, at: now) { root in
            write(record, format: format, sources: sources, to: root.add("GetRecord"))
        }
    }

    private func list(_ verb: Verb, _ arguments: [String: String], at now: Date) throws(CatalogueError) -> Response {
        var echo = [("verb", verb.rawValue)]
        var query: HarvestQuery
        var format: MetadataFormat
        var continuing = false
        if let text = arguments["resumptionToken"] {
            echo.append(("resumptionToken", text))
            guard let token = ResumptionToken(encoded: text), token.verb == verb.rawValue,
                  let tokenFormat = MetadataFormat(rawValue: token.metadataPrefix) else {
                return respond(errors: [OAIError(.badResumptionToken, LocalizedText(
                    nb: "Denne resumptionToken er ikke en som denne tjenesten har gitt ut for \(verb.rawValue). Start innhøstingen på nytt uten token.",
                    en: "This resumptionToken is not one this service issued for \(verb.rawValue). Start the harvest again without a token."))],
                               echo: echo, at: now)
            }
            guard now <= token.expiryDate else {
                return respond(errors: [OAIError(.badResumptionToken, LocalizedText(
                    nb: "Denne resumptionToken gikk ut \(OAIDatestamp.string(token.expiryDate)). Start innhøstingen på nytt uten token.",
                    en: "This resumptionToken expired at \(OAIDatestamp.string(token.expiryDate)). Start the harvest again without a token."))],
                               echo: echo, at: now)
            }
            format = tokenFormat
            query = HarvestQuery(from: token.from.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                                 until: token.until.map { Date(timeIntervalSince1970: TimeInterval($0)) },
                                 subject: token.set, after: token.cursor, limit: pageSize)
            continuing = true
        } else {
            let prefix = arguments["metadataPrefix"]!
            var problems: [OAIError] = []
            if !Self.isMetadataPrefix(prefix) { problems.append(badPrefixSyntax(prefix)) }
            var from: (date: Date, granularity: OAIDatestamp.Granularity)?
            var until: (date: Date, granularity: OAIDatestamp.Granularity)?
            for (name, value) in [("from", arguments["from"]), ("until", arguments["until"])] {
                guard let value else { continue }
                guard let parsed = OAIDatestamp.parse(value) else {
                    problems.append(OAIError(.badArgument, LocalizedText(
                        nb: "«\(value)» er ikke en gyldig dato for \(name): skriv YYYY-MM-DD eller YYYY-MM-DDThh:mm:ssZ (UTC).",
                        en: "\"\(value)\" is not a valid date for \(name): write YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (UTC).")))
                    continue
                }
                if name == "from" { from = parsed } else { until = parsed }
            }
            if let from, let until {
                if from.granularity != until.granularity {
                    problems.append(OAIError(.badArgument, LocalizedText(
                        nb: "from og until må ha samme presisjon (begge dager eller begge sekunder).",
                        en: "from and until must have the same granularity (both days or both seconds).")))
                } else if from.date > until.date {
                    problems.append(OAIError(.badArgument, LocalizedText(nb: "from er senere enn until.", en: "from is later than until.")))
                }
            }
            if let set = arguments["set"], !Self.isSetSpec(set) {
                problems.append(OAIError(.badArgument, LocalizedText(
                    nb: "«\(set)» er ikke en gyldig setSpec; settene er fagkoder som MAT01-06 (se ListSets).",
                    en: "\"\(set)\" is not a valid setSpec; the sets are subject codes such as MAT01-06 (see ListSets).")))
            }
            guard problems.isEmpty else { return respond(errors: problems, echo: nil, at: now) }
            for name in ["metadataPrefix", "from", "until", "set"] {
                if let value = arguments[name] { echo.append((name, value)) }
            }
            guard let requested = MetadataFormat(rawValue: prefix) else {
                return respond(errors: [unknownFormat(prefix)], echo: echo, at: now)
            }
            format = requested
            query = HarvestQuery(from: from?.date, until: until.map { OAIDatestamp.end(of: $0.date, granularity: $0.granularity) },
                                 subject: arguments["set"], limit: pageSize)
        }

        // Records this version cannot read are not disseminated; a page of only those is
        // passed over so that a response never lists nothing.
        var page = try store.harvestRecords(query)
        var records = page.records.filter(isDisseminable)
        while records.isEmpty, page.hasMore, let last = page.records.last {
            query.after = HarvestCursor(datestamp: last.datestamp, resourceID: last.resourceID)
            page = try store.harvestRecords(query)
            records = page.records.filter(isDisseminable)
        }
        guard !records.isEmpty else {
            return respond(errors: [OAIError(.noRecordsMatch, continuing
                ? LocalizedText(nb: "Ingen flere poster passer; innhøstingen er ferdig.", en: "No more records match; the harvest is complete.")
                : LocalizedText(nb: "Ingen poster passer til forespørselen.", en: "No records match the request."))], echo: echo, at: now)
        }
        var nextToken: ResumptionToken?
        if page.hasMore, let last = page.records.last {
            nextToken = ResumptionToken(verb: verb.rawValue, metadataPrefix: format.rawValue, from: query.from, until: query.until,
                                        set: query.subject, after: HarvestCursor(datestamp: last.datestamp, resourceID: last.resourceID),
                                        expires: now.addingTimeInterval(tokenLifetime))
        }
        let sources = verb == .listRecords ? try sourcePages(records) : [:]
        let total = page.total
        let offset = page.offset
        let isPartOfLongerList = nextToken != nil || continuing
        return respond(echo: echo, at: now) { root in
            let list = root.add(verb.rawValue)
            for record in records {
                if verb == .listRecords {
                    write(record, format: format, sources: sources, to: list)
                } else {
                    header(record, in: list)
                }
            }
            guard isPartOfLongerList else { return }
            // The last part of a list has an empty token, so the harvester knows it is done.
            let token = list.add("resumptionToken", nextToken?.encoded ?? "")
            if let nextToken { token.set("expirationDate", OAIDatestamp.string(nextToken.expiryDate)) }
            token.set("completeListSize", String(max(total, offset + records.count)))
            token.set("cursor", String(offset))
        }
    }

    // MARK: Records

    private func record(_ identifier: String) throws(CatalogueError) -> HarvestRecord? {
        guard identifier.hasPrefix(identifierPrefix) else { return nil }
        let resourceID = String(identifier.dropFirst(identifierPrefix.count))
        guard !resourceID.isEmpty else { return nil }
        return try store.harvestRecord(resourceID: resourceID)
    }

    private func isDisseminable(_ record: HarvestRecord) -> Bool {
        record.deleted || record.version?.manifest != nil
    }

    /// The pages here of the derivedFrom sources this catalogue holds.
    private func sourcePages(_ records: [HarvestRecord]) throws(CatalogueError) -> [String: String] {
        let sources = Set(records.flatMap { $0.version?.manifest?.derivedFrom?.map(\.id) ?? [] })
        var pages: [String: String] = [:]
        for source in sources.sorted() where try store.harvestRecord(resourceID: source) != nil {
            pages[source] = resourcePage(source)
        }
        return pages
    }

    private func header(_ record: HarvestRecord, in parent: XMLTree.Element) {
        let header = parent.add("header")
        if record.deleted { header.set("status", "deleted") }
        header.add("identifier", identifierPrefix + record.resourceID)
        header.add("datestamp", OAIDatestamp.string(record.datestamp))
        for subject in record.subjects where Self.isSetSpec(subject) { header.add("setSpec", subject) }
    }

    private func write(_ record: HarvestRecord, format: MetadataFormat, sources: [String: String], to parent: XMLTree.Element) {
        let element = parent.add("record")
        header(record, in: element)
        guard !record.deleted, let version = record.version, let manifest = version.manifest else { return }
        let content = OAIRecordContent(manifest: manifest, version: version, datestamp: record.datestamp,
                                       identifier: identifierPrefix + record.resourceID, pageURL: resourcePage(record.resourceID),
                                       sourcePages: sources, publisher: repositoryName, curricula: curricula)
        let metadata = element.add("metadata")
        switch format {
        case .dublinCore: DublinCoreMetadata.append(content, to: metadata)
        case .lom: LOMMetadata.append(content, to: metadata)
        }
    }

    // MARK: The response document

    private func respond(errors: [OAIError], echo: [(String, String)]?, at now: Date) -> Response {
        respond(echo: echo, at: now) { root in
            for error in errors {
                root.add("error", error.message.text(in: language)).set("code", error.code.rawValue)
            }
        }
    }

    /// An OAI-PMH document: the response date, the request (its arguments only when they
    /// were valid: the protocol wants the bare base URL after badVerb and badArgument), and
    /// what `body` adds.
    private func respond(echo: [(String, String)]?, at now: Date, body: (XMLTree.Element) -> Void) -> Response {
        let tree = XMLTree(root: "OAI-PMH", namespace: Self.namespace)
        let xsi = tree.root.declare(Self.schemaInstanceNamespace, prefix: "xsi")
        tree.root.set("schemaLocation", "\(Self.namespace) \(Self.schema)", namespace: xsi)
        tree.root.add("responseDate", OAIDatestamp.string(now))
        let request = tree.root.add("request", baseURL.absoluteString)
        for (name, value) in echo ?? [] { request.set(name, value) }
        body(tree.root)
        return Response(status: 200, contentType: Self.contentType, body: tree.data(), failure: nil)
    }

    private func unknownIdentifier(_ identifier: String) -> OAIError {
        OAIError(.idDoesNotExist, LocalizedText(
            nb: "«\(identifier)» finnes ikke i denne katalogen. Identifikatorene har formen \(identifierPrefix)RESSURS-ID.",
            en: "\"\(identifier)\" does not exist in this catalogue. Identifiers have the form \(identifierPrefix)RESOURCE-ID."))
    }

    private func unknownFormat(_ prefix: String) -> OAIError {
        OAIError(.cannotDisseminateFormat, LocalizedText(
            nb: "Formatet «\(prefix)» finnes ikke her; bruk oai_dc eller lom.",
            en: "The format \"\(prefix)\" is not available here; use oai_dc or lom."))
    }

    private func badPrefixSyntax(_ prefix: String) -> OAIError {
        OAIError(.badArgument, LocalizedText(nb: "«\(prefix)» er ikke et gyldig metadataPrefix; bruk oai_dc eller lom.",
                                             en: "\"\(prefix)\" is not a valid metadataPrefix; use oai_dc or lom."))
    }

    // MARK: Syntax

    /// OAI-PMH's setSpec syntax (the schema's setSpecType).
    static func isSetSpec(_ text: String) -> Bool {
        text.wholeMatch(of: /[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*/) != nil
    }

    /// OAI-PMH's metadataPrefix syntax (the schema's metadataPrefixType).
    static func isMetadataPrefix(_ text: String) -> Bool {
        text.wholeMatch(of: /[A-Za-z0-9\-_.!~*'()]+/) != nil
    }

    /// An identifier fit to echo in the request element (an anyURI): no spaces, controls or
    /// characters a URI never has.
    static func isPlausibleURI(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 1_024 && text.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value != 0x7F && !"<>\"{}|\\^`".unicodeScalars.contains(scalar)
        }
    }

    /// The arguments of an `application/x-www-form-urlencoded` text, in order, duplicates
    /// kept; nil when its percent-encoding is broken.
    public static func parameters(fromQuery query: String) -> [(name: String, value: String)]? {
        var parameters: [(name: String, value: String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else { return nil }
            parameters.append((name, value))
        }
        return parameters
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
