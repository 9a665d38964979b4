import AllmenningCore
import ArgumentParser
import Foundation

struct Aims: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up competence aims in the curriculum packs.",
        subcommands: [Show.self]
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
            let curricula: CurriculumCatalogue
            do {
                guard let loaded = try common.loadCurricula(), !loaded.isEmpty else {
                    throw CommandFailure(message: LocalizedText(
                        nb: "Ingen læreplanpakker funnet. Gi mappa med --curricula (for eksempel Content/curricula).",
                        en: "No curriculum packs found. Give their folder with --curricula (for example Content/curricula)."),
                                         language: language)
                }
                curricula = loaded
            } catch { throw exitCouldNotRun(error) }

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
