import AllmenningCore
import Foundation

/// Rules about attribute values: ids used once, autocomplete values browsers understand.
enum AttributeRules {
    static let all: [AccessibilityRule] = [uniqueID, autocompleteValid]

    static let uniqueID = AccessibilityRule(
        code: "accessibility.unique-id", act: "3ea0c8", wcag: ["4.1.1"], severity: .warning,
        title: LocalizedText(nb: "Samme id brukes flere ganger", en: "The same id is used more than once"),
        description: LocalizedText(
            nb: "Hver id må være unik på siden. Når to elementer har samme id, peker label for=, aria-labelledby og lenker til #id bare på det første, og en skjermleser kan lese feil ledetekst. Gi hvert element sin egen id.",
            en: "Every id must be unique in the page. When two elements share an id, label for=, aria-labelledby and links to #id only reach the first, and a screen reader may read the wrong label. Give each element an id of its own."),
        triggering: ["<div id=\"oppgave\">Oppgave 1</div>\n<div id=\"oppgave\">Oppgave 2</div>",
                     "<span id=\"navn\" hidden>Navn</span><input id=\"navn\">"],
        nonTriggering: ["<div id=\"oppgave-1\">Oppgave 1</div><div id=\"oppgave-2\">Oppgave 2</div>",
                        "<span id=\"\">a</span><span id=\"\">b</span>",
                        "<div id=\"mal\"></div><template><div id=\"mal\"></div></template>"]
    ) { page in
        let tree = page.tree
        // A template's content is a document fragment of its own; MathML ids are not HTML's or SVG's.
        var scope = [Int](repeating: -1, count: tree.nodes.count)
        var inMath = Array(repeating: false, count: tree.nodes.count)
        var first: [Int: [String: Int]] = [:]
        var violations: [AccessibilityRule.Violation] = []
        for index in tree.nodes.indices where tree[index].kind == .element {
            let element = tree[index]
            let parent = element.parent
            scope[index] = parent.map { tree[$0].name == "template" ? $0 : scope[$0] } ?? -1
            inMath[index] = (parent.map { inMath[$0] } ?? false) || element.name == "math"
            guard !inMath[index], let id = element.attribute("id"), !id.isEmpty else { continue }
            if let earlier = first[scope[index], default: [:]][id] {
                violations.append(.init(node: index, message: LocalizedText(
                    nb: "id=\"\(id)\" er også brukt på linje \(tree[earlier].line). Gi dette elementet en annen id, og rett label for=, aria-labelledby og lenker som skal peke hit.",
                    en: "id=\"\(id)\" is also used on line \(tree[earlier].line). Give this element another id, and update label for=, aria-labelledby and links meant to point here.")))
            } else {
                first[scope[index], default: [:]][id] = index
            }
        }
        return violations
    }

    static let autocompleteValid = AccessibilityRule(
        code: "accessibility.autocomplete-valid", act: "73f2c2", wcag: ["1.3.5"],
        title: LocalizedText(nb: "autocomplete har en verdi nettlesere ikke forstår", en: "autocomplete has a value browsers do not understand"),
        description: LocalizedText(
            nb: "autocomplete forteller nettleseren og hjelpemidler hva et felt spør om, så de kan fylle det ut eller vise et kjent symbol. Verdien må være et felt fra HTML-standarden (name, given-name, email, tel, postal-code, bday …), eventuelt med section-…, shipping/billing og home/work/mobile foran, i den rekkefølgen.",
            en: "autocomplete tells browsers and assistive technology what a field asks for, so they can fill it in or show a familiar symbol. The value must be a field from the HTML standard (name, given-name, email, tel, postal-code, bday …), optionally preceded by section-…, shipping/billing and home/work/mobile, in that order."),
        triggering: ["<label>E-post <input type=\"email\" autocomplete=\"epost\"></label>",
                     "<label>E-post <input autocomplete=\"work shipping email\"></label>",
                     "<label>Bilde <input autocomplete=\"work photo\"></label>"],
        nonTriggering: ["<label>E-post <input type=\"email\" autocomplete=\"email\"></label>",
                        "<label>Fornavn <input autocomplete=\"section-elev given-name\"></label>",
                        "<label>Navn <input autocomplete=\"off\"></label>",
                        "<label>Navn <input autocomplete=\"epost\" disabled></label>",
                        "<input type=\"hidden\" autocomplete=\"epost\">"]
    ) { page in
        let fields = page.elements.filter { ["input", "select", "textarea"].contains(page.name(of: $0)) && page.tree[$0].has("autocomplete") }
        guard !fields.isEmpty else { return [] }
        let style = page.style
        return fields.compactMap { field in
            let name = page.name(of: field)
            guard ["input", "select", "textarea"].contains(name), !style.foreign[field],
                  let value = page.attribute("autocomplete", of: field) else { return nil }
            let tokens = value.split { ["\t", "\n", "\u{0C}", "\r", " "].contains($0) }
            guard !tokens.isEmpty else { return nil }
            if tokens.count == 1, ["on", "off"].contains(tokens[0].lowercased()) { return nil }
            if page.isDisabled(field) || style.notRendered[field] { return nil }
            if name == "input" {
                let type = (page.attribute("type", of: field) ?? "").trimmingCharacters(in: PageRules.asciiWhitespace).lowercased()
                if ["button", "checkbox", "file", "image", "radio", "reset", "submit", "hidden"].contains(type) { return nil }
            }
            // Out of the tab order and not a widget: the field is not something one fills in.
            if let tabIndex = page.tabIndex(of: field), tabIndex < 0 {
                let explicit = page.explicitRole(of: field)
                // A focusable field ignores none/presentation (WAI-ARIA's conflict resolution).
                let role = explicit == "none" || explicit == "presentation" ? page.implicitRole(of: field) : page.role(of: field)
                if !Page.widgetRoles.contains(role ?? "") { return nil }
            }
            guard !AutofillTokens.isValid(value) else { return nil }
            return .init(node: field, message: LocalizedText(
                nb: "autocomplete=\"\(value)\" er ikke en gyldig verdi. Bruk et felt fra HTML-standarden, for eksempel name, given-name, family-name, email, tel eller postal-code (home/work/mobile bare foran email, tel og impp).",
                en: "autocomplete=\"\(value)\" is not a valid value. Use a field from the HTML standard, for example name, given-name, family-name, email, tel or postal-code (home/work/mobile only before email, tel and impp)."))
        }
    }
}
