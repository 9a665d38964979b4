import AllmenningCatalogue
import AllmenningCore
import Foundation

/// schema.org/LRMI metadata for a resource page, in the shape of NS 4180:2020 (the Norwegian
/// metadata standard for learning resources): each aim an AlignmentObject with its framework
/// and address, the years as educationalLevel, the licence as a URL, isBasedOn for derivedFrom,
/// and the accessibility properties (declared by the author, and accessModeSufficient as the
/// accessibility plugin verified it).
struct ResourceJSONLD {
    let setup: ServerSetup

    func object(resource: StoredResource, version: StoredVersion, sources: [String: ResourceLink]) -> [String: Any] {
        let manifest = version.manifest
        let page = setup.publicURL + "/resources/" + percentEscaped(resource.resourceID)
        var object: [String: Any] = [
            "@context": "https://schema.org",
            "@type": ["LearningResource", "CreativeWork"],
            "@id": page,
            "url": page,
            "identifier": resource.resourceID,
            "name": Self.languageValues(manifest.title),
            "inLanguage": manifest.language,
            "license": ResourceScaffold.legalCodeURL(for: manifest.licence),
            "isAccessibleForFree": true,
            "dateModified": version.committedAt.formatted(.iso8601),
            "version": version.commit,
        ]
        if let description = manifest.description { object["description"] = Self.languageValues(description) }
        if let keywords = manifest.keywords {
            object["keywords"] = keywords.sorted { $0.key < $1.key }.flatMap { language, words in words.map { ["@value": $0, "@language": language] } }
        }
        if let types = manifest.type { object["learningResourceType"] = types }
        var alignments: [[String: Any]] = []
        for code in manifest.aims ?? [] {
            var alignment: [String: Any] = ["@type": "AlignmentObject", "alignmentType": "teaches", "educationalFramework": "LK20", "targetName": code]
            if let aim = setup.aim(code) {
                alignment["targetUrl"] = aim.uri ?? "http://psi.udir.no/kl06/\(code)"
                if let text = aim.text["nb"] ?? aim.text["nn"] ?? aim.text.values.first { alignment["targetDescription"] = text }
            } else {
                alignment["targetUrl"] = "http://psi.udir.no/kl06/\(code)"
            }
            alignments.append(alignment)
        }
        for code in manifest.prerequisites ?? [] {
            alignments.append(["@type": "AlignmentObject", "alignmentType": "requires", "educationalFramework": "LK20", "targetName": code,
                               "targetUrl": setup.aim(code)?.uri ?? "http://psi.udir.no/kl06/\(code)"])
        }
        for code in manifest.subjects ?? [] {
            var alignment: [String: Any] = ["@type": "AlignmentObject", "alignmentType": "educationalSubject", "educationalFramework": "LK20", "targetName": code]
            if let curriculum = setup.curricula?.curriculum(code) {
                alignment["targetUrl"] = curriculum.uri ?? "http://psi.udir.no/kl06/\(code)"
                if let name = curriculum.subject["nb"] { alignment["targetDescription"] = name }
            }
            alignments.append(alignment)
        }
        if !alignments.isEmpty { object["educationalAlignment"] = alignments }
        if let levels = manifest.level, !levels.isEmpty {
            object["educationalLevel"] = levels.map { level -> [String: Any] in
                ["@type": "DefinedTerm", "termCode": level, "name": level.lowercased().hasPrefix("vg") ? "Vg" + level.dropFirst(2) : "\(level). trinn",
                 "inDefinedTermSet": "https://data.udir.no/kl06/v201906/trinn"]
            }
            if let ages = Self.typicalAgeRange(levels) { object["typicalAgeRange"] = ages }
        }
        if let duration = manifest.didactics?.duration { object["timeRequired"] = duration }
        let authors: [[String: Any]] = (manifest.authors ?? []).compactMap { author in
            guard let name = author.name ?? author.pseudonym else { return nil }
            var person: [String: Any] = ["@type": "Person", "name": name]
            if let org = author.org { person["affiliation"] = ["@type": "Organization", "name": org] }
            return person
        }
        if !authors.isEmpty { object["author"] = authors }
        let basedOn: [[String: Any]] = (manifest.derivedFrom ?? []).map { source in
            var work: [String: Any] = ["@type": "LearningResource", "identifier": source.id, "name": Self.languageValues(source.title),
                                       "license": ResourceScaffold.legalCodeURL(for: source.licence)]
            if sources[source.id] != nil { work["url"] = setup.publicURL + "/resources/" + percentEscaped(source.id) } else if let repository = source.repository { work["url"] = repository }
            if let commit = source.commit { work["version"] = commit }
            return work
        }
        if !basedOn.isEmpty { object["isBasedOn"] = basedOn }
        let verified = ResourceAccessibility(version: version)
        if let accessibility = manifest.accessibility {
            if let modes = accessibility.accessModes { object["accessMode"] = modes }
            if let features = accessibility.features { object["accessibilityFeature"] = features }
            if let hazards = accessibility.hazards { object["accessibilityHazard"] = hazards }
            if let summary = accessibility.summary { object["accessibilitySummary"] = Self.languageValues(summary) }
        }
        if object["accessMode"] == nil, !verified.modes.isEmpty { object["accessMode"] = verified.modes }
        if !verified.sufficient.isEmpty {
            object["accessModeSufficient"] = verified.sufficient.map { ["@type": "ItemList", "itemListElement": $0, "description": $0.joined(separator: ",")] }
        }
        return object
    }

    /// The JSON for a `<script type="application/ld+json">`: `<` is escaped so that no text in
    /// a manifest can close the script element.
    func document(resource: StoredResource, version: StoredVersion, sources: [String: ResourceLink]) -> String {
        CatalogueJSON.string(object(resource: resource, version: version, sources: sources), pretty: false)
            .replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    static func languageValues(_ map: LanguageMap) -> [[String: String]] {
        map.sorted { $0.key < $1.key }.map { ["@value": $0.value, "@language": $0.key] }
    }

    /// Norwegian pupils are 6 in year 1 and 16 in vg1.
    static func typicalAgeRange(_ levels: [String]) -> String? {
        let ages = levels.compactMap { level -> Int? in
            if let year = Int(level) { return year + 5 }
            if level.lowercased().hasPrefix("vg"), let year = Int(level.dropFirst(2)) { return year + 15 }
            return nil
        }
        guard let low = ages.min(), let high = ages.max() else { return nil }
        return "\(low)-\(high + 1)"
    }
}
