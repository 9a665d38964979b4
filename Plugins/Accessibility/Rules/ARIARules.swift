import AllmenningCore
import Foundation

/// Rules about ARIA roles and attributes as written: that they exist, have values of their
/// type, are allowed where they stand, and that roles carry what they require.
enum ARIARules {
    static let all: [AccessibilityRule] = [roleValue, attributeDefined, attributeValue, attributePermitted, requiredAttributes,
                                           requiredIDReferences] + ARIATreeRules.all + ARIAFocusRules.all

    // The ACT rules below map to WCAG 1.3.1 and 4.1.2 only as secondary requirements (a page
    // can fail them and still meet WCAG), so their findings are warnings.

    static let roleValue = AccessibilityRule(
        code: "accessibility.aria-role-valid", act: "674b10", wcag: ["1.3.1", "4.1.2"], severity: .warning,
        title: LocalizedText(nb: "role-attributtet har ingen gyldig rolle", en: "The role attribute has no valid role"),
        description: LocalizedText(
            nb: "role må inneholde minst én rolle som finnes i WAI-ARIA (for eksempel role=\"button\", \"list\", \"img\"). En feilstavet rolle (role=\"buton\") blir oversett, og skjermlesere får ikke vite hva elementet er.",
            en: "role must contain at least one role that exists in WAI-ARIA (for example role=\"button\", \"list\", \"img\"). A misspelt role (role=\"buton\") is ignored, and screen readers are not told what the element is."),
        triggering: ["<span role=\"lnik\" onclick=\"location.href='/'\">Neste oppgave</span>",
                     "<div role=\"bibliographic-reference lnik\">Kilder</div>"],
        nonTriggering: ["<span role=\"link\" tabindex=\"0\">Neste oppgave</span>",
                        "<span role=\"doc-biblioref link\">Kilder</span>", "<div role=\" \">Brøk</div>",
                        "<div aria-hidden=\"true\" role=\"lnik\">Pynt</div>"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.compactMap { node in
            guard let value = nodes[node].attribute("role"), tree.isHTMLOrSVGElement(node), !tree.hidden[node] else { return nil }
            let tokens = ARIAData.tokens(of: value.lowercased())
            guard !tokens.isEmpty, !tokens.contains(where: ARIARoles.known.contains) else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "role=\"\(value)\" er ikke en WAI-ARIA-rolle. Rett stavingen (for eksempel \"link\", \"button\", \"list\"), eller fjern attributtet.",
                en: "role=\"\(value)\" is not a WAI-ARIA role. Correct the spelling (for example \"link\", \"button\", \"list\"), or remove the attribute."))
        }
    }

    static let attributeDefined = AccessibilityRule(
        code: "accessibility.aria-attribute-defined", act: "5f99a7", wcag: ["1.3.1", "4.1.2"], severity: .warning,
        title: LocalizedText(nb: "aria-attributtet finnes ikke", en: "The aria attribute does not exist"),
        description: LocalizedText(
            nb: "Hvert attributt som begynner med aria- må være en tilstand eller egenskap fra WAI-ARIA 1.2. Et feilstavet attributt (aria-labeledby for aria-labelledby) blir oversett.",
            en: "Every attribute that starts with aria- must be a state or property of WAI-ARIA 1.2. A misspelt attribute (aria-labeledby for aria-labelledby) is ignored."),
        triggering: ["<div role=\"checkbox\" aria-not-checked=\"true\">Jeg har lest oppgaven</div>",
                     "<span id=\"l\">Svar</span><input aria-labeledby=\"l\">"],
        nonTriggering: ["<div role=\"checkbox\" aria-checked=\"true\" tabindex=\"0\">Jeg har lest oppgaven</div>"]
    ) { page in
        let nodes = page.tree.nodes
        return page.ariaTree.elements.flatMap { node in
            nodes[node].attributes.filter { $0.name.hasPrefix("aria-") && ARIAData.attributes[$0.name] == nil }.map { attribute in
                AccessibilityRule.Violation(node: node, message: LocalizedText(
                    nb: "\(attribute.name) finnes ikke i WAI-ARIA. Rett stavingen (for eksempel aria-labelledby, aria-describedby, aria-checked), eller fjern attributtet.",
                    en: "\(attribute.name) does not exist in WAI-ARIA. Correct the spelling (for example aria-labelledby, aria-describedby, aria-checked), or remove the attribute."))
            }
        }
    }

    static let attributeValue = AccessibilityRule(
        code: "accessibility.aria-attribute-value", act: "6a7281", wcag: ["1.3.1", "4.1.2"], severity: .warning,
        title: LocalizedText(nb: "aria-attributtet har en ugyldig verdi", en: "The aria attribute has an invalid value"),
        description: LocalizedText(
            nb: "Hver ARIA-tilstand og -egenskap må ha en verdi av sin type: true/false, et heltall, et tall, eller et av ordene WAI-ARIA lister opp (aria-live: off, polite, assertive). En ugyldig verdi blir oversett eller tolket annerledes enn du mente.",
            en: "Every ARIA state and property needs a value of its type: true/false, an integer, a number, or one of the words WAI-ARIA lists (aria-live: off, polite, assertive). An invalid value is ignored or read differently from what you meant."),
        triggering: ["<div role=\"button\" tabindex=\"0\" aria-expanded=\"collapsed\">Vis fasit</div>",
                     "<div role=\"alert\" aria-relevant=\"text always\"></div>",
                     "<div role=\"gridcell\" aria-rowindex=\"2.5\">Ola</div>"],
        nonTriggering: ["<div role=\"button\" tabindex=\"0\" aria-expanded=\"false\">Vis fasit</div>",
                        "<div role=\"alert\" aria-live>Husk å lagre</div>",
                        "<div role=\"spinbutton\" aria-valuemin=\"1.0\" aria-valuemax=\"2.0\" aria-valuenow=\"1.5\" aria-label=\"Antall\"></div>"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.filter(tree.isHTMLOrSVGElement).flatMap { node in
            nodes[node].attributes.compactMap { attribute -> AccessibilityRule.Violation? in
                guard let definition = ARIAData.attributes[attribute.name],
                      !attribute.value.isBlank,
                      !ARIAData.isValid(attribute.value, for: definition.type) else { return nil }
                let expected = expectedValue(definition.type)
                return .init(node: node, message: LocalizedText(
                    nb: "\(attribute.name)=\"\(attribute.value)\" er ikke en gyldig verdi. Skriv \(expected.nb).",
                    en: "\(attribute.name)=\"\(attribute.value)\" is not a valid value. Write \(expected.en)."))
            }
        }
    }

    private static func expectedValue(_ type: ARIAData.ValueType) -> LocalizedText {
        func quoted(_ tokens: [String]) -> String { tokens.map { "\"\($0)\"" }.joined(separator: ", ") }
        switch type {
        case .trueFalse: return LocalizedText(nb: "\"true\" eller \"false\"", en: "\"true\" or \"false\"")
        case .tristate: return LocalizedText(nb: "\"true\", \"false\" eller \"mixed\"", en: "\"true\", \"false\" or \"mixed\"")
        case .trueFalseUndefined: return LocalizedText(nb: "\"true\", \"false\" eller \"undefined\"", en: "\"true\", \"false\" or \"undefined\"")
        case .idReference: return LocalizedText(nb: "id-en til ett element, uten mellomrom", en: "the id of one element, without spaces")
        case .idReferenceList: return LocalizedText(nb: "id-er skilt med mellomrom", en: "ids separated by spaces")
        case .integer: return LocalizedText(nb: "et heltall, for eksempel \"2\"", en: "a whole number, for example \"2\"")
        case .number: return LocalizedText(nb: "et tall, for eksempel \"1.5\"", en: "a number, for example \"1.5\"")
        case .string: return LocalizedText(nb: "en tekst", en: "a text")
        case .token(let tokens): return LocalizedText(nb: "ett av \(quoted(tokens))", en: "one of \(quoted(tokens))")
        case .tokenList(let tokens):
            return LocalizedText(nb: "ett eller flere av \(quoted(tokens)), skilt med mellomrom",
                                 en: "one or more of \(quoted(tokens)), separated by spaces")
        }
    }

    static let attributePermitted = AccessibilityRule(
        code: "accessibility.aria-attribute-permitted", act: "5c01ea", wcag: ["1.3.1", "4.1.2"], severity: .warning,
        title: LocalizedText(nb: "aria-attributtet er ikke tillatt på elementet", en: "The aria attribute is not allowed on the element"),
        description: LocalizedText(
            nb: "En ARIA-tilstand eller -egenskap må høre til elementets rolle: aria-pressed til knapper, aria-checked til avkrysningsbokser, aria-sort til kolonneoverskrifter. Noen roller forbyr navn: aria-label på en vanlig div eller span blir oversett – gi elementet en rolle, eller skriv teksten synlig.",
            en: "An ARIA state or property must belong to the element's role: aria-pressed to buttons, aria-checked to checkboxes, aria-sort to column headers. Some roles prohibit names: aria-label on a plain div or span is ignored – give the element a role, or write the text visibly."),
        triggering: ["<button aria-sort=\"ascending\">Sorter etter år</button>", "<div aria-label=\"Bananer\"></div>",
                     "<audio src=\"lyd.mp3\" controls aria-orientation=\"horizontal\"></audio>"],
        nonTriggering: ["<button aria-pressed=\"false\">Vis hint</button>", "<div aria-busy=\"true\">Laster …</div>",
                        "<button role=\"none\" aria-pressed=\"false\">Vis hint</button>",
                        "<label>Passord<input type=\"password\" aria-required=\"true\"></label>",
                        "<div role=\"button\" aria-sort=\"\" style=\"display:none;\"></div>"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.filter { tree.isHTMLOrSVGElement($0) && !tree.hidden[$0] }.flatMap { node in
            let role = tree.role(of: node)
            return nodes[node].attributes.compactMap { attribute -> AccessibilityRule.Violation? in
                guard let definition = ARIAData.attributes[attribute.name] else { return nil }
                if let role, ARIAData.isProhibited(attribute.name, on: role) {
                    let element = page.name(of: node)
                    // "generic" means nothing to a teacher: it is a plain div or span.
                    let what = role == "generic"
                        ? LocalizedText(nb: "et vanlig <\(element)>-element uten rolle", en: "a plain <\(element)> element without a role")
                        : LocalizedText(nb: "rollen \(role) (<\(element)>)", en: "the role \(role) (<\(element)>)")
                    return .init(node: node, message: LocalizedText(
                        nb: "\(attribute.name) er ikke tillatt på \(what.nb), og blir oversett. Gi elementet en rolle som kan ha navn, eller skriv teksten synlig på siden.",
                        en: "\(attribute.name) is not allowed on \(what.en), and is ignored. Give the element a role that can have a name, or write the text visibly on the page."))
                }
                if definition.isGlobal { return nil }
                if let role, ARIAData.roleSupports(role, attribute: attribute.name) { return nil }
                if languageFeatureAllows(attribute.name, on: node, page: page) { return nil }
                let on = role.map { "rollen \($0)" } ?? "<\(page.name(of: node))>"
                let onEnglish = role.map { "the role \($0)" } ?? "<\(page.name(of: node))>"
                return .init(node: node, message: LocalizedText(
                    nb: "\(attribute.name) hører ikke til \(on). Fjern attributtet, eller gi elementet en rolle som har det.",
                    en: "\(attribute.name) does not belong to \(onEnglish). Remove the attribute, or give the element a role that has it."))
            }
        }
    }

    /// ARIA in HTML allows some states and properties on elements that have no role: audio
    /// and video take those of the application role, a file input aria-required.
    private static func languageFeatureAllows(_ attribute: String, on node: Int, page: Page) -> Bool {
        switch page.name(of: node) {
        case "audio", "video": return ARIAData.roleSupports("application", attribute: attribute)
        case "input": return (page.attribute("type", of: node) ?? "").lowercased() == "file" && attribute == "aria-required"
        default: return false
        }
    }

    static let requiredAttributes = AccessibilityRule(
        code: "accessibility.aria-required-attributes", act: "4e8ab6", wcag: ["1.3.1", "4.1.2"], severity: .warning,
        title: LocalizedText(nb: "Rollen mangler tilstander den krever", en: "The role lacks states it requires"),
        description: LocalizedText(
            nb: "Et element som får en rolle med role, må ha tilstandene og egenskapene rollen krever: en overskrift aria-level, en avkrysningsboks eller bryter aria-checked, en kombinasjonsboks aria-expanded og aria-controls. Bruk helst det innebygde HTML-elementet (<h2>, <input type=\"checkbox\">), som har dem av seg selv.",
            en: "An element given a role with role must carry the states and properties that role requires: a heading aria-level, a checkbox or switch aria-checked, a combobox aria-expanded and aria-controls. Prefer the built-in HTML element (<h2>, <input type=\"checkbox\">), which has them by itself."),
        triggering: ["<div role=\"heading\">Brøk</div>", "<div role=\"switch\" tabindex=\"0\">Vis fasit</div>",
                     "<div role=\"separator\" tabindex=\"0\"></div>"],
        nonTriggering: ["<div role=\"heading\" aria-level=\"2\">Brøk</div>", "<input type=\"checkbox\" role=\"checkbox\">",
                        "<ul role=\"listbox\" aria-label=\"Frukt\"><li role=\"option\">Eple</li></ul>",
                        "<div role=\"separator\"></div>", "<div role=\"combobox\" style=\"display:none;\"></div>",
                        "<input type=\"checkbox\" role=\"switch\">"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.compactMap { node in
            guard nodes[node].has("role"), tree.isHTMLOrSVGElement(node), !tree.hidden[node], let role = tree.explicitRole(of: node),
                  page.implicitRole(of: node) != role, let definition = ARIAData.roles[role] else { return nil }
            let required = definition.required + (tree.focus.focusable[node] ? definition.requiredWhenFocusable : [])
            let missing = required.filter {
                (nodes[node].attribute($0) ?? "").isBlank
                    && !providesNatively($0, node: node, page: page)
            }
            guard !missing.isEmpty else { return nil }
            let list = missing.joined(separator: ", ")
            return .init(node: node, message: LocalizedText(
                nb: "Rollen \(role) krever \(list). Legg til \(list) med riktig verdi, eller bruk det innebygde HTML-elementet for rollen.",
                en: "The role \(role) requires \(list). Add \(list) with the right value, or use the built-in HTML element for the role."))
        }
    }

    /// HTML-AAM maps a checkbox's or radio button's checkedness to aria-checked: such an
    /// input with role="switch" (as ARIA in HTML allows) has the state without the attribute.
    private static func providesNatively(_ attribute: String, node: Int, page: Page) -> Bool {
        guard attribute == "aria-checked", page.name(of: node) == "input" else { return false }
        return ["checkbox", "radio"].contains((page.attribute("type", of: node) ?? "").lowercased())
    }

    static let requiredIDReferences = AccessibilityRule(
        code: "accessibility.aria-required-id-references", act: "in6db8", wcag: ["1.3.1", "4.1.2"], severity: .warning,
        title: LocalizedText(nb: "aria-controls peker ikke på noe", en: "aria-controls points to nothing"),
        description: LocalizedText(
            nb: "En rullefelt-rolle (scrollbar) og en åpen kombinasjonsboks (combobox med aria-expanded=\"true\") må med aria-controls peke på id-en til et element som finnes på siden: det som rulles, eller listen med valg.",
            en: "A scrollbar and an expanded combobox (aria-expanded=\"true\") must point with aria-controls to the id of an element that exists on the page: what scrolls, or the list of options."),
        triggering: ["<input role=\"combobox\" aria-expanded=\"true\" aria-controls=\"valg\" aria-label=\"Fylke\">",
                     "<div role=\"scrollbar\" aria-controls=\"tekst-1 tekst-2\" aria-valuenow=\"25\"></div>"],
        nonTriggering: ["<input role=\"combobox\" aria-expanded=\"true\" aria-controls=\"valg\" aria-label=\"Fylke\"><ul id=\"valg\" role=\"listbox\"><li role=\"option\">Agder</li></ul>",
                        "<input role=\"combobox\" aria-expanded=\"false\" aria-controls=\"valg\" aria-label=\"Fylke\">",
                        "<button aria-controls=\"vindu\">Åpne</button>"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.compactMap { node in
            guard let value = nodes[node].attribute("aria-controls"), tree.isHTMLOrSVGElement(node) else { return nil }
            let role = tree.role(of: node)
            let applies = role == "scrollbar" || (role == "combobox" && ARIATree.isTrue(page.attribute("aria-expanded", of: node)))
            guard applies, !ARIAData.tokens(of: value).contains(where: { page.tree.element(id: $0) != nil }) else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "aria-controls=\"\(value)\" peker ikke på noe element på siden. Skriv id-en til elementet \(role ?? "") styrer, og gi det elementet den id-en.",
                en: "aria-controls=\"\(value)\" points to no element on the page. Write the id of the element the \(role ?? "") controls, and give that element the id."))
        }
    }
}
