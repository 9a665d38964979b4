import AllmenningCore
import ArgumentParser
import Foundation
import Licensing

struct CreditsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credits",
        abstract: "Print the attribution to show when using a resource.",
        discussion: """
        PATH is a resource folder or its resource.yaml. The credits name the resource, each
        source it was adapted from (derivedFrom) and each file by someone else (the manifest's
        files map, or a file whose REUSE information gives it another licence), with title,
        author, source and licence. Exit code 0: printed; 1: the manifest cannot be read;
        2: could not run.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case markdown
        case text
        case json
    }

    @OptionGroup var messages: LanguageOption

    @Option(help: "markdown, text or json.")
    var format: Format = .markdown

    @Argument(help: "A resource folder or its resource.yaml (default: the current folder).")
    var path: String = "."

    func run() throws {
        let language = messages.language
        let (folder, manifestPath) = try locate(language: language)
        let manifestURL = folder.appendingPathComponent(ResourceValidator.manifestFileName)
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            FileHandle.standardError.write(Data(("allmenning: " + LocalizedText(
                nb: "\(manifestPath) finnes ikke, så mappa er ikke en ressurs ennå. Kjør `allmenning init` i mappa for å lage manifestet.",
                en: "\(manifestPath) does not exist, so the folder is not a resource yet. Run `allmenning init` in the folder to create the manifest.")
                .text(in: language) + "\n").utf8))
            throw ExitCode(1)
        }
        let reading = ManifestValidator().validate(fileAt: manifestURL, path: manifestPath)
        guard let manifest = reading.manifest ?? reading.manifestAsRead else {
            let errors = reading.findings.filter { $0.severity == .error }.sortedForReading()
            var lines = ["allmenning: " + LocalizedText(
                nb: "\(manifestPath) kan ikke leses, så det er ingen kreditering å vise. Rett feilen (allmenning validate viser alt):",
                en: "\(manifestPath) cannot be read, so there are no credits to show. Fix the error (allmenning validate shows everything):")
                .text(in: language)]
            lines += errors.map { "  " + ReportRendering.line($0, language: language) }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode(1)
        }
        if reading.manifest == nil {
            // The credits are still worth printing; the author should know they may be incomplete.
            FileHandle.standardError.write(Data(("allmenning: " + LocalizedText(
                nb: "\(manifestPath) har feil; krediteringen bygger på det som kunne leses (allmenning validate viser feilene).",
                en: "\(manifestPath) has errors; the credits are built from what could be read (allmenning validate shows the errors).")
                .text(in: language) + "\n").utf8))
        }

        let credits = Credits.forFolder(folder, manifest: manifest, reader: language)
        switch format {
        case .markdown:
            print(credits.markdown(in: language), terminator: "")
        case .text:
            print(credits.plainText(in: language), terminator: "")
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(credits), as: UTF8.self))
        }
    }

    /// The resource folder and the manifest's path as the user should see it.
    private func locate(language: MessageLanguage) throws -> (folder: URL, manifestPath: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                nb: "Finner ikke «\(path)». Gi stien til en ressursmappe eller til resource.yaml i den.",
                en: "Cannot find \"\(path)\". Give the path to a resource folder or to its resource.yaml."), language: language))
        }
        let url = URL(fileURLWithPath: path)
        if isDirectory.boolValue {
            let shown = path == "." ? ResourceValidator.manifestFileName : (path as NSString).appendingPathComponent(ResourceValidator.manifestFileName)
            return (url, shown)
        }
        guard url.lastPathComponent == ResourceValidator.manifestFileName else {
            throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                nb: "«\(path)» er verken en mappe eller en resource.yaml. Krediteringen trenger hele ressursen: gi mappa.",
                en: "\"\(path)\" is neither a folder nor a resource.yaml. The credits need the whole resource: give its folder."), language: language))
        }
        return (url.deletingLastPathComponent(), path)
    }
}
