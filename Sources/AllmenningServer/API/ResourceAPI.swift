import AllmenningCatalogue
import AllmenningCore
import AllmenningReviews
import Foundation
import Hummingbird

/// The JSON API (described in Schemas/openapi.yaml): search with facets, a resource, its
/// versions, findings and forks, competence aims, curricula and statistics. Read-only; every
/// answer is JSON, every failure RFC 9457 problem details.
struct ResourceAPI: Sendable {
    let setup: ServerSetup
    let staticFiles: StaticFiles

    static let maximumLimit = 100
    static let maximumOffset = 10_000

    func register(on router: Router<ServerRequestContext>) {
        router.get("/api") { _, _ in
            json(["openapi": "/api/openapi.yaml", "search": "/api/search", "resources": "/api/resources/{id}",
                  "reviews": "/api/resources/{id}/reviews", "ratings": "/api/resources/{id}/ratings", "reviewKeys": "/api/review-keys",
                  "aims": "/api/aims/{code}", "curricula": "/api/curricula/{code}", "statistics": "/api/stats", "oai": "/oai",
                  "me": "/api/me", "tokens": "/api/tokens"])
        }
        router.get("/api/openapi.yaml") { _, _ in try staticFiles.response("openapi.yaml") }
        router.get("/api/search") { request, _ in try await search(request) }
        router.get("/api/resources/:id") { request, context in
            let id = try context.parameters.require("id")
            let resource = try await stored(id, viewer: context.visitor.viewer)
            return json(try await resourceObject(resource, language: language(request)))
        }
        router.get("/api/resources/:id/versions") { _, context in
            let id = try context.parameters.require("id")
            _ = try await stored(id, viewer: context.visitor.viewer)
            let catalogue = setup.catalogue
            let versions = try await blocking { try catalogue.versions(of: id) }
            return json(["id": id, "versions": versions.map { Self.versionSummary($0, resource: id) }])
        }
        router.get("/api/resources/:id/versions/:commit") { request, context in
            let id = try context.parameters.require("id"), commit = try context.parameters.require("commit")
            _ = try await stored(id, viewer: context.visitor.viewer)
            let catalogue = setup.catalogue
            guard let version = try await blocking({ try catalogue.version(of: id, commit: commit) }) else {
                throw HTTPError(.notFound, message: "The resource \(Pages.shortened(id, to: 40)) has no published version \(Pages.shortened(commit, to: 64)).")
            }
            return json(Self.versionObject(version, language: language(request)))
        }
        router.get("/api/resources/:id/findings") { request, context in
            let resource = try await stored(try context.parameters.require("id"), viewer: context.visitor.viewer)
            let findings = resource.current?.findings ?? []
            return json(["id": resource.resourceID, "commit": resource.current?.commit as Any,
                         "findings": findings.map { ReportRendering.jsonObject($0, language: language(request).messageLanguage) }])
        }
        router.get("/api/resources/:id/forks") { _, context in
            let resource = try await stored(try context.parameters.require("id"), viewer: context.visitor.viewer)
            let catalogue = setup.catalogue
            let sources = resource.current?.manifest.derivedFrom ?? []
            let (adaptations, known) = try await blocking {
                (try catalogue.adaptations(of: resource.resourceID), try catalogue.links(to: sources.map(\.id)))
            }
            return json([
                "id": resource.resourceID,
                "sources": sources.map { source in
                    ["id": source.id, "title": source.title, "licence": source.licence, "commit": source.commit as Any? ?? NSNull(),
                     "repository": source.repository as Any? ?? NSNull(), "inCatalogue": known[source.id] != nil] as [String: Any]
                },
                "adaptations": adaptations.map { Self.linkObject($0) },
            ])
        }
        router.get("/api/resources/:id/reviews") { request, context in
            let id = try context.parameters.require("id")
            let catalogue = setup.catalogue, now = setup.now(), viewer = context.visitor.viewer
            guard id.count <= 100, let status = try await blocking({
                try setup.mayShow(resource: id, to: viewer) ? try ReviewStatus.load(id, from: catalogue, at: now) : nil
            }) else {
                throw HTTPError(.notFound, message: "There is no resource with the id \(Pages.shortened(id, to: 40)).")
            }
            return json(CatalogueJSON.object(status, language: language(request).messageLanguage))
        }
        router.get("/api/resources/:id/ratings") { _, context in
            let resource = try await stored(try context.parameters.require("id"), viewer: context.visitor.viewer)
            let catalogue = setup.catalogue
            let (summary, ratings) = try await blocking { (try catalogue.ratingSummary(of: resource.resourceID), try catalogue.ratings(of: resource.resourceID)) }
            var object = Self.ratingSummaryObject(summary)
            object["id"] = resource.resourceID
            object["ratings"] = ratings.map(Self.ratingObject)
            return json(object)
        }
        router.get("/api/review-keys") { _, _ in
            let data = setup.data, configuration = setup.configuration
            let own = try await blocking { try ReviewSigningKey.load(in: data)?.publicKey }
            return json(["installation": own as Any? ?? NSNull(), "trusted": configuration.reviews.trustedKeys,
                         "notes": ReviewNotes.reference])
        }
        router.get("/api/aims/:code") { _, context in
            let code = try context.parameters.require("code").uppercased()
            guard code.count <= 20, let aim = setup.aim(code) else {
                throw HTTPError(.notFound, message: "No loaded curriculum has the competence aim \(Pages.shortened(code, to: 20)).")
            }
            let catalogue = setup.catalogue
            let found = try await blocking { try catalogue.resources(forAims: [code]) }[code]
            return json(aimObject(aim, resources: found))
        }
        router.get("/api/curricula/:code") { _, context in
            let code = try context.parameters.require("code")
            guard code.count <= 20, let (pack, curriculum) = setup.curriculum(code) else {
                throw HTTPError(.notFound, message: "No loaded curriculum has the code \(Pages.shortened(code, to: 20)).")
            }
            let aims = pack.aims.filter { $0.curriculum == curriculum.code }
            let catalogue = setup.catalogue
            let found = try await blocking { try catalogue.resources(forAims: aims.map(\.code)) }
            return json(["code": curriculum.code, "subject": curriculum.subject, "uri": curriculum.uri as Any? ?? NSNull(),
                         "framework": pack.framework, "aims": aims.map { aimObject($0, resources: found[$0.code]) }])
        }
        router.get("/api/stats") { _, _ in
            let catalogue = setup.catalogue, curricula = setup.curricula
            let statistics = try await blocking { try catalogue.statistics(curricula: curricula) }
            return json(CatalogueJSON.object(statistics))
        }
    }

    func language(_ request: Request) -> InterfaceLanguage { ReaderLanguage(request).language }

    /// The resource, when `viewer` may see it (see `ServerSetup.mayShow`); 404 otherwise.
    func stored(_ id: String, viewer: Member?) async throws -> StoredResource {
        let catalogue = setup.catalogue
        let setup = self.setup
        guard id.count <= 100, let resource = try await blocking({
            try setup.mayShow(resource: id, to: viewer) ? try catalogue.resource(id) : nil
        }) else {
            throw HTTPError(.notFound, message: "There is no resource with the id \(Pages.shortened(id, to: 40)).")
        }
        return resource
    }

    func search(_ request: Request) async throws -> Response {
        let parameters = QueryParameters(request.uri.query)
        if (parameters.first("q") ?? "").count > 2000 {
            throw HTTPError(.badRequest, message: "q is longer than 2000 characters.")
        }
        for facet in Facet.allCases where parameters.all(facet.rawValue).contains(where: { $0.count > 100 }) {
            throw HTTPError(.badRequest, message: "A \(facet.rawValue) value is longer than 100 characters.")
        }
        func number(_ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
            guard let text = parameters.first(name) else { return value }
            guard let number = Int(text), range.contains(number) else {
                throw HTTPError(.badRequest, message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound).")
            }
            return number
        }
        var query = Pages.searchQuery(parameters, limit: try number("limit", default: 20, range: 1...Self.maximumLimit))
        query.offset = try number("offset", default: 0, range: 0...Self.maximumOffset)
        if parameters.all(Facet.review.rawValue).contains(where: { $0 != "approved" }) {
            throw HTTPError(.badRequest, message: "review takes only the value approved.")
        }
        let catalogue = setup.catalogue
        let frozen = query
        let results = try await blocking { try catalogue.search(frozen) }
        return json(CatalogueJSON.object(results, query: query, language: language(request).messageLanguage, repositoryAddress: cloneAddress))
    }

    /// The address git clones a repository from over HTTP, or nil when this server does not
    /// serve it (a forge's repository mirrored for its webhook).
    func cloneAddress(of repository: String) -> String? {
        GitRepositories.publicName(of: repository, in: setup.data).map { "\(setup.publicURL)/git/\($0)" }
    }

    func resourceObject(_ resource: StoredResource, language: InterfaceLanguage) async throws -> [String: Any] {
        var object: [String: Any] = [
            "id": resource.resourceID,
            "page": setup.publicURL + "/resources/" + percentEscaped(resource.resourceID),
            "deleted": resource.deletedAt != nil,
            "createdAt": resource.createdAt.formatted(.iso8601),
            "updatedAt": resource.updatedAt.formatted(.iso8601),
            "clone": cloneAddress(of: resource.repository) as Any? ?? NSNull(),
        ]
        object["current"] = resource.current.map { Self.versionObject($0, language: language) } ?? NSNull()
        let catalogue = setup.catalogue, id = resource.resourceID
        object["ratings"] = Self.ratingSummaryObject(try await blocking { try catalogue.ratingSummary(of: id) })
        return object
    }

    static func ratingSummaryObject(_ summary: RatingSummary) -> [String: Any] {
        ["count": summary.count, "average": summary.average.map { ($0 * 100).rounded() / 100 } as Any? ?? NSNull()]
    }

    /// A rating as anyone may see it: a text a moderator hid is left out, and only that it was
    /// hidden is said.
    static func ratingObject(_ rating: Rating) -> [String: Any] {
        ["rater": rating.raterName, "organisation": rating.organisation, "score": rating.score,
         "text": rating.shownText as Any? ?? NSNull(), "textHidden": rating.hidden != nil,
         "createdAt": rating.createdAt.formatted(.iso8601), "updatedAt": rating.updatedAt.formatted(.iso8601)]
    }

    static func versionObject(_ version: StoredVersion, language: InterfaceLanguage) -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let manifest = (try? encoder.encode(version.manifest)).flatMap { try? JSONSerialization.jsonObject(with: $0) } ?? [:]
        let accessibility = ResourceAccessibility(version: version)
        return [
            "commit": version.commit,
            "committedAt": version.committedAt.formatted(.iso8601),
            "summary": version.commitSummary,
            "indexedAt": version.indexedAt.formatted(.iso8601),
            "approved": version.approved,
            "manifest": manifest,
            "inferred": [
                "suggestedAims": version.inferredFacets.filter { $0.facet == "aim" }.map { ["code": $0.value, "score": $0.score as Any? ?? NSNull()] as [String: Any] },
                "accessibilityFeatures": accessibility.features.sorted(),
                "accessModes": accessibility.modes,
                "accessModeSufficient": accessibility.sufficient,
                "licences": version.inferredFacets.filter { $0.facet == "licence" }.map(\.value),
            ] as [String: Any],
            "documents": version.documents,
            "words": version.words,
            "files": version.files.map { ["path": $0.path, "size": $0.size, "blob": $0.blobID] as [String: Any] },
            "findings": version.findings.map { ReportRendering.jsonObject($0, language: language.messageLanguage) },
            "counts": ["errors": version.findings.count(of: .error), "warnings": version.findings.count(of: .warning),
                       "infos": version.findings.count(of: .info)],
        ]
    }

    static func versionSummary(_ summary: VersionSummary, resource: String) -> [String: Any] {
        ["commit": summary.commit, "committedAt": summary.committedAt.formatted(.iso8601), "summary": summary.commitSummary,
         "indexedAt": summary.indexedAt.formatted(.iso8601), "errors": summary.errors, "warnings": summary.warnings,
         "current": summary.isCurrent, "href": "/api/resources/\(percentEscaped(resource))/versions/\(summary.commit)"]
    }

    static func linkObject(_ link: ResourceLink) -> [String: Any] {
        ["id": link.resourceID, "title": link.title, "commit": link.commit, "languages": link.languages, "levels": link.levels,
         "derivedFromCommit": link.derivedFromCommit as Any? ?? NSNull(), "href": "/api/resources/\(percentEscaped(link.resourceID))"]
    }

    func aimObject(_ aim: CompetenceAim, resources: AimResources?) -> [String: Any] {
        ["code": aim.code, "curriculum": aim.curriculum, "text": aim.text, "afterYear": aim.afterYear as Any? ?? NSNull(),
         "uri": aim.uri as Any? ?? NSNull(),
         "declaredBy": (resources?.declaring ?? []).map { Self.linkObject($0) },
         "suggestedFor": (resources?.suggested ?? []).map { entry in
             Self.linkObject(entry.link).merging(["score": entry.score as Any? ?? NSNull()]) { $1 }
         }]
    }
}

func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    headers[.accessControlAllowOrigin] = "*"
    var body = ByteBuffer(bytes: CatalogueJSON.compactData(object))
    body.writeString("\n")
    return Response(status: status, headers: headers, body: .init(byteBuffer: body))
}
