import Foundation

/// The texts of the manifest check, in bokmål and English. Each says what is wrong and what
/// to write instead, in words a teacher uses.
enum ManifestMessages {
    enum ValueKind {
        case text, wholeNumber, yesNo, list, group, languageMap, schoolYear

        var names: (nb: String, en: String) {
            switch self {
            case .text: ("tekst", "text")
            case .wholeNumber: ("et heltall", "a whole number")
            case .yesNo: ("true eller false", "true or false")
            case .list: ("en liste, for eksempel [a, b]", "a list, for example [a, b]")
            case .group: ("en gruppe med felt (navn: verdi)", "a group of fields (name: value)")
            case .languageMap: ("tekst per språk, for eksempel { nb: …, en: … }", "text per language, for example { nb: …, en: … }")
            case .schoolYear: ("et årstrinn", "a school year")
            }
        }
    }

    static func found(_ value: FoundValue) -> (nb: String, en: String) {
        switch value {
        case .text(let text): ("teksten «\(text)»", "the text \"\(text)\"")
        case .number(let text): ("tallet \(text)", "the number \(text)")
        case .yesNo(let text): ("ja/nei-verdien \(text)", "the yes/no value \(text)")
        case .nothing: ("ingen verdi", "no value")
        case .list: ("en liste", "a list")
        case .group: ("en gruppe med felt", "a group of fields")
        }
    }

    enum FoundValue {
        case text(String), number(String), yesNo(String), nothing, list, group
    }

    static func wrongType(field: String, expected: ValueKind, found value: FoundValue, hint: LocalizedText? = nil) -> LocalizedText {
        let expectedNames = expected.names
        let foundNames = found(value)
        var text = LocalizedText(
            nb: "«\(field)» skal være \(expectedNames.nb), men her står \(foundNames.nb).",
            en: "\"\(field)\" must be \(expectedNames.en), but it is \(foundNames.en).")
        if let hint { text = text.appending(hint) }
        return text
    }

    static func missingField(_ field: String) -> LocalizedText {
        let hint: LocalizedText = switch field {
        case "manifest": .init(nb: "Skriv `manifest: 1` øverst i fila.", en: "Add `manifest: 1` at the top of the file.")
        case "id": .init(nb: "`allmenning init` lager en id; har ressursen hatt en før, skriv den samme.",
                         en: "`allmenning init` makes an id; if the resource had one before, write that same id.")
        case "title": .init(nb: "Skriv for eksempel `title: { nb: Brøk med pizza }`.", en: "Write for example `title: { en: Fractions with pizza }`.")
        case "language": .init(nb: "Skriv språket innholdet er skrevet på, for eksempel `language: [nb]`.",
                               en: "Write the language the content is in, for example `language: [en]`.")
        case "kind": .init(nb: "Skriv `kind: teacher`, `kind: student` eller `kind: organisation`.",
                           en: "Write `kind: teacher`, `kind: student` or `kind: organisation`.")
        case "licence": .init(nb: "Skriv lisensen som SPDX-id, for eksempel `licence: CC-BY-SA-4.0`.",
                              en: "Write the licence as an SPDX id, for example `licence: CC-BY-SA-4.0`.")
        default: .init(nb: "", en: "")
        }
        return LocalizedText(nb: "Feltet «\(field)» mangler, og det må være med.", en: "The field \"\(field)\" is missing; it is required.")
            .appending(hint)
    }

    static func unknownField(_ field: String, suggestions: [String]) -> LocalizedText {
        let text = LocalizedText(nb: "«\(field)» er ikke et felt Allmenning kjenner, så det blir ikke brukt.",
                                 en: "\"\(field)\" is not a field Allmenning knows, so it is ignored.")
        return text.appending(didYouMean(suggestions))
    }

    static func notInVocabulary(field: String, value: String, vocabulary: Vocabulary, suggestions: [String]) -> LocalizedText {
        let allowed = vocabulary.terms.count <= 20 ? vocabulary.terms.joined(separator: ", ") : nil
        var text = LocalizedText(nb: "«\(value)» er ikke en gyldig verdi for «\(field)».",
                                 en: "\"\(value)\" is not a valid value for \"\(field)\".")
        text = text.appending(didYouMean(suggestions))
        if let allowed {
            text = text.appending(LocalizedText(nb: "Gyldige verdier: \(allowed).", en: "Valid values: \(allowed)."))
        } else {
            text = text.appending(LocalizedText(nb: "Se listen i README.md eller Schemas/resource.schema.json.",
                                                en: "See the list in README.md or Schemas/resource.schema.json."))
        }
        return text
    }

    static func didYouMean(_ suggestions: [String]) -> LocalizedText {
        guard !suggestions.isEmpty else { return LocalizedText(nb: "", en: "") }
        let list = suggestions.map { "«\($0)»" }.joined(separator: ", ")
        let listEn = suggestions.map { "\"\($0)\"" }.joined(separator: ", ")
        return LocalizedText(nb: "Mente du \(list)?", en: "Did you mean \(listEn)?")
    }
}

extension LocalizedText {
    /// This text followed by another sentence (empty sentences are skipped).
    public func appending(_ other: LocalizedText) -> LocalizedText {
        LocalizedText(nb: other.nb.isEmpty ? nb : nb + " " + other.nb,
                      en: other.en.isEmpty ? en : en + " " + other.en)
    }
}
