import AllmenningCore
import Foundation

/// Rules about the page as a whole: its language and its title.
enum DocumentRules {
    static let all: [AccessibilityRule] = [pageLanguage, pageTitle]

    static let pageLanguage = AccessibilityRule(
        code: "accessibility.page-language", act: "b5c3f8", wcag: ["3.1.1"],
        title: LocalizedText(nb: "Siden oppgir ikke språket sitt", en: "The page does not state its language"),
        description: LocalizedText(
            nb: "html-elementet må ha lang med språket siden er skrevet på (lang=\"nb\", \"nn\", \"sv\", \"da\", \"en\"), så skjermlesere leser med riktig uttale. xml:lang alene teller ikke.",
            en: "The html element needs lang with the language the page is written in (lang=\"nb\", \"nn\", \"sv\", \"da\", \"en\"), so that screen readers use the right pronunciation. xml:lang alone does not count."),
        triggering: ["<html><body>Brøk med pizza</body></html>", "<html lang=\" \"><body>Brøk</body></html>"],
        nonTriggering: ["<html lang=\"nb\"><body>Brøk med pizza</body></html>"]
    ) { page in
        guard let html = page.htmlElement else { return [] }
        let lang = page.attribute("lang", of: html)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard lang.isEmpty else { return [] }
        return [.init(node: html, message: LocalizedText(
            nb: "Siden oppgir ikke språket sitt. Skriv for eksempel <html lang=\"nb\">.",
            en: "The page does not state its language. Write, for example, <html lang=\"en\">."))]
    }

    static let pageTitle = AccessibilityRule(
        code: "accessibility.page-title", act: "2779a5", wcag: ["2.4.2"],
        title: LocalizedText(nb: "Siden mangler tittel", en: "The page has no title"),
        description: LocalizedText(
            nb: "En side trenger et title-element med tekst i head, så elever ser hvilken side de er på i faner, bokmerker og skjermlesere.",
            en: "A page needs a title element with text in its head, so that pupils can tell which page they are on in tabs, bookmarks and screen readers."),
        triggering: ["<html lang=\"nb\"><head></head><body>Brøk</body></html>",
                     "<html lang=\"nb\"><body><svg role=\"img\"><title>Pizza</title></svg></body></html>",
                     "<html lang=\"nb\"><head><title> </title></head><body>Brøk</body></html>"],
        nonTriggering: ["<html lang=\"nb\"><head><title>Brøk med pizza</title></head><body>Brøk</body></html>"]
    ) { page in
        guard let html = page.htmlElement else { return [] }
        // The first title element counts, as in browsers; an SVG's title names the drawing.
        let titles = page.tree.elements(named: "title").filter { !page.tree.ancestors(of: $0).contains { page.name(of: $0) == "svg" } }
        guard let title = titles.first else {
            return [.init(node: html, message: LocalizedText(
                nb: "Siden har ingen tittel. Legg <title>…</title> i <head>.",
                en: "The page has no title. Put <title>…</title> in <head>."))]
        }
        guard page.tree.textContent(of: title).isBlank else { return [] }
        return [.init(node: title, message: LocalizedText(
            nb: "Sidens tittel er tom. Skriv hva siden handler om i <title>.",
            en: "The page's title is empty. Say in <title> what the page is about."))]
    }
}
