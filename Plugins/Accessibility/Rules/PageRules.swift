import AllmenningCore
import Foundation

/// Rules about what a page declares for itself and its parts: valid language codes, no timed
/// refresh, zoom allowed.
enum PageRules {
    static let all: [AccessibilityRule] = [pageLanguageValid, elementLanguageValid, refreshDelay, refreshDelayStrict, viewportZoom]

    // MARK: Language codes

    static let pageLanguageValid = AccessibilityRule(
        code: "accessibility.page-language-valid", act: "bf051a", wcag: ["3.1.1"],
        title: LocalizedText(nb: "Sidens språkkode er ikke et kjent språk", en: "The page's language code is not a known language"),
        description: LocalizedText(
            nb: "lang på html-elementet må begynne med en språkkode fra IANAs register over språkkoder (nb, nn, se, sv, da, en …), ellers vet ikke skjermlesere hvilket språk de skal lese. Tre-bokstavskoder som «nob» eller «eng» og gamle koder som «i-lux» kjenner de ikke.",
            en: "lang on the html element must start with a language code from IANA's language subtag registry (nb, nn, se, sv, da, en …), or screen readers cannot tell which language to read. Three-letter codes such as \"eng\" and old codes such as \"i-lux\" are not known to them."),
        triggering: ["<html lang=\"norsk\"><head><title>Brøk</title></head><body>Brøk med pizza</body></html>",
                     "<html lang=\"nob\"><body>Brøk</body></html>", "<html lang=\"i-lux\"><body>Lëtzebuerg</body></html>"],
        nonTriggering: ["<html lang=\"nb\"><body>Brøk med pizza</body></html>", "<html lang=\"NN-no\"><body>Brøk</body></html>",
                        "<html lang=\"sma\"><body>Åarjelsaemien</body></html>", "<html><body>Ingen lang: en annen regel</body></html>"]
    ) { page in
        guard let html = page.htmlElement, let lang = page.attribute("lang", of: html) else { return [] }
        let value = lang.trimmingCharacters(in: asciiWhitespace)
        guard !value.isEmpty, LanguageTag.knownPrimaryLanguage(of: value) == nil else { return [] }
        return [.init(node: html, message: unknownLanguage(value, element: "html"))]
    }

    static let elementLanguageValid = AccessibilityRule(
        code: "accessibility.element-language-valid", act: "de46e4", wcag: ["3.1.2"],
        title: LocalizedText(nb: "En språkkode i siden er ikke et kjent språk", en: "A language code in the page is not a known language"),
        description: LocalizedText(
            nb: "Når en del av siden har lang (et sitat på engelsk, en tekst på nordsamisk), må verdien begynne med en språkkode fra IANAs register, så skjermlesere bytter til riktig uttale. Skriv for eksempel lang=\"en\", \"se\" eller \"sv\".",
            en: "When part of the page has lang (a quotation in English, a text in Northern Sami), the value must start with a language code from IANA's registry, so that screen readers switch to the right pronunciation. Write, for example, lang=\"en\", \"se\" or \"sv\"."),
        triggering: ["<html lang=\"nb\"><body><blockquote lang=\"engelsk\">To be or not to be</blockquote></body></html>",
                     "<html lang=\"nb\"><body><p lang=\"sme-NO\">Buorre beaivi</p></body></html>",
                     "<html lang=\"nb\"><body><div lang=\"xx\"><img src=\"a.png\" alt=\"Kart over Sápmi\"></div></body></html>"],
        nonTriggering: ["<html lang=\"nb\"><body><blockquote lang=\"en-GB\">To be or not to be</blockquote></body></html>",
                        "<html lang=\"nb\"><body><p lang=\"se\">Buorre beaivi</p></body></html>",
                        "<html lang=\"nb\"><body><div lang=\"xx\"><p lang=\"en\">Only this text has a language</p></div></body></html>",
                        "<html lang=\"nb\"><body><p lang=\"xx\" hidden>Skjult</p></body></html>"]
    ) { page in
        guard page.tree.nodes.contains(where: { $0.kind == .element && $0.name != "html" && !($0.attribute("lang") ?? "").isEmpty }) else {
            return []
        }
        return page.elementsWhoseLanguageIsUsed(style: page.style).compactMap { element in
            let value = (page.attribute("lang", of: element) ?? "").trimmingCharacters(in: asciiWhitespace)
            guard LanguageTag.knownPrimaryLanguage(of: value) == nil else { return nil }
            return .init(node: element, message: unknownLanguage(value, element: page.name(of: element)))
        }
    }

    static let asciiWhitespace = CharacterSet(charactersIn: "\t\n\u{0C}\r ")

    /// Codes and names teachers write instead of a registered code, and what to write.
    private static let languageHints: [String: String] = [
        "nob": "nb", "nno": "nn", "nor": "no", "sme": "se", "swe": "sv", "dan": "da", "eng": "en", "fin": "fi", "fao": "fo",
        "isl": "is", "ice": "is", "deu": "de", "ger": "de", "fra": "fr", "fre": "fr", "spa": "es", "ita": "it", "ara": "ar",
        "pol": "pl", "som": "so", "ukr": "uk", "rus": "ru",
        "norsk": "nb", "bokmål": "nb", "bokmal": "nb", "norwegian": "nb", "nynorsk": "nn", "samisk": "se", "nordsamisk": "se",
        "sámegiella": "se", "svensk": "sv", "svenska": "sv", "swedish": "sv", "dansk": "da", "danish": "da", "engelsk": "en",
        "english": "en", "finsk": "fi", "suomi": "fi", "finnish": "fi", "tysk": "de", "deutsch": "de", "german": "de",
        "fransk": "fr", "français": "fr", "french": "fr", "spansk": "es", "español": "es", "spanish": "es",
        "i-lux": "lb", "no-bok": "nb", "no-nyn": "nn",
    ]

    private static func unknownLanguage(_ value: String, element: String) -> LocalizedText {
        let lowered = value.lowercased()
        let hint = languageHints[lowered] ?? languageHints[String(lowered.split(separator: "-").first ?? "")]
        let shown = value.isEmpty ? "lang" : "lang=\"\(value)\""
        if let hint {
            return LocalizedText(
                nb: "\(shown) på <\(element)> er ikke en kjent språkkode. Skriv lang=\"\(hint)\".",
                en: "\(shown) on <\(element)> is not a known language code. Write lang=\"\(hint)\".")
        }
        return LocalizedText(
            nb: "\(shown) på <\(element)> er ikke en kjent språkkode. Bruk en kode fra IANAs register, for eksempel nb, nn, se, sv, da eller en.",
            en: "\(shown) on <\(element)> is not a known language code. Use a code from IANA's registry, for example en, nb, nn, se, sv or da.")
    }

    // MARK: Refresh

    static let refreshDelay = AccessibilityRule(
        code: "accessibility.refresh-delay", act: "bc659a", wcag: ["2.2.1", "2.2.4", "3.2.5"],
        title: LocalizedText(nb: "Siden lastes på nytt eller sender videre etter en stund", en: "The page reloads or redirects after a delay"),
        description: LocalizedText(
            nb: "<meta http-equiv=\"refresh\"> med en ventetid laster siden på nytt eller sender eleven til en annen side midt i lesingen, og skjermleseren begynner forfra. Send videre med en gang (content=\"0; url=…\") eller bruk en vanlig lenke.",
            en: "<meta http-equiv=\"refresh\"> with a delay reloads the page or sends the pupil elsewhere in the middle of reading, and the screen reader starts over. Redirect at once (content=\"0; url=…\") or use an ordinary link."),
        triggering: ["<html lang=\"nb\"><head><meta http-equiv=\"refresh\" content=\"30\"><title>Quiz</title></head><body>Quiz</body></html>",
                     "<html lang=\"nb\"><head><meta http-equiv=\"Refresh\" content=\"5; url=neste.html\"></head><body>Videre</body></html>"],
        nonTriggering: ["<html lang=\"nb\"><head><meta http-equiv=\"refresh\" content=\"0; url=ny.html\"></head><body>Flyttet</body></html>",
                        "<html lang=\"nb\"><head><meta http-equiv=\"refresh\" content=\"72001\"></head><body>Lang pause</body></html>",
                        "<html lang=\"nb\"><head><meta http-equiv=\"refresh\" content=\"+5; url=ny.html\"></head><body>Ugyldig: ignoreres</body></html>"]
    ) { page in
        guard let refresh = page.firstValidRefresh(), refresh.delay > 0, refresh.delay <= 72_000 else { return [] }
        return [.init(node: refresh.element, message: refreshMessage(refresh.delay))]
    }

    static let refreshDelayStrict = AccessibilityRule(
        code: "accessibility.refresh-delay-strict", act: "bisz58", wcag: ["2.2.4", "3.2.5", "2.2.1"], severity: .warning,
        title: LocalizedText(nb: "Siden lastes på nytt eller sender videre etter en ventetid (AAA)", en: "The page reloads or redirects after a delay (AAA)"),
        description: LocalizedText(
            nb: "Den strengere varianten (WCAG AAA): også en ventetid på over 20 timer avbryter eleven. Bare content=\"0\" (send videre med en gang) består.",
            en: "The stricter variant (WCAG AAA): a delay of more than 20 hours interrupts the pupil too. Only content=\"0\" (redirect at once) passes."),
        triggering: ["<html lang=\"nb\"><head><meta http-equiv=\"refresh\" content=\"72001; url=neste.html\"></head><body>Videre</body></html>",
                     "<html lang=\"nb\"><head><meta http-equiv=\"refresh\" content=\"0: ugyldig\"><meta http-equiv=\"refresh\" content=\"10\"></head><body>Quiz</body></html>"],
        nonTriggering: ["<html lang=\"nb\"><head><meta http-equiv=\"refresh\" content=\"0; url=ny.html\"></head><body>Flyttet</body></html>",
                        "<html lang=\"nb\"><head><meta name=\"refresh\" content=\"30\"></head><body>Ikke en refresh</body></html>"]
    ) { page in
        guard let refresh = page.firstValidRefresh(), refresh.delay > 0 else { return [] }
        return [.init(node: refresh.element, message: refreshMessage(refresh.delay))]
    }

    private static func refreshMessage(_ delay: Int) -> LocalizedText {
        let nb = delay > 72_000 ? "over 20 timer" : "\(delay) sekunder"
        let en = delay > 72_000 ? "more than 20 hours" : "\(delay) seconds"
        return LocalizedText(
            nb: "Siden lastes på nytt eller sender videre etter \(nb). Send videre med en gang (content=\"0; url=…\"), eller ta bort meta refresh og la eleven klikke en lenke.",
            en: "The page reloads or redirects after \(en). Redirect at once (content=\"0; url=…\"), or remove the meta refresh and let the pupil follow a link.")
    }

    // MARK: Zoom

    static let viewportZoom = AccessibilityRule(
        code: "accessibility.viewport-zoom", act: "b4f0c3", wcag: ["1.4.4", "1.4.10"],
        title: LocalizedText(nb: "Siden hindrer zoom på mobil og nettbrett", en: "The page prevents zooming on phones and tablets"),
        description: LocalizedText(
            nb: "<meta name=\"viewport\"> med user-scalable=no eller maximum-scale under 2 hindrer elever med nedsatt syn i å forstørre teksten. Skriv content=\"width=device-width, initial-scale=1\" uten disse.",
            en: "<meta name=\"viewport\"> with user-scalable=no or maximum-scale below 2 keeps pupils with low vision from enlarging the text. Write content=\"width=device-width, initial-scale=1\" without them."),
        triggering: ["<html lang=\"nb\"><head><meta name=\"viewport\" content=\"width=device-width, user-scalable=no\"></head><body>Brøk</body></html>",
                     "<html lang=\"nb\"><head><meta name=\"viewport\" content=\"width=device-width, maximum-scale=1.0\"></head><body>Brøk</body></html>"],
        nonTriggering: ["<html lang=\"nb\"><head><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"></head><body>Brøk</body></html>",
                        "<html lang=\"nb\"><head><meta name=\"viewport\" content=\"maximum-scale=5, user-scalable=yes\"></head><body>Brøk</body></html>"]
    ) { page in
        page.processedMetaElements().compactMap { meta in
            guard page.attribute("name", of: meta)?.trimmingCharacters(in: asciiWhitespace).lowercased() == "viewport",
                  let content = page.attribute("content", of: meta) else { return nil }
            let properties = Page.viewportProperties(content)
            var problems: [String] = []
            if let scalable = properties["user-scalable"], !allowsUserScaling(scalable) { problems.append("user-scalable=\(scalable)") }
            if let maximum = properties["maximum-scale"], !allowsZoomTo200Percent(maximum) { problems.append("maximum-scale=\(maximum)") }
            guard !problems.isEmpty else { return nil }
            let listed = problems.joined(separator: ", ")
            return .init(node: meta, message: LocalizedText(
                nb: "\(listed) hindrer elevene i å zoome. Ta det bort, eller skriv maximum-scale=5 og user-scalable=yes.",
                en: "\(listed) keeps pupils from zooming. Remove it, or write maximum-scale=5 and user-scalable=yes."))
        }
    }

    /// CSS Device Adaptation's translation of user-scalable: zoom unless "no", a number
    /// between -1 and 1, or a word it does not know.
    static func allowsUserScaling(_ value: String) -> Bool {
        if ["yes", "device-width", "device-height"].contains(value) { return true }
        guard let number = Page.leadingNumber(value) else { return false }
        return abs(number) >= 1
    }

    /// maximum-scale lets users zoom to at least 200 % (device-width and device-height mean
    /// 10, a negative number means no limit); "yes" means 1, unknown words fail.
    static func allowsZoomTo200Percent(_ value: String) -> Bool {
        if ["device-width", "device-height"].contains(value) { return true }
        guard let number = Page.leadingNumber(value) else { return false }
        return number < 0 || number >= 2
    }
}
