import AllmenningCore
import Foundation

/// A resource as unqualified Dublin Core (oai_dc), the format every OAI-PMH harvester reads.
/// Schemas/oai-mapping.md has the table.
enum DublinCoreMetadata {
    static let namespace = "http://www.openarchives.org/OAI/2.0/oai_dc/"
    static let schema = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
    static let elementsNamespace = "http://purl.org/dc/elements/1.1/"

    static func append(_ content: OAIRecordContent, to metadata: XMLTree.Element) {
        let dc = container(in: metadata)
        let manifest = content.manifest
        func add(_ name: String, _ text: String, language: String? = nil) {
            guard !text.isEmpty else { return }
            let element = dc.element.add(name, text, namespace: dc.elements)
            if let language, LOMMetadata.isLanguageTag(language) { element.setLanguage(language) }
        }
        for (language, title) in content.texts(manifest.title) { add("title", title, language: language) }
        for author in manifest.authors ?? [] {
            guard let name = OAIRecordContent.displayName(author) else { continue }
            add(OAIRecordContent.isCreator(author) ? "creator" : "contributor", name)
        }
        for language in content.languageOrder((manifest.keywords ?? [:]).keys) {
            for keyword in manifest.keywords?[language] ?? [] { add("subject", keyword, language: language) }
        }
        for subject in manifest.subjects ?? [] { add("subject", subject) }
        for aim in manifest.aims ?? [] { add("subject", aim) }
        for (language, description) in content.texts(manifest.description) { add("description", description, language: language) }
        add("publisher", content.publisher)
        add("date", OAIDatestamp.day(content.version.committedAt))
        for type in manifest.type ?? [] { add("type", Vocabularies.lrmiType(for: type) ?? type) }
        if let mediaType = content.entryMediaType { add("format", mediaType) }
        add("identifier", content.pageURL)
        for language in manifest.language { add("language", language) }
        for source in manifest.derivedFrom ?? [] { add("relation", content.sourceAddress(source) ?? source.id) }
        add("rights", manifest.licence)
        for licence in OAIRecordContent.licenceAddresses(manifest.licence) { add("rights", licence.url) }
    }

    /// An oai_dc:dc element with its namespaces and schema location; `elements` is the
    /// namespace of its dc: children.
    static func container(in parent: XMLTree.Element) -> (element: XMLTree.Element, elements: XMLTree.Namespace) {
        var dc = parent.add("dc")
        dc = dc.inNamespace(dc.declare(namespace, prefix: "oai_dc"))
        let elements = dc.declare(elementsNamespace, prefix: "dc")
        let xsi = dc.declare(OAIProvider.schemaInstanceNamespace, prefix: "xsi")
        dc.set("schemaLocation", "\(namespace) \(schema)", namespace: xsi)
        return (dc, elements)
    }
}
