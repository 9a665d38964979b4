import AllmenningCatalogue
import AllmenningCore
import Foundation
import Hummingbird

/// The web pages: search, resource, curricula. Server-rendered, usable without JavaScript.
struct Pages: Sendable {
    let setup: ServerSetup
    let templates: Templates

    static let hitsPerPage = 20
    /// The facets the search page offers, in the order a teacher narrows by.
    static let shownFacets: [Facet] = [.subject, .level, .language, .type, .kind, .feature, .licence, .aim]
    /// Filter values read from one request (checkboxes); more say nothing more.
    static let maximumFilterValues = 20

    func register(on router: Router<ServerRequestContext>) {
        router.get("/") { request, _ in try await searchPage(request) }
        router.get("/search") { request, _ in try await searchPage(request) }
        router.get("/resources/:id") { request, context in
            try await ResourcePage(setup: setup, templates: templates).response(request, id: context.parameters.require("id"), visitor: context.visitor)
        }
        router.get("/resources/:id/files/**") { request, context in
            try await ResourceFiles(setup: setup, templates: templates).file(request, id: context.parameters.require("id"),
                                                       path: context.parameters.getCatchAll().joined(separator: "/"), viewer: context.visitor.viewer)
        }
        router.get("/resources/:id/download.zip") { _, context in
            try await ResourceFiles(setup: setup, templates: templates).zip(id: context.parameters.require("id"), viewer: context.visitor.viewer)
        }
        router.get("/curricula") { request, _ in try await curriculaPage(request) }
        router.get("/curricula/:code") { request, context in try await curriculumPage(request, code: context.parameters.require("code")) }
    }

    // MARK: Search

    static func searchQuery(_ parameters: QueryParameters, limit: Int) -> SearchQuery {
        var filters: [Facet: [String]] = [:]
        for facet in Facet.allCases {
            let values = parameters.all(facet.rawValue).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && $0.count <= 100 }
            if !values.isEmpty { filters[facet] = Array(values.prefix(maximumFilterValues)) }
        }
        let page = min(max(Int(parameters.first("page") ?? "") ?? 1, 1), 500)
        return SearchQuery(text: String((parameters.first("q") ?? "").prefix(2000)), filters: filters, limit: limit, offset: (page - 1) * limit)
    }

    func searchPage(_ request: Request) async throws -> Response {
        let language = ReaderLanguage(request).language
        let show = Presentation(language: language, setup: setup)
        let parameters = QueryParameters(request.uri.query)
        let query = Self.searchQuery(parameters, limit: Self.hitsPerPage)
        let catalogue = setup.catalogue
        let results = try await blocking { try catalogue.search(query) }

        var facets: [[String: Any]] = []
        for facet in Self.shownFacets {
            var counts = results.facets[facet] ?? []
            // A value the reader chose stays visible (and can be unticked) even with no matches.
            for chosen in query.filters[facet] ?? [] where !counts.contains(where: { $0.value == facet.normalised(chosen) }) {
                counts.append(FacetCount(value: facet.normalised(chosen), count: 0))
            }
            guard !counts.isEmpty else { continue }
            let chosen = Set((query.filters[facet] ?? []).map { facet.normalised($0) })
            facets.append([
                "label": show.t("facet.\(facet.rawValue)"),
                "values": counts.enumerated().map { index, count in
                    ["id": "f-\(facet.rawValue)-\(index)", "name": facet.rawValue, "value": count.value,
                     "label": show.facetValue(facet, count.value), "count": count.count, "checked": chosen.contains(count.value)] as [String: Any]
                },
            ])
        }
        let hits: [[String: Any]] = results.hits.map { hit in
            let title = show.text(hit.title)
            let description = show.text(hit.description)
            var meta = [show.levels(hit.levels), hit.subjects.map(show.subject).joined(separator: ", "),
                        hit.languages.map(show.languageName).joined(separator: ", "), show.licenceName(hit.licence)]
            if hit.kind == "student" { meta.append(show.kind(hit.kind)) }
            let reasons = hit.reasons.map { reason in
                show.t("field.\(reason.field)") + (reason.words.isEmpty ? "" : " (" + reason.words.joined(separator: ", ") + ")")
                    + (reason.detail.map { " – \($0)" } ?? "")
            }.joined(separator: "; ")
            return [
                "href": show.resourceHref(hit.resourceID), "title": title?.text ?? hit.resourceID, "titleLang": title?.lang as Any,
                "description": description.map { Self.shortened($0.text, to: 320) } as Any, "descriptionLang": description?.lang as Any,
                "meta": meta.filter { !$0.isEmpty }.joined(separator: " · "), "approved": hit.approved,
                "reasons": (reasons.isEmpty ? nil : reasons) as Any, "snippet": hit.snippet as Any,
            ]
        }
        let page = query.offset / query.limit + 1
        func pageHref(_ number: Int) -> String {
            let kept = parameters.pairs.filter { $0.name != "page" } + [("page", String(number))]
            return "/?" + kept.map { "\(percentEscaped($0.name))=\(percentEscaped($0.value))" }.joined(separator: "&")
        }
        let previous = page > 1 ? pageHref(page - 1) : nil
        let next = query.offset + results.hits.count < results.total ? pageHref(page + 1) : nil
        let heading = results.total == 0 ? show.t("noResults")
            : results.total == 1 ? show.t("resultsCountOne") : String(format: show.t("resultsCount"), results.total)
        return templates.page("search", language: language, request: request,
                              title: query.text.isEmpty ? show.t("searchHeading") : "\(query.text) – \(show.t("search"))",
                              values: [
                                  "atSearch": true, "q": query.text, "facets": facets, "facetsEstimated": results.facetsEstimated,
                                  "resultsHeading": heading, "notes": results.notes.map { $0.text(in: language.messageLanguage) },
                                  "hasHits": !hits.isEmpty, "hits": hits, "firstNumber": query.offset + 1,
                                  "hasPages": previous != nil || next != nil, "previous": previous as Any, "next": next as Any,
                                  "alternateJSON": "/api/search" + (request.uri.query.map { "?" + $0 } ?? ""),
                              ])
    }

    static func shortened(_ text: String, to length: Int) -> String {
        text.count <= length ? text : String(text.prefix(length - 1)) + "…"
    }

    // MARK: Curricula

    func curriculaPage(_ request: Request) async throws -> Response {
        let language = ReaderLanguage(request).language
        let show = Presentation(language: language, setup: setup)
        let catalogue = setup.catalogue, curricula = setup.curricula
        let statistics = try await blocking { try catalogue.statistics(curricula: curricula) }
        let rows: [[String: Any]] = statistics.curricula.filter { $0.declared > 0 || !$0.onlySuggested.isEmpty }
            .sorted { (show.text($0.subject)?.text ?? $0.curriculum) < (show.text($1.subject)?.text ?? $1.curriculum) }
            .map { coverage in
                ["href": "/curricula/\(percentEscaped(coverage.curriculum))", "name": show.text(coverage.subject)?.text ?? coverage.curriculum,
                 "code": coverage.curriculum, "declared": coverage.declared, "aims": coverage.aims, "gaps": coverage.aims - coverage.declared]
            }
        return templates.page("curricula", language: language, request: request, title: show.t("curriculaHeading"),
                              values: ["atCurricula": true, "hasCurricula": !rows.isEmpty, "curricula": rows])
    }

    func curriculumPage(_ request: Request, code: String) async throws -> Response {
        let language = ReaderLanguage(request).language
        let show = Presentation(language: language, setup: setup)
        guard let (pack, curriculum) = setup.curriculum(code) else {
            throw HTTPError(.notFound, message: show.t("notFoundCurriculum").replacingOccurrences(of: "%@", with: Self.shortened(code, to: 40)))
        }
        let aims = pack.aims.filter { $0.curriculum == curriculum.code }
        let catalogue = setup.catalogue
        let codes = aims.map(\.code)
        let resources = try await blocking { try catalogue.resources(forAims: codes) }
        func link(_ resource: ResourceLink) -> [String: Any] {
            let title = show.text(resource.title)
            return ["href": show.resourceHref(resource.resourceID), "title": title?.text ?? resource.resourceID, "titleLang": title?.lang as Any]
        }
        var groups: [[String: Any]] = []
        var order: [String] = []
        var grouped: [String: [CompetenceAim]] = [:]
        for aim in aims {
            let key = aim.afterYear ?? ""
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(aim)
        }
        var covered = 0
        for (index, key) in order.enumerated() {
            let entries: [[String: Any]] = grouped[key]!.map { aim in
                let found = resources[aim.code]
                let declaring = found?.declaring ?? []
                let suggested = found?.suggested.map(\.link) ?? []
                if !declaring.isEmpty { covered += 1 }
                let text = show.text(aim.text)
                return ["code": aim.code, "text": text?.text ?? "", "textLang": text?.lang as Any, "gap": declaring.isEmpty && suggested.isEmpty,
                        "hasDeclaring": !declaring.isEmpty, "declaring": declaring.map(link),
                        "hasSuggested": declaring.isEmpty && !suggested.isEmpty, "suggested": suggested.map(link)]
            }
            let heading = key.isEmpty ? show.t("otherAims") : show.t("afterYear").replacingOccurrences(of: "%@", with: show.level(key))
            groups.append(["id": "group-\(index)", "heading": heading, "aims": entries])
        }
        let name = show.text(curriculum.subject)?.text ?? curriculum.code
        return templates.page("curriculum", language: language, request: request, title: name,
                              values: ["atCurricula": true, "name": name, "code": curriculum.code, "uri": curriculum.uri as Any,
                                       "coverageSummary": String(format: show.t("coverageSummary"), covered, aims.count),
                                       "groups": groups, "alternateJSON": "/api/curricula/\(percentEscaped(curriculum.code))"])
    }
}
