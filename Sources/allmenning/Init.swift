import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import Foundation

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a new resource: resource.yaml with a new id, an entry page and a licence file, as the first commit of a git repository.",
        discussion: "Files that already exist in the folder are kept, never overwritten, and are part of the first commit. A folder that is a git repository already gets a commit in that repository."
    )

    @OptionGroup var common: LanguageOption
    @OptionGroup var who: AuthorOptions

    @Flag(help: "Only write the files; no git repository and no commit.")
    var noGit = false

    @Option(help: "The resource's title.")
    var title: String

    @Option(help: "Language of the content, as a BCP 47 tag: nb, nn, se, sv, da, en, …")
    var language: String = "nb"

    @Option(help: "Licence as an SPDX id, e.g. CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0.")
    var licence: String = "CC-BY-SA-4.0"

    @Option(help: "Who makes it: teacher, student or organisation.")
    var kind: String = "teacher"

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The folder to create the resource in (default: the current folder).")
    var directory: String = "."

    func run() throws {
        let author: Author? = noGit ? nil : try who.author(language: common.language)
        // A teacher or an organisation is credited by name; a pupil chooses a pseudonym.
        let credited = author.flatMap { kind == "student" ? nil : Manifest.Author(name: $0.name, role: kind == "teacher" ? "teacher" : "author", org: $0.organisation) }
        let scaffold = ResourceScaffold(title: title, language: language, licence: licence, kind: kind, author: credited)
        let result: ResourceScaffold.Result
        let folder = URL(fileURLWithPath: directory)
        do {
            result = try scaffold.create(in: folder)
        } catch {
            let message: LocalizedText = switch error {
            case .alreadyAResource(let path):
                LocalizedText(nb: "\(path) finnes allerede; mappa er en ressurs fra før. Ingenting er endret.",
                              en: "\(path) already exists; the folder is a resource already. Nothing was changed.")
            case .invalid(let text):
                text.appending(LocalizedText(nb: "Ingenting er skrevet.", en: "Nothing was written."))
            case .cannotWrite(let path, let reason):
                LocalizedText(nb: "Kan ikke skrive \(path): \(reason)", en: "Cannot write \(path): \(reason)")
            }
            throw exitCouldNotRun(CommandFailure(message: message, language: common.language))
        }
        var commit: String?
        if let author {
            do { commit = try FirstVersion.commit(folder: folder, title: title, author: author)?.hex } catch {
                throw fail(error, language: common.language)
            }
        }
        switch format {
        case .json:
            var object: [String: Any] = ["resource": directory, "id": result.id, "created": result.created, "kept": result.kept]
            object["commit"] = commit
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        case .text:
            let language = common.language
            print(language == .nb
                  ? "Laget ressursen «\(title)» i \(directory) (id \(result.id)).\nNye filer: \(result.created.joined(separator: ", "))."
                  : "Created the resource \"\(title)\" in \(directory) (id \(result.id)).\nNew files: \(result.created.joined(separator: ", ")).")
            if let commit {
                print(language == .nb ? "Første versjon er lagret i git (commit \(commit.prefix(10)))." : "The first version is committed to git (commit \(commit.prefix(10))).")
            }
            if !result.kept.isEmpty {
                print(language == .nb ? "Beholdt: \(result.kept.joined(separator: ", "))." : "Kept: \(result.kept.joined(separator: ", ")).")
            }
            print(language == .nb
                  ? "Neste steg: skriv innholdet, fyll inn manifestet og kjør `allmenning validate \(directory)`."
                  : "Next: write the content, fill in the manifest and run `allmenning validate \(directory)`.")
        }
    }
}
