import AllmenningCore
import Foundation

/// One HTML page or rendered Markdown file, with what several rules need to know about its
/// elements: their roles, and whether they are hidden from assistive technology.
public struct Page: Sendable {
    public let path: String
    public let tree: HTMLTree
    private let memo = Memo()

    public init(path: String, tree: HTMLTree) {
        self.path = path
        self.tree = tree
    }

    /// What many rules ask of the same page, worked out on first use and kept with the page:
    /// forty rules each walking the page again cost more than the parse. Only values that do
    /// not hold the page are kept here, so the page is never part of a reference cycle.
    private final class Memo: @unchecked Sendable {
        let lock = NSLock()
        var visibility: Visibility?
        var mediaElements: [MediaElement]?
        var style: PageStyle?
        var ariaTree: ARIATree?
        var roleTokens: [Int: RoleTokens]?
        var idIndex: IDIndex?
    }

    /// What name computation looks up again and again: the first element with each id (as
    /// `getElementById` finds it), and the label elements with each `for` value.
    struct IDIndex {
        var firstElementByID: [String: Int] = [:]
        var labelsByFor: [String: [Int]] = [:]
    }

    var idIndex: IDIndex {
        memoized(\.idIndex) {
            var index = IDIndex()
            for node in tree.nodes.indices where tree[node].kind == .element {
                let element = tree[node]
                if let id = element.attribute("id"), !id.isEmpty, index.firstElementByID[id] == nil { index.firstElementByID[id] = node }
                if element.name == "label", let target = element.attribute("for") { index.labelsByFor[target, default: []].append(node) }
            }
            return index
        }
    }

    /// What an element's `role` attribute names: the first WAI-ARIA role, and the first
    /// WAI-ARIA or DPUB-ARIA role.
    struct RoleTokens {
        var aria: String?
        var ariaOrDPUB: String?
    }

    /// The memoised value at `key`, made by `make` the first time. `make` runs outside the
    /// lock (it may ask for another memoised value); two threads checking one page at once
    /// may both make it, and either result is the same.
    private func memoized<Value>(_ key: ReferenceWritableKeyPath<Memo, Value?>, _ make: () -> Value) -> Value {
        if let value = memo.lock.withLock({ memo[keyPath: key] }) { return value }
        let value = make()
        memo.lock.withLock { memo[keyPath: key] = value }
        return value
    }

    /// Rendering and exposure of every node.
    var visibility: Visibility { memoized(\.visibility) { Visibility(self) } }

    /// Every `video` and `audio` element, in document order, with its sources, tracks and
    /// transcript.
    public func mediaElements() -> [MediaElement] { memoized(\.mediaElements) { findMediaElements() } }

    /// What the style attributes say about every element.
    var style: PageStyle { memoized(\.style) { PageStyle(self) } }

    /// The page as the accessibility tree sees it, for the ARIA rules. The tree keeps a copy
    /// of the page without this memo, so the memo is never kept alive by what it holds.
    var ariaTree: ARIATree { memoized(\.ariaTree) { ARIATree(page: Page(path: path, tree: tree)) } }

    /// The role tokens of every element with a `role` attribute.
    var roleTokens: [Int: RoleTokens] {
        memoized(\.roleTokens) {
            var result: [Int: RoleTokens] = [:]
            for node in tree.nodes.indices where tree[node].kind == .element {
                guard let value = tree[node].attribute("role") else { continue }
                let tokens = value.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
                result[node] = RoleTokens(aria: tokens.first { ARIARoles.known.contains($0) },
                                          ariaOrDPUB: tokens.first { ARIARoles.known.contains($0) || NamingData.dpubRoles.contains($0) })
            }
            return result
        }
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
    public func explicitRole(of node: Int) -> String? { roleTokens[node]?.aria }

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

    /// An element in the SVG namespace. libxml2's HTML parser drops namespaces: that is `svg`,
    /// or an element inside one and not in its `foreignObject`.
    func isSVGElement(_ node: Int) -> Bool {
        if tree[node].name == "svg" { return true }
        for ancestor in tree.ancestors(of: node) {
            if tree[ancestor].name == "foreignobject" { return false }
            if tree[ancestor].name == "svg" { return true }
        }
        return false
    }

    // MARK: Visibility

    /// Not rendered at all: `hidden`, `display: none` or `visibility: hidden` in its own or an
    /// ancestor's style attribute, or inside an element that never renders (head, template).
    public func isNotRendered(_ node: Int) -> Bool { visibility.notRendered[node] }

    /// Hidden from assistive technology: not rendered, or `aria-hidden="true"` on it or an
    /// ancestor.
    public func isHiddenFromAssistiveTechnology(_ node: Int) -> Bool { visibility.hidden[node] }
}

/// The roles an author may write: the non-abstract roles of WAI-ARIA 1.2, WAI-ARIA Graphics 1.0
/// and DPUB-ARIA 1.1 (ARIAData.swift): a `role` token outside this set is not a role.
public enum ARIARoles {
    public static let known: Set<String> = ARIAData.concreteRoles
}
