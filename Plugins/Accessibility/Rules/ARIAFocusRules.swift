import AllmenningCore
import Foundation

/// Rules about keyboard focus meeting ARIA: focus landing on what assistive technology cannot
/// see, and content the Tab key cannot reach.
enum ARIAFocusRules {
    static let all: [AccessibilityRule] = [ariaHiddenFocus, presentationalChildrenFocus, iframeTabOrder]

    static let ariaHiddenFocus = AccessibilityRule(
        code: "accessibility.aria-hidden-focus", act: "6cfa84", wcag: ["4.1.2"],
        title: LocalizedText(nb: "Skjult innhold kan nås med Tab", en: "Hidden content can be reached with Tab"),
        description: LocalizedText(
            nb: "Innhold med aria-hidden=\"true\" er skjult for skjermlesere, men en lenke, knapp eller et skjemafelt inni det kan fortsatt nås med Tab-tasten: eleven havner på noe skjermleseren ikke kan si noe om. Fjern aria-hidden, eller ta elementet ut av tabulatorrekkefølgen (tabindex=\"-1\", disabled).",
            en: "Content with aria-hidden=\"true\" is hidden from screen readers, but a link, button or form field inside it can still be reached with the Tab key: the pupil lands on something the screen reader cannot tell anything about. Remove aria-hidden, or take the element out of the tab order (tabindex=\"-1\", disabled)."),
        triggering: ["<div aria-hidden=\"true\"><a href=\"/\">Hjem</a></div>",
                     "<div aria-hidden=\"true\"><div aria-hidden=\"false\"><button>Lagre</button></div></div>",
                     "<details aria-hidden=\"true\"><summary>Vis fasit</summary><p>42</p></details>",
                     "<p tabindex=\"0\" aria-hidden=\"true\">Tekst</p>"],
        nonTriggering: ["<p aria-hidden=\"true\">Tekst</p>", "<input disabled aria-hidden=\"true\">",
                        "<div aria-hidden=\"true\"><button tabindex=\"-1\">Lagre</button></div>",
                        "<div aria-hidden=\"true\"><a href=\"/\" style=\"display:none\">Hjem</a></div>",
                        "<a href=\"#\"><svg aria-hidden=\"true\"><circle r=\"4\"/></svg>Hjem</a>"]
    ) { page in
        let states = page.ariaTree.focus
        let nodes = page.tree.nodes
        var underAriaHidden = [Bool](repeating: false, count: nodes.count)
        var violations: [AccessibilityRule.Violation] = []
        for node in nodes.indices {
            underAriaHidden[node] = (nodes[node].parent.map { underAriaHidden[$0] } ?? false)
                || (nodes[node].kind == .element && ARIATree.isTrue(nodes[node].attribute("aria-hidden")))
            guard underAriaHidden[node], states.sequential[node], !movesFocusAway(node, page: page) else { continue }
            violations.append(.init(node: node, message: LocalizedText(
                nb: "<\(page.name(of: node))> kan nås med Tab, men står i innhold med aria-hidden=\"true\". Fjern aria-hidden, eller gi elementet tabindex=\"-1\" (eller disabled) så lenge det er skjult.",
                en: "<\(page.name(of: node))> can be reached with Tab, but is inside content with aria-hidden=\"true\". Remove aria-hidden, or give the element tabindex=\"-1\" (or disabled) while it is hidden.")))
        }
        return violations
    }

    /// A focus sentinel: an element that sends focus on as soon as it gets it (an onfocus that
    /// calls focus(), or a script that listens for focus on its id and calls focus()). ACT does
    /// not count such elements as focusable; a script's behaviour is otherwise not judged.
    private static func movesFocusAway(_ node: Int, page: Page) -> Bool {
        if let handler = page.attribute("onfocus", of: node), handler.contains(".focus(") { return true }
        guard let id = page.attribute("id", of: node), !id.isEmpty else { return false }
        return page.tree.elements(named: "script").contains { script in
            let code = page.tree.textContent(of: script)
            let mentionsElement = ["'\(id)'", "\"\(id)\"", "'#\(id)'", "\"#\(id)\""].contains { code.contains($0) }
            let listensForFocus = ["addEventListener('focus'", "addEventListener(\"focus\"", ".onfocus"].contains { code.contains($0) }
            return mentionsElement && listensForFocus && code.contains(".focus(")
        }
    }

    static let presentationalChildrenFocus = AccessibilityRule(
        code: "accessibility.presentational-children-focus", act: "307n5z", wcag: ["4.1.2"],
        title: LocalizedText(nb: "Et element inni en knapp eller et bilde kan få fokus",
                             en: "An element inside a button or image can take focus"),
        description: LocalizedText(
            nb: "Innholdet i en knapp, avkrysningsboks, fane, bryter, et bilde eller en glidebryter er bare pynt for skjermlesere. En lenke, knapp eller et skjemafelt inni dem kan nås med Tab, men skjermleseren kan ikke si hva det er. Legg det interaktive elementet ved siden av, ikke inni.",
            en: "The content of a button, checkbox, tab, switch, image or slider is mere decoration to screen readers. A link, button or form field inside them can be reached with Tab, but the screen reader cannot say what it is. Put the interactive element next to it, not inside."),
        triggering: ["<button>Lagre <span role=\"button\" tabindex=\"0\" aria-label=\"Flere valg\">▼</span></button>",
                     "<p role=\"checkbox\" aria-checked=\"false\" tabindex=\"0\">Jeg godtar <a href=\"/vilkar\">vilkårene</a></p>",
                     "<ul role=\"menu\"><li role=\"menuitemcheckbox\" aria-checked=\"true\"><input type=\"checkbox\" checked> Sorter</li></ul>"],
        nonTriggering: ["<button>Lagre</button> <button aria-label=\"Flere valg\" aria-expanded=\"false\">▼</button>",
                        "<ul role=\"menu\"><li role=\"menuitemcheckbox\" aria-checked=\"true\"><input type=\"checkbox\" role=\"none\" disabled checked> Sorter</li></ul>",
                        "<a href=\"/\">Hjem</a>"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        // The nearest ancestor whose role makes its children presentational, per node.
        var container = [Int?](repeating: nil, count: nodes.count)
        var violations: [AccessibilityRule.Violation] = []
        for node in nodes.indices {
            guard let parent = nodes[node].parent else { continue }
            let parentPresents = tree.isHTMLOrSVGElement(parent)
                && (tree.role(of: parent).flatMap { ARIAData.roles[$0]?.childrenArePresentational } ?? false)
            container[node] = parentPresents ? parent : container[parent]
            guard let outer = container[node], tree.focus.sequential[node] else { continue }
            let role = tree.role(of: outer) ?? ""
            violations.append(.init(node: node, message: LocalizedText(
                nb: "<\(page.name(of: node))> kan nås med Tab, men står inni et element med rollen \(role) (<\(page.name(of: outer))>), der skjermlesere ikke ser det. Flytt det ut ved siden av, eller gi det tabindex=\"-1\" eller disabled.",
                en: "<\(page.name(of: node))> can be reached with Tab, but is inside an element with the role \(role) (<\(page.name(of: outer))>), where screen readers do not see it. Move it out next to it, or give it tabindex=\"-1\" or disabled.")))
        }
        return violations
    }

    static let iframeTabOrder = AccessibilityRule(
        code: "accessibility.iframe-tab-order", act: "akn7bn", wcag: ["2.1.1"],
        title: LocalizedText(nb: "En iframe med lenker eller knapper er tatt ut av Tab-rekkefølgen",
                             en: "An iframe with links or buttons is taken out of the tab order"),
        description: LocalizedText(
            nb: "En iframe med negativ tabindex (tabindex=\"-1\") tar alt innholdet sitt ut av Tab-rekkefølgen: lenker, knapper og skjemafelt i den kan ikke nås med tastaturet. Fjern tabindex fra iframen, eller sett tabindex=\"0\". Innholdet kan bare sjekkes når det står i srcdoc.",
            en: "An iframe with a negative tabindex (tabindex=\"-1\") takes all its content out of the tab order: links, buttons and form fields in it cannot be reached with the keyboard. Remove tabindex from the iframe, or set tabindex=\"0\". The content can only be checked when it is written in srcdoc."),
        triggering: ["<iframe title=\"Oppgave\" tabindex=\"-1\" srcdoc=\"<a href='/'>Hjem</a>\"></iframe>"],
        nonTriggering: ["<iframe title=\"Oppgave\" srcdoc=\"<a href='/'>Hjem</a>\"></iframe>",
                        "<iframe title=\"Oppgave\" tabindex=\"-1\" srcdoc=\"<h1>Hei</h1>\"></iframe>",
                        "<iframe title=\"Oppgave\" tabindex=\"-1\" hidden srcdoc=\"<a href='/'>Hjem</a>\"></iframe>",
                        "<iframe title=\"Oppgave\" tabindex=\"-1\" width=\"1\" height=\"1\" srcdoc=\"<a href='/'>Hjem</a>\"></iframe>",
                        "<iframe title=\"Oppgave\" tabindex=\"-1\" srcdoc=\"<a href='/' tabindex='-1'>Hjem</a>\"></iframe>",
                        "<iframe title=\"Oppgave\" tabindex=\"-1\" inert srcdoc=\"<a href='/'>Hjem</a>\"></iframe>"]
    ) { page in
        let states = page.ariaTree.focus
        return page.tree.elements(named: "iframe").compactMap { node in
            let inherited = states.inheritance[node]
            guard !inherited.notRendered, !inherited.inert, let tabindex = page.tabindexValue(of: node), tabindex < 0,
                  !isTooSmallToShowAnything(node, page: page),
                  let source = page.attribute("srcdoc", of: node) else { return nil }
            let framed = Page(path: page.path, tree: HTMLTree.html(Data(source.utf8)))
            let framedStates = framed.focusStates()
            guard framed.elements.contains(where: { framedStates.sequential[$0] && showsSomething($0, page: framed) }) else { return nil }
            return .init(node: node, message: LocalizedText(
                nb: "Iframen har tabindex=\"\(page.attribute("tabindex", of: node) ?? "")\", så lenkene, knappene og skjemafeltene i den kan ikke nås med Tab-tasten. Fjern tabindex fra iframen.",
                en: "The iframe has tabindex=\"\(page.attribute("tabindex", of: node) ?? "")\", so the links, buttons and form fields in it cannot be reached with the Tab key. Remove tabindex from the iframe."))
        }
    }

    /// A frame a pixel wide or high (by its width and height attributes or inline style)
    /// shows none of its content.
    private static func isTooSmallToShowAnything(_ node: Int, page: Page) -> Bool {
        let style = (page.attribute("style", of: node) ?? "").lowercased().replacingOccurrences(of: " ", with: "")
        for dimension in ["width", "height"] {
            if let value = page.attribute(dimension, of: node), let pixels = Double(value.trimmingCharacters(in: .whitespaces)),
               pixels <= 1 { return true }
            for declaration in style.split(separator: ";") where declaration.hasPrefix("\(dimension):") {
                let value = declaration.dropFirst(dimension.count + 1)
                let number = value.hasSuffix("px") ? value.dropLast(2) : value
                if let pixels = Double(number), pixels <= 1 { return true }
            }
        }
        return false
    }

    /// The focusable element shows something a sighted keyboard user could find: text, an
    /// image, or a form control of its own.
    private static func showsSomething(_ node: Int, page: Page) -> Bool {
        if ["input", "select", "textarea", "iframe", "img", "video", "audio", "embed", "object", "svg"].contains(page.name(of: node)) {
            return true
        }
        if !page.tree.textContent(of: node).isBlank { return true }
        return page.tree.descendants(of: node).contains { ["img", "svg", "video", "input", "select", "textarea"].contains(page.name(of: $0)) }
    }
}
