import AllmenningCore
import Foundation

/// One HTML page or rendered Markdown file, with what several rules need to know about its
/// elements: their roles, and whether they are hidden from assistive technology.
public struct Page: Sendable {
    public let path: String
    public let tree: HTMLTree

    public init(path: String, tree: HTMLTree) {
        self.path = path
        self.tree = tree
    }

    /// The page is rendered Markdown, shown by the catalogue inside a page of its own: rules
    /// about the whole page (language, title, viewport) do not apply.
    public var isFragment: Bool { tree.isFragment }

    public var elements: [Int] { tree.elements }

    public func attribute(_ name: String, of node: Int) -> String? { tree[node].attribute(name) }

    public func name(of node: Int) -> String { tree[node].name }

    /// The `html` element of a whole page (nil for a fragment).
    public var htmlElement: Int? {
        guard !isFragment, let root = tree.root, tree[root].name == "html" else { return nil }
        return root
    }

    // MARK: Roles

    /// The element's role: the first token of `role` that is a WAI-ARIA role, else its
    /// implicit role (HTML-AAM), else nil (a generic element).
    public func role(of node: Int) -> String? {
        if let explicit = explicitRole(of: node) { return explicit }
        return implicitRole(of: node)
    }

    /// The first token of `role` that is a known WAI-ARIA role.
    public func explicitRole(of node: Int) -> String? {
        guard let value = attribute("role", of: node) else { return nil }
        return value.lowercased().split(whereSeparator: \.isWhitespace).map(String.init).first { ARIARoles.known.contains($0) }
    }

    /// The role HTML gives the element without a `role` attribute (HTML-AAM), for the
    /// elements static checks meet.
    public func implicitRole(of node: Int) -> String? {
        let element = tree[node]
        switch element.name {
        case "a", "area": return element.has("href") ? "link" : nil
        case "article": return "article"
        case "aside": return "complementary"
        case "button": return "button"
        case "datalist": return "listbox"
        case "details": return "group"
        case "dialog": return "dialog"
        case "fieldset": return "group"
        case "figure": return "figure"
        case "footer": return hasSectioningAncestor(node) ? nil : "contentinfo"
        case "form": return "form"
        case "h1", "h2", "h3", "h4", "h5", "h6": return "heading"
        case "header": return hasSectioningAncestor(node) ? nil : "banner"
        case "hr": return "separator"
        case "img":
            if let alt = element.attribute("alt"), alt.isEmpty { return "presentation" }
            return "img"
        case "input": return inputRole(node)
        case "li": return "listitem"
        case "main": return "main"
        case "math": return "math"
        case "menu", "ol", "ul": return "list"
        case "nav": return "navigation"
        case "option": return "option"
        case "output": return "status"
        case "progress": return "progressbar"
        // A section is a region landmark only when it has a name (HTML-AAM).
        case "section": return ["aria-label", "aria-labelledby", "title"].contains { !(element.attribute($0) ?? "").trimmingCharacters(in: .whitespaces).isEmpty } ? "region" : nil
        case "select": return element.has("multiple") || (Int(element.attribute("size") ?? "") ?? 0) > 1 ? "listbox" : "combobox"
        case "summary": return "button"
        case "table": return "table"
        case "tbody", "thead", "tfoot": return "rowgroup"
        case "td": return isInGrid(node) ? "gridcell" : "cell"
        case "textarea": return "textbox"
        case "th": return ["row", "rowgroup"].contains((element.attribute("scope") ?? "").lowercased()) ? "rowheader" : "columnheader"
        case "tr": return "row"
        case "dd": return "definition"
        case "blockquote": return "blockquote"
        case "caption": return "caption"
        case "code": return "code"
        case "del": return "deletion"
        case "dfn": return "term"
        case "em": return "emphasis"
        case "ins": return "insertion"
        case "meter": return "meter"
        case "optgroup": return "group"
        case "p": return "paragraph"
        case "search": return "search"
        case "strong": return "strong"
        case "sub": return "subscript"
        case "sup": return "superscript"
        case "time": return "time"
        case "dt": return "term"
        case "svg": return "graphics-document"
        default: return nil
        }
    }

    private func inputRole(_ node: Int) -> String? {
        let type = (attribute("type", of: node) ?? "text").lowercased()
        switch type {
        case "button", "image", "reset", "submit": return "button"
        case "checkbox": return "checkbox"
        case "radio": return "radio"
        case "range": return "slider"
        case "number": return "spinbutton"
        case "search": return attribute("list", of: node) == nil ? "searchbox" : "combobox"
        case "email", "tel", "text", "url": return attribute("list", of: node) == nil ? "textbox" : "combobox"
        case "hidden": return nil
        default: return "textbox"
        }
    }

    /// A table cell of a table with role grid or treegrid is a gridcell (HTML-AAM).
    private func isInGrid(_ node: Int) -> Bool {
        guard let table = tree.ancestors(of: node).first(where: { tree[$0].name == "table" }) else { return false }
        return ["grid", "treegrid"].contains(explicitRole(of: table) ?? "")
    }

    private func hasSectioningAncestor(_ node: Int) -> Bool {
        tree.ancestors(of: node).contains { ["article", "aside", "main", "nav", "section"].contains(tree[$0].name) }
    }

    // MARK: Visibility

    /// Not rendered at all: `hidden`, `display: none` or `visibility: hidden` in its own or an
    /// ancestor's style attribute, or inside an element that never renders (head, template).
    public func isNotRendered(_ node: Int) -> Bool {
        ([node] + tree.ancestors(of: node)).contains { index in
            let element = tree[index]
            guard element.kind == .element else { return false }
            if ["head", "template", "script", "style", "noscript"].contains(element.name) || element.has("hidden") { return true }
            let style = (element.attribute("style") ?? "").lowercased().replacingOccurrences(of: " ", with: "")
            return style.contains("display:none") || style.contains("visibility:hidden")
        }
    }

    /// Hidden from assistive technology: not rendered, or `aria-hidden="true"` on it or an
    /// ancestor.
    public func isHiddenFromAssistiveTechnology(_ node: Int) -> Bool {
        if isNotRendered(node) { return true }
        return ([node] + tree.ancestors(of: node)).contains {
            tree[$0].kind == .element && tree[$0].attribute("aria-hidden")?.trimmingCharacters(in: .whitespaces).lowercased() == "true"
        }
    }
}

/// The roles an author may write: the non-abstract roles of WAI-ARIA 1.2, WAI-ARIA Graphics 1.0
/// and DPUB-ARIA 1.1 (ARIAData.swift): a `role` token outside this set is not a role.
public enum ARIARoles {
    public static let known: Set<String> = ARIAData.concreteRoles
}
