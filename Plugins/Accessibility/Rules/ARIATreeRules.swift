import AllmenningCore
import Foundation

/// Rules about where roles stand in the accessibility tree: inside the parent they need,
/// around the children they need, and decorative elements really left out.
enum ARIATreeRules {
    static let all: [AccessibilityRule] = [requiredContext, requiredOwned, decorativeNotExposed]

    static let requiredContext = AccessibilityRule(
        code: "accessibility.aria-required-context", act: "ff89c9", wcag: ["1.3.1"],
        title: LocalizedText(nb: "Rollen står ikke i forelderen den krever", en: "The role is not inside the parent it requires"),
        description: LocalizedText(
            nb: "Noen roller gir bare mening inni en bestemt forelder: listitem i list, option i listbox, tab i tablist, row i table eller grid, cell i row. Elementet må være barn av en slik forelder (elementer med role=\"presentation\" imellom teller ikke, men et element med en egen rolle eller et aria-attributt gjør det). Bruk helst HTML-elementene (<ul>/<li>, <table>/<tr>/<td>).",
            en: "Some roles only make sense inside a particular parent: listitem in list, option in listbox, tab in tablist, row in table or grid, cell in row. The element must be a child of such a parent (elements with role=\"presentation\" in between do not count, but an element with a role of its own or an aria attribute does). Prefer the HTML elements (<ul>/<li>, <table>/<tr>/<td>)."),
        triggering: ["<div role=\"listitem\">Eple</div>",
                     "<div role=\"list\"><div role=\"tabpanel\"><div role=\"listitem\">Eple</div></div></div>",
                     "<div role=\"list\"><div aria-live=\"polite\"><div role=\"listitem\">Eple</div></div></div>"],
        nonTriggering: ["<div role=\"list\"><div role=\"listitem\">Eple</div></div>", "<ul><div role=\"listitem\">Eple</div></ul>",
                        "<div role=\"list\"><div role=\"presentation\"><div role=\"listitem\">Eple</div></div></div>",
                        "<div role=\"list\" aria-owns=\"a\"></div><div id=\"a\" role=\"listitem\">Eple</div>",
                        "<ul><li role=\"listitem\">Eple</li></ul>", "<div role=\"listitem\" style=\"display:none\">Eple</div>"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.compactMap { node in
            guard nodes[node].has("role"), tree.isHTMLOrSVGElement(node), !tree.hidden[node], let role = tree.explicitRole(of: node),
                  ARIAData.concreteARIA12Roles.contains(role), let context = ARIAData.roles[role]?.requiredContext,
                  !context.isEmpty, page.implicitRole(of: node) != role else { return nil }
            let parent = tree.accessibilityParent(of: node)
            if let parentRole = parent.flatMap(tree.role(of:)), context.contains(parentRole) { return nil }
            // directory is deprecated in WAI-ARIA 1.2: it is accepted, but not suggested.
            let needed = context.filter { $0 != "directory" }.joined(separator: " / ")
            let actual = parent.map { describe($0, tree: tree) }
                ?? LocalizedText(nb: "ikke noe element med en rolle", en: "no element with a role")
            return .init(node: node, message: LocalizedText(
                nb: "Et element med role=\"\(role)\" må stå i \(needed), men står i \(actual.nb). Flytt det inn i et element med rollen \(needed), eller bruk HTML-elementene for listen eller tabellen.",
                en: "An element with role=\"\(role)\" must be inside \(needed), but is inside \(actual.en). Move it into an element with the role \(needed), or use the HTML elements for the list or table."))
        }
    }

    static let requiredOwned = AccessibilityRule(
        code: "accessibility.aria-required-owned", act: "bc4a75", wcag: ["1.3.1"],
        title: LocalizedText(nb: "Rollen har barn den ikke kan ha", en: "The role has children it cannot have"),
        description: LocalizedText(
            nb: "Noen roller kan bare ha bestemte barn: list bare listitem, tablist bare tab, menu bare menuitem (eventuelt i group), table og grid bare row (eventuelt i rowgroup), row bare celler. Tekst eller andre elementer rett i dem blir feil for skjermlesere. Legg innholdet i barn med riktig rolle.",
            en: "Some roles can only have particular children: list only listitem, tablist only tab, menu only menuitem (perhaps in group), table and grid only row (perhaps in rowgroup), row only cells. Text or other elements directly inside them confuse screen readers. Put the content in children with the right role."),
        triggering: ["<div role=\"list\"><span>Eple</span></div>", "<ol role=\"tablist\"><li role=\"listitem\">Eple</li></ol>",
                     "<div role=\"list\" aria-owns=\"t\"></div><div id=\"t\" role=\"tab\">Fane</div>",
                     "<div role=\"menu\"><div role=\"group\"><span role=\"menuitem\">Ny</span><div role=\"group\"><span role=\"treeitem\">Åpne</span></div></div></div>"],
        nonTriggering: ["<div role=\"list\"><span role=\"listitem\">Eple</span><span role=\"listitem\">Pære</span></div>",
                        "<ul role=\"tablist\"><li role=\"none\"><span role=\"tab\">Fane</span></li></ul>",
                        "<div role=\"menu\"><div role=\"group\"><span role=\"menuitem\">Ny</span><div role=\"group\"><span role=\"menuitem\">Åpne</span></div></div></div>",
                        "<ul role=\"menu\" aria-busy=\"true\">Laster</ul>", "<div role=\"list\" aria-hidden=\"true\">Eple</div>",
                        "<div role=\"radiogroup\" aria-label=\"Svar\"><label><input type=\"radio\" name=\"s\"> Ja</label><label><input type=\"radio\" name=\"s\"> Nei</label></div>",
                        "<table role=\"table\"><caption>Frukt</caption><tr><td>Eple</td></tr></table>"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.compactMap { node in
            guard nodes[node].has("role"), tree.isHTMLOrSVGElement(node), !tree.hidden[node], let role = tree.explicitRole(of: node),
                  ARIAData.concreteARIA12Roles.contains(role), let owned = ARIAData.roles[role]?.requiredOwned, !owned.isEmpty,
                  !([node] + page.tree.ancestors(of: node)).contains(where: { ARIATree.isTrue(page.attribute("aria-busy", of: $0)) })
            else { return nil }
            let wrong = disallowedChildren(of: node, role: role, allowed: owned, tree: tree)
            guard !wrong.isEmpty else { return nil }
            let allowed = Set(owned.map(\.role)).sorted().joined(separator: ", ")
            return .init(node: node, message: LocalizedText(
                nb: "Et element med role=\"\(role)\" kan bare ha barn med rollene \(allowed), men har \(wrong.map(\.nb).joined(separator: ", ")). Gi barna riktig rolle, eller flytt det andre innholdet ut.",
                en: "An element with role=\"\(role)\" can only have children with the roles \(allowed), but has \(wrong.map(\.en).joined(separator: ", ")). Give the children the right role, or move the other content out."))
        }
    }

    /// The children (in the accessibility tree) of `node` that `allowed` does not allow,
    /// described for the message. A child `group` (or `rowgroup`) that an entry "group → X"
    /// allows must itself own only X; groups may nest in groups.
    private static func disallowedChildren(of node: Int, role: String, allowed: [ARIAData.OwnedElement],
                                           tree: ARIATree) -> [LocalizedText] {
        var wrong: [LocalizedText] = []
        let (children, text) = tree.accessibilityChildren(of: node)
        if text { wrong.append(LocalizedText(nb: "tekst rett i elementet", en: "text directly inside it")) }
        for child in children {
            guard let childRole = tree.role(of: child) else {
                wrong.append(describe(child, tree: tree))
                continue
            }
            if allowed.contains(ARIAData.OwnedElement(role: childRole)) { continue }
            // A role whose own required context is this role belongs here (a caption in a table).
            if ARIAData.roles[childRole]?.requiredContext.contains(role) ?? false { continue }
            let inner = allowed.filter { $0.role == childRole }.compactMap(\.containing)
            if inner.isEmpty {
                wrong.append(describe(child, tree: tree))
                continue
            }
            wrong.append(contentsOf: disallowedGrandchildren(of: child, role: childRole, allowed: Set(inner), tree: tree))
        }
        return wrong
    }

    private static func disallowedGrandchildren(of node: Int, role: String, allowed: Set<String>, tree: ARIATree) -> [LocalizedText] {
        var wrong: [LocalizedText] = []
        var pending = [node]
        var seen = Set<Int>()
        while let container = pending.popLast() {
            guard seen.insert(container).inserted else { continue }
            let (children, text) = tree.accessibilityChildren(of: container)
            if text { wrong.append(LocalizedText(nb: "tekst rett i en \(role)", en: "text directly inside a \(role)")) }
            for child in children {
                let childRole = tree.role(of: child)
                if let childRole, allowed.contains(childRole) { continue }
                if role == "group", childRole == "group" {
                    pending.append(child)
                    continue
                }
                let description = describe(child, tree: tree)
                wrong.append(LocalizedText(nb: "\(description.nb) i en \(role)", en: "\(description.en) inside a \(role)"))
            }
        }
        return wrong
    }

    /// "role=\"tab\"", "<span> (role generic)", for messages.
    private static func describe(_ node: Int, tree: ARIATree) -> LocalizedText {
        let name = tree.page.name(of: node)
        guard let role = tree.role(of: node) else {
            return LocalizedText(nb: "<\(name)> uten rolle", en: "<\(name)> without a role")
        }
        return LocalizedText(nb: "<\(name)> med rollen \(role)", en: "<\(name)> with the role \(role)")
    }

    static let decorativeNotExposed = AccessibilityRule(
        code: "accessibility.decorative-not-exposed", act: "46ca7f", wcag: [], severity: .warning,
        title: LocalizedText(nb: "Et pyntelement blir likevel lest opp", en: "A decorative element is exposed after all"),
        description: LocalizedText(
            nb: "Et element merket som pynt (alt=\"\" på et bilde, role=\"presentation\" eller role=\"none\") blir likevel vist for skjermlesere når det kan få fokus eller har et aria-attributt som aria-label. Bestem deg: er det pynt, fjern aria-attributtet og tabindex; har det en mening, gi det en tekst (alt=\"…\") og fjern pyntmerket.",
            en: "An element marked as decorative (alt=\"\" on an image, role=\"presentation\" or role=\"none\") is exposed to screen readers after all when it can take focus or has an aria attribute such as aria-label. Decide: if it is decoration, remove the aria attribute and tabindex; if it means something, give it a text (alt=\"…\") and remove the decorative marking."),
        triggering: ["<img src=\"pynt.png\" alt=\"\" aria-labelledby=\"l\"><span hidden id=\"l\">Logo</span>",
                     "<nav role=\"presentation\" aria-label=\"Meny\"><a href=\"/\">Hjem</a></nav>",
                     "<img src=\"pynt.png\" alt=\"\" tabindex=\"0\">"],
        nonTriggering: ["<img src=\"pynt.png\" alt=\"\">", "<img src=\"pynt.png\" alt=\"\" aria-hidden=\"true\">",
                        "<img src=\"logo.png\" role=\"presentation\" alt=\"Logo\">", "<img src=\"logo.png\" aria-label=\"Logo\">"]
    ) { page in
        let tree = page.ariaTree
        let nodes = page.tree.nodes
        return tree.elements.compactMap { node in
            guard nodes[node].has("role") || nodes[node].name == "img", tree.isHTMLOrSVGElement(node), !tree.hidden[node] else { return nil }
            let explicit = tree.explicitRole(of: node)
            let marked = explicit == "none" || explicit == "presentation"
                || (explicit == nil && nodes[node].name == "img" && nodes[node].attribute("alt") == "")
            guard marked, let role = tree.role(of: node), role != "none", role != "presentation" else { return nil }
            let why = tree.focus.focusable[node]
                ? LocalizedText(nb: "kan få fokus", en: "can take focus")
                : LocalizedText(nb: "har et aria-attributt", en: "has an aria attribute")
            return .init(node: node, message: LocalizedText(
                nb: "<\(page.name(of: node))> er merket som pynt, men \(why.nb), og blir derfor lest opp som \(role). Fjern aria-attributtet og tabindex hvis det er pynt, eller gi det en tekst og fjern pyntmerket.",
                en: "<\(page.name(of: node))> is marked as decorative, but \(why.en), and is therefore exposed as \(role). Remove the aria attribute and tabindex if it is decoration, or give it a text and remove the decorative marking."))
        }
    }
}
