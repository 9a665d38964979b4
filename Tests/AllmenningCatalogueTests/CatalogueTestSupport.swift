import AllmenningCatalogue
import AllmenningCore
import Foundation
import GitTestSupport
import GRDB

/// A plugin for these tests, standing in for the real ones (which the catalogue does not
/// depend on): it says "captions" for a .vtt file, suggests an aim for a page that mentions
/// pizza, and reports an error for a file that contains FORBIDDEN.
struct ProbePlugin: ValidatorPlugin {
    let name = "probe"
    let version = "1"
    let rules: [PluginRule] = []

    func examines(path: String) -> Bool { true }

    func checkFile(_ file: PluginFile, context: PluginContext) -> FileCheck {
        let text = String(decoding: file.data, as: UTF8.self)
        var check = FileCheck()
        if text.contains("FORBIDDEN") {
            check.findings.append(Finding(plugin: name, code: "probe.forbidden", severity: .error, location: SourceLocation(path: file.path, line: 3),
                                          message: LocalizedText(nb: "Fila inneholder FORBIDDEN. Fjern ordet.", en: "The file contains FORBIDDEN. Remove the word.")))
        }
        if text.lowercased().contains("pizza") { check.tags["pizza"] = .text("yes") }
        return check
    }

    func checkResource(_ resource: PluginResource, context: PluginContext) -> FileCheck {
        var tags: [String: TagValue] = [:]
        if resource.snapshot.files.contains(where: { $0.path.hasSuffix(".vtt") }) { tags["accessibilityFeature"] = .list([.text("captions")]) }
        if resource.fileTags.values.contains(where: { $0["pizza"] != nil }) {
            tags["aims.suggested"] = .list([.object(["code": .text("KM13277"), "score": .number(42), "text": .text("brøk og prosent")])])
        }
        return FileCheck(tags: tags)
    }
}

func manifest(id: String, title: String = "Brøk med pizza", language: String = "nb", kind: String = "teacher",
              extra: String = "") -> String {
    """
    manifest: 1
    id: \(id)
    title:
      \(language): \(title)
    language: [\(language)]
    kind: \(kind)
    licence: CC-BY-SA-4.0
    subjects: [MAT01-06]
    level: ["5"]
    entry: index.md
    \(extra)
    """
}

/// A resource repository made by the git command line: resource.yaml and index.md, one commit.
@discardableResult
func makeResourceRepository(at url: URL, manifest text: String, page: String = "# Brøk med pizza\n\nEn pizza delt i åtte biter. Brøkene blir små.\n") throws -> URL {
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    try GitCommandLine.run(["init", "-q", "-b", "main"], in: url)
    try GitCommandLine.write(text, to: "resource.yaml", in: url)
    try GitCommandLine.write(page, to: "index.md", in: url)
    try GitCommandLine.run(["add", "-A"], in: url)
    try GitCommandLine.run(["commit", "-q", "-m", "First version"], in: url)
    return url
}

func commit(_ files: [String: String], in repository: URL, message: String = "Change") throws {
    for (path, text) in files { try GitCommandLine.write(text, to: path, in: repository) }
    try GitCommandLine.run(["add", "-A"], in: repository)
    try GitCommandLine.run(["commit", "-q", "-m", message], in: repository)
}

struct CatalogueFixture {
    let folder: TemporaryFolder
    let store: SQLiteCatalogue
    let indexer: Indexer

    init(plugins: [any ValidatorPlugin] = [ProbePlugin()], cache: Bool = true) throws {
        folder = try TemporaryFolder()
        store = try SQLiteCatalogue(file: folder.appending("data/catalogue.sqlite"))
        let host = PluginHost(plugins: plugins, cache: cache ? ResultCache(folder: folder.appending("data/cache")) : nil)
        indexer = Indexer(store: store, checks: IndexingChecks(host: host, curricula: nil, configuration: InstallationConfiguration()))
    }

    /// Every row of every table, as text: two dumps are equal when the catalogue did not change.
    func dump() throws -> String {
        let queue = try DatabaseQueue(path: store.file.path)
        return try queue.read { db in
            var lines: [String] = []
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for table in tables {
                for row in try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY 1") { lines.append("\(table): \(row)") }
            }
            return lines.joined(separator: "\n")
        }
    }

    func count(_ sql: String) throws -> Int {
        let queue = try DatabaseQueue(path: store.file.path)
        return try queue.read { try Int.fetchOne($0, sql: sql) ?? -1 }
    }
}
