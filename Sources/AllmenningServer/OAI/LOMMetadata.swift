import AllmenningCore
import Foundation

/// A resource as IEEE LOM in the LOM XML binding (IEEE 1484.12.3), valid against lomStrict.xsd:
/// only LOMv1.0 vocabulary values, each element only as often as the standard allows. The
/// Norwegian practice (NO-LOM) puts curricula and competence aims in classification with the
/// curriculum's source, which is how they go here. Schemas/oai-mapping.md has the table.
enum LOMMetadata {
    static let namespace = "http://ltsc.ieee.org/xsd/LOM"
    static let schema = "http://ltsc.ieee.org/xsd/lomv1.0/lom.xsd"
    static let vocabularySource = "LOMv1.0"

    static func append(_ content: OAIRecordContent, to metadata: XMLTree.Element) {
        var lom = metadata.add("lom")
        lom = lom.inNamespace(lom.declare(namespace, prefix: nil))
        let xsi = lom.declare(OAIProvider.schemaInstanceNamespace, prefix: "xsi")
        lom.set("schemaLocation", "\(namespace) \(schema)", namespace: xsi)
        let manifest = content.manifest

        let general = lom.add("general")
        identifier(in: general, catalog: "URI", entry: content.pageURL)
        identifier(in: general, catalog: "Allmenning", entry: manifest.id)
        langString(general, "title", content.texts(manifest.title))
        for language in manifest.language where isLanguageTag(language) { general.add("language", language) }
        langString(general, "description", content.texts(manifest.description))
        for (language, keywords) in content.languageOrder((manifest.keywords ?? [:]).keys).map({ ($0, manifest.keywords?[$0] ?? []) }) {
            for keyword in keywords where !keyword.isEmpty { langString(general, "keyword", [(language, keyword)]) }
        }
        if manifest.type?.contains("course") == true { vocabulary(general, "aggregationLevel", "3") }

        let lifeCycle = lom.add("lifeCycle")
        langString(lifeCycle, "version", [(nil, content.version.commit)])
        vocabulary(lifeCycle, "status", "final")
        for author in manifest.authors ?? [] {
            guard let name = OAIRecordContent.displayName(author) else { continue }
            let contribute = lifeCycle.add("contribute")
            vocabulary(contribute, "role", role(author.role))
            let organisation = author.role == "student" ? nil : author.org
            contribute.add("entity", vCard(name: name, organisation: name == organisation ? nil : organisation, role: author.role))
        }
        let publisher = lifeCycle.add("contribute")
        vocabulary(publisher, "role", "publisher")
        publisher.add("entity", vCard(name: content.publisher, organisation: content.publisher, role: nil))
        publisher.add("date").add("dateTime", dateTime(content.version.committedAt))

        let metaMetadata = lom.add("metaMetadata")
        identifier(in: metaMetadata, catalog: "oai", entry: content.identifier)
        let creator = metaMetadata.add("contribute")
        vocabulary(creator, "role", "creator")
        creator.add("entity", vCard(name: content.publisher, organisation: content.publisher, role: nil))
        creator.add("date").add("dateTime", dateTime(content.datestamp))
        metaMetadata.add("metadataSchema", vocabularySource)

        let technical = lom.add("technical")
        if let mediaType = content.entryMediaType { technical.add("format", mediaType) }
        technical.add("size", String(max(0, content.version.bytes)))
        technical.add("location", content.pageURL)
        if let requirements = content.requirementsText {
            langString(technical, "otherPlatformRequirements", [("nb", requirements.nb), ("en", requirements.en)])
        }

        let educational = lom.add("educational")
        var resourceTypes: [String] = []
        for type in manifest.type ?? [] {
            if let value = learningResourceType[type], !resourceTypes.contains(value) { resourceTypes.append(value) }
        }
        for value in resourceTypes { vocabulary(educational, "learningResourceType", value) }
        if manifest.type?.contains(where: { ["teacher-guide", "lesson-plan"].contains($0) }) == true {
            vocabulary(educational, "intendedEndUserRole", "teacher")
        }
        if manifest.level?.contains(where: { OAIRecordContent.schoolYear($0) != nil }) == true {
            vocabulary(educational, "context", "school")
        }
        if let ages = content.typicalAgeRange { langString(educational, "typicalAgeRange", [(nil, ages)]) }
        if let duration = manifest.didactics?.duration, isLOMDuration(duration) {
            educational.add("typicalLearningTime").add("duration", duration)
        }
        if let grouping = content.groupingText {
            langString(educational, "description", [("nb", grouping.nb), ("en", grouping.en)])
        }

        let rights = lom.add("rights")
        // Everything in the catalogue is open to read and reuse under its licence.
        vocabulary(rights, "cost", "no")
        vocabulary(rights, "copyrightAndOtherRestrictions", "yes")
        let rightsText = content.rightsText
        langString(rights, "description", [("nb", rightsText.nb), ("en", rightsText.en)])

        for source in manifest.derivedFrom ?? [] {
            let relation = lom.add("relation")
            vocabulary(relation, "kind", "isbasedon")
            let resource = relation.add("resource")
            identifier(in: resource, catalog: "Allmenning", entry: source.id)
            if let address = content.sourceAddress(source) { identifier(in: resource, catalog: "URI", entry: address) }
            var description = content.texts(source.title).map { (Optional($0.language), $0.text) }
            if let commit = source.commit { description.append((nil, "commit \(commit)")) }
            langString(resource, "description", description)
        }

        let subjects = manifest.subjects ?? []
        if !subjects.isEmpty {
            let discipline = classification(lom, purpose: "discipline")
            for subject in subjects {
                let curriculum = content.curricula?.curriculum(subject.uppercased())
                taxonPath(discipline, source: source(of: subject), taxa: [(subject, curriculum?.subject)], content: content)
            }
        }
        for (purpose, aims) in [("educational objective", manifest.aims ?? []), ("prerequisite", manifest.prerequisites ?? [])] where !aims.isEmpty {
            let objectives = classification(lom, purpose: purpose)
            for aim in aims {
                let known = content.curricula?.aim(aim.uppercased())
                var taxa: [(id: String, names: LanguageMap?)] = []
                if let known { taxa.append((known.curriculum, content.curricula?.curriculum(known.curriculum)?.subject)) }
                taxa.append((aim, known?.text))
                taxonPath(objectives, source: source(of: aim), taxa: taxa, content: content)
            }
        }
        let years = (manifest.level ?? []).compactMap(OAIRecordContent.schoolYear)
        if !years.isEmpty {
            let levels = classification(lom, purpose: "educational level")
            for year in years {
                let stage = OAIRecordContent.stage(ofYear: year)
                taxonPath(levels, sourceTexts: [("nb", "Trinn i grunnopplæringen (LK20)"), ("en", "School years (LK20)")],
                          taxa: [(stage.id, stage.names), (year <= 10 ? String(year) : "vg\(year - 10)", OAIRecordContent.yearNames(year))],
                          content: content)
            }
        }
        if let accessibility = manifest.accessibility {
            let groups = [("schema.org accessibilityFeature", accessibility.features ?? []),
                          ("schema.org accessibilityHazard", accessibility.hazards ?? []),
                          ("schema.org accessMode", accessibility.accessModes ?? [])]
            let summary = content.texts(accessibility.summary)
            if groups.contains(where: { !$0.1.isEmpty }) || !summary.isEmpty {
                let restrictions = classification(lom, purpose: "accessibility restrictions")
                for (source, values) in groups where !values.isEmpty {
                    let path = restrictions.add("taxonPath")
                    langString(path, "source", [(nil, source)])
                    for value in values { path.add("taxon").add("id", value) }
                }
                langString(restrictions, "description", summary.map { (Optional($0.language), $0.text) })
            }
        }
    }

    /// LOMv1.0 learning resource types for Allmenning's types; types without one (video,
    /// audio, game, reference, course) are left out here and kept in oai_dc's type.
    static let learningResourceType: [String: String] = [
        "lesson": "lecture", "lesson-plan": "narrative text", "teacher-guide": "narrative text", "exercise": "exercise",
        "worksheet": "exercise", "assessment": "exam", "quiz": "self assessment", "project": "problem statement",
        "experiment": "experiment", "presentation": "slide", "text": "narrative text", "guide": "narrative text",
        "image": "figure", "simulation": "simulation", "dataset": "table",
    ]

    /// LOMv1.0 contributor roles for the manifest's author roles; a translator or a narrator
    /// has none and is "unknown" (the vCard's ROLE keeps the manifest's word).
    static func role(_ role: String?) -> String {
        switch role {
        case nil, "teacher", "student", "author": "author"
        case "illustrator": "graphical designer"
        case "editor": "editor"
        default: "unknown"
        }
    }

    /// A vCard 3.0 with the formatted name (and organisation, role). N is required by vCard
    /// 3.0 and left empty: a name cannot be split into family and given names reliably.
    static func vCard(name: String, organisation: String?, role: String?) -> String {
        var lines = ["BEGIN:VCARD", "VERSION:3.0", "N:;;;;", "FN:" + vCardText(name)]
        if let organisation, !organisation.isEmpty { lines.append("ORG:" + vCardText(organisation)) }
        if let role, !role.isEmpty { lines.append("ROLE:" + vCardText(role)) }
        lines.append("END:VCARD")
        return lines.joined(separator: "\n")
    }

    /// vCard text value escaping (RFC 2426 §4): backslash, comma, semicolon and line breaks.
    static func vCardText(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case ",": escaped += "\\,"
            case ";": escaped += "\\;"
            case "\n", "\r\n", "\r": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// LOM's DateTime: the seconds with a fraction, since its pattern takes a time zone only
    /// after one.
    static func dateTime(_ date: Date) -> String {
        String(OAIDatestamp.string(date).dropLast()) + ".0Z"
    }

    /// LOM's duration pattern: ISO 8601 without weeks.
    static func isLOMDuration(_ text: String) -> Bool {
        text.wholeMatch(of: /P([0-9]+Y)?([0-9]+M)?([0-9]+D)?(T([0-9]+H)?([0-9]+M)?([0-9]+(\.[0-9]+)?S)?)?/) != nil && text != "P" && !text.hasSuffix("T")
    }

    /// xs:language, which LOM's language values and attributes are.
    static func isLanguageTag(_ text: String) -> Bool {
        text.wholeMatch(of: /[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*/) != nil
    }

    private static func source(of code: String) -> String {
        code.hasPrefix("http://") || code.hasPrefix("https://") ? "URI" : "LK20"
    }

    private static func identifier(in parent: XMLTree.Element, catalog: String, entry: String) {
        let identifier = parent.add("identifier")
        identifier.add("catalog", catalog)
        identifier.add("entry", entry)
    }

    private static func vocabulary(_ parent: XMLTree.Element, _ name: String, _ value: String) {
        let element = parent.add(name)
        element.add("source", vocabularySource)
        element.add("value", value)
    }

    /// A LangString element; nil language for text in no particular language (codes, ages).
    private static func langString(_ parent: XMLTree.Element, _ name: String, _ texts: [(String?, String)]) {
        let texts = texts.filter { !$0.1.isEmpty }
        guard !texts.isEmpty else { return }
        let element = parent.add(name)
        for (language, text) in texts {
            let string = element.add("string", text)
            if let language, isLanguageTag(language) { string.set("language", language) }
        }
    }

    private static func classification(_ lom: XMLTree.Element, purpose: String) -> XMLTree.Element {
        let classification = lom.add("classification")
        vocabulary(classification, "purpose", purpose)
        return classification
    }

    private static func taxonPath(_ classification: XMLTree.Element, source: String, taxa: [(id: String, names: LanguageMap?)],
                                  content: OAIRecordContent) {
        taxonPath(classification, sourceTexts: [(nil, source)], taxa: taxa, content: content)
    }

    private static func taxonPath(_ classification: XMLTree.Element, sourceTexts: [(String?, String)],
                                  taxa: [(id: String, names: LanguageMap?)], content: OAIRecordContent) {
        let path = classification.add("taxonPath")
        langString(path, "source", sourceTexts)
        for (id, names) in taxa {
            let taxon = path.add("taxon")
            taxon.add("id", id)
            langString(taxon, "entry", content.texts(names).map { (Optional($0.language), $0.text) })
        }
    }
}
