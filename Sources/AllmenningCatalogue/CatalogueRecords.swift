import AllmenningCore
import AllmenningGit
import Foundation

/// Turns a checked version into what the catalogue stores: the declared metadata (with
/// students' names removed), the inferred tags, the facet values and the search terms.
extension VersionRecord {
    /// The record of a checked version. `documentTexts` has the text of every document of the
    /// version by blob id; `newTexts` those the catalogue does not have yet.
    public init(repository: String, branch: String, commit: String, committedAt: Date, commitSummary: String, indexedAt: Date,
                checks: String, manifest: Manifest, inferred: [String: [String: [String: TagValue]]], tags: ResourceTags,
                findings: [Finding], files: [SnapshotFile], documentTexts: [String: String], newTexts: [String: String],
                curricula: CurriculumCatalogue?) {
        let manifest = CatalogueRecords.withoutStudentNames(manifest)
        let resourceTags = inferred.keys.sorted().compactMap { inferred[$0]?[""] }
        let suggested = CatalogueRecords.suggestedAims(resourceTags)
        let body = files.compactMap { documentTexts[$0.blobID] }.joined(separator: "\n")
        self.init(repository: repository, branch: branch, commit: commit, committedAt: committedAt, commitSummary: commitSummary,
                  indexedAt: indexedAt, checks: checks, manifest: manifest, inferred: inferred, tags: tags, findings: findings,
                  files: files, documentTexts: newTexts,
                  facets: CatalogueRecords.facets(manifest, resourceTags: resourceTags, suggested: suggested),
                  searchFields: CatalogueRecords.searchFields(manifest, suggested: suggested, body: body, curricula: curricula))
    }
}

enum CatalogueRecords {
    /// Public pages and harvesters never see a pupil's name: a student author keeps only the
    /// pseudonym, also among the authors of what the resource was adapted from.
    static func withoutStudentNames(_ manifest: Manifest) -> Manifest {
        func clean(_ authors: [Manifest.Author]?) -> [Manifest.Author]? {
            authors?.map { author in
                guard author.role == "student" else { return author }
                var pupil = author
                pupil.name = nil
                return pupil
            }
        }
        var manifest = manifest
        manifest.authors = clean(manifest.authors)
        manifest.derivedFrom = manifest.derivedFrom?.map { source in
            var source = source
            source.authors = clean(source.authors)
            return source
        }
        return manifest
    }

    struct SuggestedAim {
        var code: String
        var score: Double?
        var text: String?
    }

    /// The aims a plugin suggested for the resource as a whole (`aims.suggested`: code,
    /// score, text), whichever plugin did.
    static func suggestedAims(_ resourceTags: [[String: TagValue]]) -> [SuggestedAim] {
        resourceTags.compactMap { $0["aims.suggested"] }.flatMap { value -> [SuggestedAim] in
            guard case let .list(items) = value else { return [] }
            return items.compactMap { item in
                guard case let .object(fields) = item, case let .text(code)? = fields["code"] else { return nil }
                var score: Double?
                if case let .number(number)? = fields["score"] { score = number }
                var text: String?
                if case let .text(words)? = fields["text"] { text = words }
                return SuggestedAim(code: code, score: score, text: text)
            }
        }
    }

    private static func texts(_ value: TagValue?) -> [String] {
        switch value {
        case let .text(text)?: [text]
        case let .list(items)?: items.flatMap { texts($0) }
        case let .object(fields)?: fields.values.flatMap { texts($0) }
        default: []
        }
    }

    static func facets(_ manifest: Manifest, resourceTags: [[String: TagValue]], suggested: [SuggestedAim]) -> [FacetValue] {
        var facets: [FacetValue] = []
        func declare(_ facet: String, _ values: [String]?) {
            for value in values ?? [] where !value.isEmpty { facets.append(FacetValue(facet, value, .declared)) }
        }
        declare("subject", manifest.subjects?.map(Facet.subject.normalised))
        declare("level", manifest.level?.map(Facet.level.normalised))
        declare("aim", manifest.aims?.map(Facet.aim.normalised))
        declare("licence", [manifest.licence])
        declare("language", manifest.language)
        declare("type", manifest.type)
        declare("kind", [manifest.kind])
        declare("grouping", manifest.didactics?.grouping)
        declare("feature", manifest.accessibility?.features)
        declare("hazard", manifest.accessibility?.hazards)
        declare("access-mode", manifest.accessibility?.accessModes)
        for aim in suggested { facets.append(FacetValue("aim", Facet.aim.normalised(aim.code), .inferred, score: aim.score)) }
        for tags in resourceTags {
            for feature in texts(tags["accessibilityFeature"]) { facets.append(FacetValue("feature", feature, .inferred)) }
            for mode in texts(tags["accessMode"]) { facets.append(FacetValue("access-mode", mode, .inferred)) }
            for licence in Set(texts(tags["licences"])) { facets.append(FacetValue("licence", licence, .inferred)) }
        }
        return facets
    }

    static func searchFields(_ manifest: Manifest, suggested: [SuggestedAim], body: String, curricula: CurriculumCatalogue?) -> SearchFields {
        func terms(_ map: LanguageMap?) -> String {
            (map ?? [:]).sorted { $0.key < $1.key }.map { SearchText.terms($0.value, language: $0.key) }.joined(separator: " ")
        }
        var fields = SearchFields()
        fields.title = terms(manifest.title)
        fields.keywords = (manifest.keywords ?? [:]).sorted { $0.key < $1.key }
            .map { SearchText.terms($0.value.joined(separator: " "), language: $0.key) }.joined(separator: " ")
        fields.description = [terms(manifest.description), terms(manifest.accessibility?.summary)].joined(separator: " ")
        fields.aims = (manifest.aims ?? []).map { code in
            ([SearchText.terms(code, language: nil)] + (curricula?.aim(code.uppercased())?.text.sorted { $0.key < $1.key }
                .map { SearchText.terms($0.value, language: $0.key) } ?? [])).joined(separator: " ")
        }.joined(separator: " ")
        fields.suggestedAims = suggested.map { aim in
            SearchText.terms(aim.code, language: nil) + " " + SearchText.terms(aim.text ?? "", language: manifest.language.first)
        }.joined(separator: " ")
        fields.body = SearchText.terms(body, language: manifest.language.first)
        return fields
    }
}
