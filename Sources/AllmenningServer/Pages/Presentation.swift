import AllmenningCatalogue
import AllmenningCore
import Foundation
import Licensing

/// How codes from manifests and the catalogue read in the interface: years, languages,
/// subjects, aims, licences, schema.org terms.
struct Presentation {
    let language: InterfaceLanguage
    let setup: ServerSetup

    func t(_ key: String) -> String { InterfaceText.text(key, language) }

    /// A language map's text for this reader, and the language it is in (for `lang`).
    func text(_ map: LanguageMap?) -> (text: String, lang: String?)? {
        guard let map, !map.isEmpty else { return nil }
        for code in language.contentLanguages {
            if let value = map[code] { return (value, code == language.rawValue ? nil : code) }
        }
        let first = map.keys.sorted()[0]
        return (map[first]!, first)
    }

    func level(_ code: String) -> String {
        if code.lowercased().hasPrefix("vg") { return "Vg" + code.dropFirst(2) }
        return language == .en ? "year \(code)" : "\(code). trinn"
    }

    func levels(_ codes: [String]) -> String { codes.map(level).joined(separator: ", ") }

    static let languageNames: [String: (nb: String, nn: String, en: String)] = [
        "nb": ("bokmål", "bokmål", "Norwegian Bokmål"), "nn": ("nynorsk", "nynorsk", "Norwegian Nynorsk"),
        "no": ("norsk", "norsk", "Norwegian"), "sv": ("svensk", "svensk", "Swedish"), "da": ("dansk", "dansk", "Danish"),
        "en": ("engelsk", "engelsk", "English"), "se": ("nordsamisk", "nordsamisk", "Northern Sami"),
        "sma": ("sørsamisk", "sørsamisk", "Southern Sami"), "smj": ("lulesamisk", "lulesamisk", "Lule Sami"),
        "fi": ("finsk", "finsk", "Finnish"), "fkv": ("kvensk", "kvensk", "Kven"), "de": ("tysk", "tysk", "German"),
        "fr": ("fransk", "fransk", "French"), "es": ("spansk", "spansk", "Spanish"),
    ]

    func languageName(_ code: String) -> String {
        guard let names = Self.languageNames[code] else { return code }
        switch language {
        case .nb: return names.nb
        case .nn: return names.nn
        case .en: return names.en
        }
    }

    func subject(_ code: String) -> String {
        guard let curriculum = setup.curricula?.curriculum(code), let name = text(curriculum.subject)?.text else { return code }
        return "\(name) (\(code))"
    }

    func aimText(_ code: String) -> (text: String, lang: String?)? {
        guard let aim = setup.aim(code) else { return nil }
        return text(aim.text)
    }

    func kind(_ kind: String) -> String {
        kind == "student" ? t("studentKind") : kind == "teacher" ? t("teacherKind") : kind
    }

    /// schema.org's camelCase terms as words: alternativeText → alternative text.
    func term(_ value: String) -> String {
        var words = ""
        var previous: Character?
        for character in value {
            if character.isUppercase, let previous, previous.isLowercase { words.append(" ") }
            words.append(character)
            previous = character
        }
        // Whole-word acronyms (ARIA, MathML) keep their capitals; the rest reads in small letters.
        return words.split(separator: " ").map { word in
            word.dropFirst().contains(where: \.isUppercase) ? String(word) : word.lowercased()
        }.joined(separator: " ")
    }

    func licenceName(_ id: String) -> String { Credits.label(id) }

    func licenceURL(_ id: String) -> String? {
        guard SPDXLicenceList.licence(withID: id) != nil || id.hasPrefix("CC") else { return nil }
        return Credits.deedURL(id)
    }

    func facetValue(_ facet: Facet, _ value: String) -> String {
        switch facet {
        case .subject: subject(value)
        case .level: level(value)
        case .language: languageName(value)
        case .kind: kind(value)
        case .feature, .type: term(value)
        case .aim:
            if let text = aimText(value)?.text { "\(value): \(text.count > 70 ? String(text.prefix(68)) + "…" : text)" } else { value }
        case .licence: licenceName(value)
        case .review: value == "approved" ? t("approved") : value
        }
    }

    func date(_ date: Date) -> String {
        let locale = Locale(identifier: language == .en ? "en_GB" : "nb_NO")
        return date.formatted(Date.FormatStyle(date: .long, time: .omitted, locale: locale, timeZone: TimeZone(identifier: "Europe/Oslo") ?? .gmt))
    }

    /// A number to one decimal, with the reader's decimal mark (4,5 in Norwegian).
    func decimal(_ value: Double) -> String {
        let text = String(format: "%.1f", value)
        return language == .en ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    func byteCount(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) B" : bytes < 1024 * 1024 ? String(format: "%.1f kB", Double(bytes) / 1024) : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    func resourceHref(_ id: String) -> String { "/resources/\(percentEscaped(id))" }

    func aimHref(_ code: String) -> String {
        guard let aim = setup.aim(code) else { return "/api/aims/\(percentEscaped(code))" }
        return "/curricula/\(percentEscaped(aim.curriculum))#\(percentEscaped(code))"
    }
}
