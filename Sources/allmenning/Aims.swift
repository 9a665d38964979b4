import AllmenningAuthoring
import AllmenningCore
import ArgumentParser
import CompetenceAims
import Foundation

struct Aims: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up competence aims in the curriculum packs.",
        subcommands: [Show.self, Suggest.self]
    )

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a competence aim: its text, curriculum and year.")

        @OptionGroup var common: CommonOptions

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "The aim's code, e.g. KM3133.")
        var code: String

        func run() throws {
            let language = common.language
            let curricula = try common.requireCurricula()

            guard let aim = curricula.aim(code) else {
                let closest = curricula.closestAimCodes(to: code)
                let message = LocalizedText(nb: "Finner ikke kompetansemålet «\(code)».", en: "No competence aim \"\(code)\".")
                    .appending(closest.isEmpty ? LocalizedText(nb: "", en: "")
                                       : LocalizedText(nb: "Nærmeste koder: \(closest.joined(separator: ", ")).",
                                                       en: "Closest codes: \(closest.joined(separator: ", "))."))
                FileHandle.standardError.write(Data((message.text(in: language) + "\n").utf8))
                throw ExitCode(1)
            }
            let curriculum = curricula.curriculum(aim.curriculum)
            switch format {
            case .json:
                var object: [String: Any] = ["code": aim.code, "curriculum": aim.curriculum, "text": aim.text,
                                             "afterYear": aim.afterYear as Any? ?? NSNull(), "set": aim.set as Any? ?? NSNull(),
                                             "uri": aim.uri as Any? ?? NSNull()]
                if let curriculum { object["subject"] = curriculum.subject }
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            case .text:
                let subject = curriculum?.subject[language.rawValue] ?? curriculum?.subject["nb"] ?? ""
                let year = aim.afterYear.map { year in
                    year.hasPrefix("vg") ? year.uppercased().replacingOccurrences(of: "VG", with: "Vg")
                        : (language == .nb ? "etter \(year). trinn" : "after year \(year)")
                } ?? ""
                print("\(aim.code)  \(aim.curriculum) \(subject)  \(year)")
                for key in ["nb", "nn", "en"] + aim.text.keys.sorted().filter({ !["nb", "nn", "en"].contains($0) }) {
                    if let text = aim.text[key] { print("  \(key): \(text)") }
                }
                if let uri = aim.uri { print("  \(uri)") }
            }
        }
    }
}

extension CommonOptions {
    /// The curriculum packs, for commands that cannot do anything without them.
    func requireCurricula() throws -> CurriculumCatalogue {
        do {
            guard let loaded = try loadCurricula(), !loaded.isEmpty else {
                throw CommandFailure(message: LocalizedText(
                    nb: "Ingen læreplanpakker funnet. Gi mappa med --curricula (for eksempel Content/curricula).",
                    en: "No curriculum packs found. Give their folder with --curricula (for example Content/curricula)."),
                                     language: language)
            }
            return loaded
        } catch { throw exitCouldNotRun(error) }
    }
}

extension Aims {
    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Suggest the competence aims a resource's text fits best.",
            discussion: """
            PATH is a resource folder (its manifest's title, description, keywords, subjects
            and levels are used), a folder of HTML or Markdown without a manifest, or a single
            file (HTML, Markdown or plain text). Aims are ranked with BM25 over the curriculum
            packs, in bokmål, nynorsk, Swedish, Danish and English; --subject and --level
            replace what the manifest declares. The score compares suggestions for one text,
            not different texts.
            """
        )

        @OptionGroup var common: CommonOptions

        @Option(name: .customLong("subject"), help: "Only aims of this curriculum (e.g. MAT01-06). Repeatable.")
        var subjects: [String] = []

        @Option(name: .customLong("level"), help: "Only aims of the stage this school year belongs to: 1…10, vg1…vg3. Repeatable.")
        var levels: [String] = []

        @Option(help: "How many aims to suggest.")
        var limit: Int = CompetenceAimsPlugin.suggestionLimit

        @Option(help: "text or json.")
        var format: OutputFormat = .text

        @Argument(help: "A resource folder, a folder of documents, or a file.")
        var path: String

        func validate() throws {
            guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100.") }
            for level in levels where AimSuggester.ordinal(level) == nil {
                throw ValidationError("--level \(level) is not a school year; give 1…10 or vg1…vg3.")
            }
        }

        func run() throws {
            let language = common.language
            let curricula = try common.requireCurricula()
            for subject in subjects where curricula.curriculum(subject) == nil {
                let known = curricula.packs.flatMap(\.curricula).map(\.code)
                let closest = Suggestions.closest(to: subject, among: known, limit: 3)
                throw exitCouldNotRun(CommandFailure(message: LocalizedText(
                    nb: "Læreplanen «\(subject)» finnes ikke i læreplanpakkene. Nærmeste: \(closest.joined(separator: ", ")).",
                    en: "The curriculum \"\(subject)\" is not in the curriculum packs. Closest: \(closest.joined(separator: ", "))."),
                                                     language: language))
            }
            var input: SuggestionInput
            do { input = try SuggestionInput(path: path, curricula: curricula) }
            catch let error as SuggestionInputError { throw exitCouldNotRun(CommandFailure(message: error.message, language: language)) }
            catch { throw exitCouldNotRun(error) }
            if !subjects.isEmpty { input.query.subjects = subjects }
            if !levels.isEmpty { input.query.levels = levels }
            let preferred = AimSuggestion.textLanguages(resource: input.languages, reader: language.rawValue)
            let suggestions = AimSuggester(catalogue: curricula).suggest(for: input.query, limit: limit).map { suggestion in
                var suggestion = suggestion
                suggestion.text = curricula.aim(suggestion.code)?.text(preferring: preferred) ?? suggestion.text
                return suggestion
            }
            switch format {
            case .json:
                try printJSON(["suggestions": suggestions.map { suggestion -> [String: Any] in
                    ["code": suggestion.code, "score": (suggestion.score * 1000).rounded() / 1000,
                     "curriculum": suggestion.curriculum, "text": suggestion.text]
                }])
            case .text:
                if suggestions.isEmpty {
                    print(language == .nb ? "Ingen forslag: \(path) har ingen tekst som passer noe kompetansemål\(input.query.subjects.isEmpty ? "" : " i \(input.query.subjects.joined(separator: ", "))")."
                                          : "No suggestions: \(path) has no text that fits a competence aim\(input.query.subjects.isEmpty ? "" : " of \(input.query.subjects.joined(separator: ", "))").")
                }
                for (rank, suggestion) in suggestions.enumerated() {
                    print("\(rank + 1). \(suggestion.code)  \(String(format: "%.2f", suggestion.score))  \(suggestion.curriculum)  \(suggestion.text)")
                }
            }
        }
    }
}

/// What `aims suggest` reads from its path: a query and the languages the text is in.
struct SuggestionInput {
    var query: AimQuery
    var languages: [String]

    init(path: String, curricula: CurriculumCatalogue) throws {
        var url = URL(fileURLWithPath: path)
        if url.lastPathComponent == ResourceValidator.manifestFileName { url.deleteLastPathComponent() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw SuggestionInputError.notFound(path)
        }
        guard isDirectory.boolValue else {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            let data = try handle.read(upToCount: ResourceDocument.maximumBytes) ?? Data()
            let document = ResourceDocument(path: url.lastPathComponent, data: data)
            if document.isReadable {
                query = AimQuery(documents: [document])
            } else {
                guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
                    throw SuggestionInputError.notText(path)
                }
                query = AimQuery(text: text)
            }
            languages = []
            return
        }
        let documents = CompetenceAimsPlugin.documents(of: try WorkingFolderSnapshot(folder: url))
        let manifestURL = url.appendingPathComponent(ResourceValidator.manifestFileName)
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            // A manifest with a mistake still says what the resource is about, as far as read.
            let reading = ManifestValidator(curricula: curricula).validate(fileAt: manifestURL, path: manifestURL.path)
            if let manifest = reading.manifest ?? reading.manifestAsRead {
                query = AimQuery(manifest: manifest, documents: documents)
                languages = manifest.language
                return
            }
        }
        query = AimQuery(documents: documents)
        languages = []
    }
}

enum SuggestionInputError: Error {
    case notFound(String)
    case notText(String)

    var message: LocalizedText {
        switch self {
        case let .notFound(path):
            LocalizedText(nb: "\(path) finnes ikke. Gi en ressursmappe, en mappe med dokumenter eller en fil.",
                          en: "\(path) does not exist: give a resource folder, a folder of documents, or a file.")
        case let .notText(path):
            LocalizedText(nb: "\(path) er ikke en tekstfil. Gi en HTML-, Markdown- eller tekstfil, eller en mappe med slike.",
                          en: "\(path) is not a text file: give an HTML, Markdown or plain-text file, or a folder of them.")
        }
    }
}
