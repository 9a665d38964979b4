import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import Foundation

struct Fork: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy a resource to adapt it: full history, a new id, credit to the source, the licence its terms require.",
        discussion: """
        SOURCE is a resource repository: a folder, a file:// or https:// address. The copy gets
        a new id, you as an author, and the source (id, repository, commit, licence, title,
        authors) at the end of derivedFrom. Licences decide: NoDerivatives material cannot be
        forked for adaptation, ShareAlike decides the fork's licence, NonCommercial is kept.
        When the licence refuses, nothing is written. Exit code 1: refused; 2: could not run.
        """
    )

    @OptionGroup var common: LanguageOption
    @OptionGroup var who: AuthorOptions

    @Option(help: "The licence for your adaptation (SPDX id). Default: the source's, or what its licence requires.")
    var licence: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Argument(help: "The resource to fork: a folder or an address.")
    var source: String

    @Argument(help: "Folder for the copy (default: the source's name, in the current folder).")
    var destination: String?

    func run() throws {
        let language = common.language
        let author = try who.author(language: language)
        let forking = Forking(source: source, destination: destination.map { URL(fileURLWithPath: $0) }, author: author, proposedLicence: licence)
        let result: Forking.Result
        do { result = try forking.run() } catch { throw fail(error, language: language) }
        switch format {
        case .json:
            try printJSON(["folder": result.folder.path, "id": result.id, "licence": result.licence, "commit": result.commit.hex,
                           "source": ["id": result.source.id, "repository": result.source.repository ?? "", "commit": result.source.commit ?? "",
                                      "licence": result.source.licence, "title": result.source.title],
                           "notes": messages(result.notes, language: language)])
        case .text:
            let title = ResourceTitle.text(result.source.title, language: language)
            print(language == .nb
                  ? "Forket «\(title)» til \(result.folder.path) (ny id \(result.id), lisens \(result.licence))."
                  : "Forked \"\(title)\" to \(result.folder.path) (new id \(result.id), licence \(result.licence)).")
            for note in result.notes { print("  " + note.message.text(in: language)) }
            print(language == .nb
                  ? "Kilden er kreditert i derivedFrom. Tilpass innholdet, og publiser med allmenning publish. Hent senere forbedringer fra originalen med allmenning sync."
                  : "The source is credited in derivedFrom. Adapt the content, and publish with allmenning publish. Pull later improvements from the original with allmenning sync.")
        }
    }
}

enum ResourceTitle {
    static func text(_ map: LanguageMap, language: MessageLanguage) -> String {
        LanguageMaps.text(map, preferring: language == .nb ? ["nb", "nn", "en", "sv", "da"] : ["en", "nb", "nn", "sv", "da"]) ?? ""
    }
}
