import AllmenningCatalogue
import AllmenningCore
import AllmenningServer
import CLibXML2
import Foundation
import Testing

/// An XML answer parsed back with libxml2 (network off, no entity substitution, no DTD
/// loading), asked with XPath. Prefixes: oai, oai_dc, dc, lom, xsi, id (oai-identifier).
final class ParsedXML {
    private let document: xmlDocPtr
    let text: String

    init(_ data: Data, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        text = String(decoding: data, as: UTF8.self)
        let options = Int32(XML_PARSE_NONET.rawValue)
        let parsed = data.withUnsafeBytes { buffer in
            xmlReadMemory(buffer.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), nil, "UTF-8", options)
        }
        document = try #require(parsed, "not well-formed XML:\n\(text)", sourceLocation: sourceLocation)
    }

    deinit { xmlFreeDoc(document) }

    static let namespaces = [
        "oai": "http://www.openarchives.org/OAI/2.0/", "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
        "dc": "http://purl.org/dc/elements/1.1/", "lom": "http://ltsc.ieee.org/xsd/LOM",
        "xsi": "http://www.w3.org/2001/XMLSchema-instance", "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
    ]

    /// The text of each node the expression selects (an element's text, an attribute's value).
    func strings(_ expression: String) -> [String] {
        guard let context = xmlXPathNewContext(document) else { return [] }
        defer { xmlXPathFreeContext(context) }
        // The prefixes go in the context's namespace list (xmlXPathRegisterNs is in a header
        // the module map leaves out).
        let declarations = Self.namespaces.map { xmlNewNs(nil, Self.bytes($0.value), Self.bytes($0.key)) }
        let list = UnsafeMutablePointer<xmlNsPtr?>.allocate(capacity: declarations.count)
        list.initialize(from: declarations, count: declarations.count)
        defer {
            for declaration in declarations { xmlFreeNs(declaration) }
            list.deallocate()
        }
        context.pointee.namespaces = list
        context.pointee.nsNr = Int32(declarations.count)
        guard let result = xmlXPathEvalExpression(Self.bytes(expression), context) else {
            Issue.record("bad XPath \(expression)")
            return []
        }
        defer { xmlXPathFreeObject(result) }
        guard let nodes = result.pointee.nodesetval else { return [] }
        return (0..<Int(nodes.pointee.nodeNr)).compactMap { index in
            nodes.pointee.nodeTab[index].map(Self.text)
        }
    }

    func string(_ expression: String) -> String? { strings(expression).first }
    func count(_ expression: String) -> Int { strings(expression).count }

    private static func text(_ node: xmlNodePtr) -> String {
        var text = ""
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_TEXT_NODE || current.pointee.type == XML_CDATA_SECTION_NODE, let content = current.pointee.content {
                text += String(cString: content)
            }
            child = current.pointee.next
        }
        return text
    }

    private static func bytes(_ text: String) -> [xmlChar] { Array(text.utf8) + [0] }
}

final class TemporaryCatalogue {
    let folder: URL
    let store: SQLiteCatalogue

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("allmenning-oai-\(UUID().uuidString)")
        store = try SQLiteCatalogue(file: folder.appendingPathComponent("catalogue.sqlite"))
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Publishes a manifest (YAML, as in resource.yaml) as the indexer would, at `date`.
    func publish(_ yaml: String, at date: Date, repository: String? = nil, commit: String? = nil,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let reading = ManifestValidator().validate(data: Data(yaml.utf8), path: "resource.yaml")
        let manifest = try #require(reading.manifest, "\(reading.findings.map(\.message.en))", sourceLocation: sourceLocation)
        let commit = commit ?? String(ResultCache.digest(yaml + "\(date)").prefix(40)).padding(toLength: 40, withPad: "0", startingAt: 0)
        try store.publish(VersionRecord(
            repository: repository ?? "/srv/allmenning/\(manifest.id).git", branch: "refs/heads/main", commit: commit, committedAt: date,
            commitSummary: "Første versjon", indexedAt: date, checks: "test", manifest: manifest, inferred: [:],
            tags: ResourceTags(files: 2, bytes: 4_096, documents: 1, words: 120), findings: [],
            files: [SnapshotFile(path: "index.html", blobID: commit, size: 4_000), SnapshotFile(path: "resource.yaml", blobID: "b" + commit.dropFirst(), size: 96)],
            documentTexts: [:], newTexts: [:], curricula: nil))
    }

    func delete(repository: String, at date: Date) throws {
        try store.markDeleted(repository: repository, at: date, repositoryGone: true)
    }
}

/// The package's own copy of the LK20 curricula (Content/curricula), not ../shared.
let lk20: CurriculumCatalogue = {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Content/curricula")
    return (try? CurriculumCatalogue.load(directory: folder)) ?? CurriculumCatalogue()
}()

extension OAIProvider.Response {
    func xml(sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ParsedXML {
        #expect(status == 200, sourceLocation: sourceLocation)
        #expect(contentType == "text/xml; charset=utf-8", sourceLocation: sourceLocation)
        return try ParsedXML(body, sourceLocation: sourceLocation)
    }
}

/// 2024-05-01T00:00:00Z
let firstDay = Date(timeIntervalSince1970: 1_714_521_600)
