import AllmenningCatalogue
import AllmenningCore
import ArgumentParser
import Foundation

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn a folder of resource folders into the catalogue's repositories, with the push hooks, and index them.",
        discussion: """
        Each folder in DIR with a resource.yaml becomes a bare git repository, DATA/repositories/FOLDER.git, \
        whose first commit holds the folder's files as they are (a .git folder is left out; a symbolic link \
        refuses the folder). An adaptation (a resource whose last derivedFrom entry names the id of another \
        folder, or of a repository the catalogue has) is made as a real fork: a clone of its original's \
        repository with its own files committed on top, and the original recorded as the remote "upstream". \
        Originals are seeded before their adaptations. Each repository gets the hooks of `hooks install`, \
        and its current version is indexed as `index` does. Commits are made by Allmenning-redaksjonen \
        <redaksjonen@allmenning.invalid>.

        Running seed again reuses what exists: a repository whose current version has the folder's files is \
        unchanged; a changed folder becomes a new commit on top; a repository someone pushed to since it was \
        seeded is kept as it is. A folder whose manifest has errors, whose id another folder has, or whose \
        original cannot be found is refused with the file and line, and the rest goes on. Repositories of \
        folders no longer in DIR are left alone.

        Exit code 1 when a folder was refused, a version was not published or hooks could not be installed; \
        2 when the command could not run.
        """
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "text, or json: one JSON line per resource and a summary line.")
    var format: OutputFormat = .text

    @Argument(help: ArgumentHelp("A folder of resource folders, such as Content.", valueName: "dir"))
    var directory: String

    func run() throws {
        let language = common.language
        let folder = URL(fileURLWithPath: directory).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(nb: "Finner ikke mappa \(directory).", en: "There is no folder \(directory)."),
                                                 language: language))
        }
        let indexer = Indexer(store: try common.openCatalogue(), checks: try common.indexingChecks())
        let (executable, arguments) = common.hookCommand()
        let seeder = Seeder(indexer: indexer, repositories: DataFolder(explicit: common.data).repositories,
                            hookExecutable: executable, hookArguments: arguments)
        let progress = SeedProgress(format: format, language: language)
        let results: [SeedResult]
        do { results = try seeder.seed(folder: folder, report: progress.report) } catch {
            throw exitCouldNotRun(CommandFailure(message: error.message, language: language))
        }
        if results.isEmpty {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                nb: "Fant ingen ressursmapper (mapper med resource.yaml) i \(directory).",
                en: "Found no resource folders (folders with a resource.yaml) in \(directory)."), language: language))
        }
        progress.finish()
        if results.contains(where: \.needsAttention) { throw ExitCode(1) }
    }
}

/// What `seed` prints: a line per resource as it is done, then a summary; JSON lines with
/// --format json.
final class SeedProgress {
    let format: OutputFormat
    let language: MessageLanguage
    let started = Date()
    private(set) var results: [SeedResult] = []

    init(format: OutputFormat, language: MessageLanguage) {
        self.format = format
        self.language = language
    }

    func report(_ result: SeedResult) {
        results.append(result)
        switch format {
        case .json: IndexProgress.writeLine(CatalogueJSON.string(CatalogueJSON.object(result, done: results.count, language: language), pretty: false))
        case .text: IndexProgress.writeLine(line(result))
        }
    }

    private static let statusWords: [SeedResult.Status: LocalizedText] = [
        .created: LocalizedText(nb: "opprettet", en: "created"), .updated: LocalizedText(nb: "oppdatert", en: "updated"),
        .unchanged: LocalizedText(nb: "uendret", en: "unchanged"), .kept: LocalizedText(nb: "beholdt", en: "kept"),
        .refused: LocalizedText(nb: "avvist", en: "refused"),
    ]

    private func line(_ result: SeedResult) -> String {
        let status = Self.statusWords[result.status]!.text(in: language)
        var text = "\(status.padding(toLength: 10, withPad: " ", startingAt: 0)) \(result.folder)"
        if let id = result.resourceID { text += "  \(id)" }
        if result.status != .refused {
            text += "  " + (result.isPublished ? LocalizedText(nb: "publisert", en: "published") : LocalizedText(nb: "ikke publisert", en: "not published"))
                .text(in: language)
            if let commit = result.commit { text += " (\(commit.prefix(7)))" }
        }
        if let upstream = result.upstream {
            text += LocalizedText(nb: ", tilpasning av \(upstream.resourceID)", en: ", adaptation of \(upstream.resourceID)").text(in: language)
            if let commit = upstream.commit { text += " @ \(commit.prefix(7))" }
        }
        let indent = "\n           "
        if let message = result.message { text += indent + message.text(in: language) }
        for finding in result.findings.prefix(10) { text += indent + ReportRendering.line(finding, language: language) }
        if let index = result.index, !result.isPublished {
            if let message = index.message { text += indent + message.text(in: language) }
            for finding in index.findings.prefix(10) { text += indent + ReportRendering.line(finding, language: language) }
        }
        return text
    }

    func finish() {
        let seconds = Date().timeIntervalSince(started)
        let count = { (status: SeedResult.Status) in self.results.filter { $0.status == status }.count }
        let published = results.filter(\.isPublished).count
        switch format {
        case .json:
            var summary: [String: Any] = ["event": "summary", "resources": results.count, "seconds": (seconds * 1000).rounded() / 1000,
                                          "published": published, "notPublished": results.count - count(.refused) - published]
            for status in SeedResult.Status.allCases { summary[status.rawValue] = count(status) }
            IndexProgress.writeLine(CatalogueJSON.string(summary, pretty: false))
        case .text:
            let time = String(format: "%.1f", seconds)
            IndexProgress.writeLine(LocalizedText(
                nb: "\(results.count) ressurser på \(time) s: \(count(.created)) opprettet, \(count(.updated)) oppdatert, \(count(.unchanged)) uendret, \(count(.kept)) beholdt, \(count(.refused)) avvist; \(published) publisert i katalogen.",
                en: "\(results.count) resources in \(time) s: \(count(.created)) created, \(count(.updated)) updated, \(count(.unchanged)) unchanged, \(count(.kept)) kept, \(count(.refused)) refused; \(published) published in the catalogue.")
                .text(in: language))
        }
    }
}
