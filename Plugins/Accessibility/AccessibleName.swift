import AllmenningCore
import Foundation

/// An element's accessible name, as the W3C "Accessible Name and Description Computation 1.2"
/// (accname) and the HTML Accessibility API Mappings (HTML-AAM) compute it, for everything a
/// static checker can decide. What it cannot know: CSS `::before`/`::after` content (style
/// sheets are not applied, so generated text never counts), hiding by style sheets and
/// classes (only `hidden`, `aria-hidden` and inline `style` are read), and values a script
/// sets. Such a name may therefore be empty here where a browser finds generated text.
public struct AccessibleName: Sendable, Equatable {
    /// Flattened (runs of whitespace are one space) and trimmed, as accname returns it.
    public var text: String
    /// The name is a browser's built-in wording ("Submit", "Reset", "Submit Query"), not
    /// anything the author wrote.
    public var isBrowserDefault: Bool

    public var isEmpty: Bool { text.isEmpty }
}

/// Accessible names of the elements of one page, with what the computation looks up again and
/// again (ids, labels) indexed once: rules that name many elements use one of these.
public struct PageNames: Sendable {
    public let page: Page
    /// The first element with each id, as `getElementById` finds it.
    var firstElementByID: [String: Int] { page.idIndex.firstElementByID }
    /// The label elements with each `for` value, in document order.
    private var labelsByFor: [String: [Int]] { page.idIndex.labelsByFor }

    public init(_ page: Page) {
        self.page = page
    }

    /// The accessible name of `node` (accname 1.2 with HTML-AAM), "" when it has none.
    public func accessibleName(of node: Int) -> String { nameComputation(of: node).text }

    /// The accessible name of `node`, and whether it is only the browser's default wording.
    public func nameComputation(of node: Int) -> AccessibleName {
        let tree = page.tree
        guard tree[node].kind == .element else { return AccessibleName(text: page.flatten(tree[node].text), isBrowserDefault: false) }
        // accname step 1: some roles cannot be named at all.
        if let role = page.semanticRole(of: node), NamingData.namingProhibitedRoles.contains(role) {
            return AccessibleName(text: "", isBrowserDefault: false)
        }
        var walker = NameWalker(names: self, root: node)
        let result = walker.root()
        return AccessibleName(text: page.flatten(result.text), isBrowserDefault: result.isDefault)
    }

    /// The `label` elements that label `node` (HTML §4.10.4), in document order: those whose
    /// `for` names it (when it is the first element with that id), and any around it without
    /// `for` in which it is the first labelable element.
    public func labels(of node: Int) -> [Int] {
        let tree = page.tree
        guard page.isLabelable(node) else { return [] }
        var result: [Int] = []
        if let id = tree[node].attribute("id"), firstElementByID[id] == node { result += labelsByFor[id] ?? [] }
        for ancestor in tree.ancestors(of: node) where tree[ancestor].name == "label" && !tree[ancestor].has("for") {
            if tree.descendants(of: ancestor).first(where: { page.isLabelable($0) }) == node { result.append(ancestor) }
        }
        return Array(Set(result)).sorted()
    }
}

extension Page {
    /// The accessible name of `node` (accname 1.2 with HTML-AAM), "" when it has none. To name
    /// many elements of a page, use one `PageNames`.
    public func accessibleName(of node: Int) -> String { PageNames(self).accessibleName(of: node) }

    /// The accessible name of `node`, and whether it is only the browser's default wording.
    public func nameComputation(of node: Int) -> AccessibleName { PageNames(self).nameComputation(of: node) }

    /// The label elements that label `node`.
    public func labels(of node: Int) -> [Int] { PageNames(self).labels(of: node) }

    /// The element has `aria-label` or `aria-labelledby`: its name is the author's words, not
    /// (only) its content.
    public func hasNamingAttribute(_ node: Int) -> Bool {
        tree[node].has("aria-label") || tree[node].has("aria-labelledby")
    }

    /// The text a sighted user sees in the element: text nodes that are rendered, not `alt` or
    /// `title` (those are text alternatives, not visible text), flattened and trimmed. Elements
    /// for which `skip` is true (text drawn as pictures, say) are left out with their content.
    public func visibleText(of node: Int, skipping skip: (Int) -> Bool = { _ in false }) -> String {
        if skip(node) { return "" }
        var pieces: [String] = []
        // nil stands for the space after a block element's content.
        var stack: [Int?] = tree[node].children.reversed()
        while let next = stack.popLast() {
            guard let next else {
                pieces.append(" ")
                continue
            }
            let current = tree[next]
            if current.kind == .text {
                pieces.append(current.text)
                continue
            }
            if NameWalker.neverRendered(current, in: tree) || Self.hidesRendering(current) || skip(next) { continue }
            let block = NameWalker.blockElements.contains(current.name)
            if block {
                pieces.append(" ")
                stack.append(nil)
            }
            if NameWalker.contentNotRendered.contains(current.name) { continue }
            stack.append(contentsOf: current.children.reversed().map { Optional($0) })
        }
        return flatten(pieces.joined())
    }

    // MARK: Roles as assistive technology sees them

    /// The first token of `role` that is a WAI-ARIA or DPUB-ARIA role (`doc-biblioref` counts
    /// here, unlike in `explicitRole`).
    func explicitRoleToken(of node: Int) -> String? { roleTokens[node]?.ariaOrDPUB }

    /// The role the element has in the accessibility tree: its explicit role, except that
    /// `none`/`presentation` is ignored on an element that is focusable or has a global ARIA
    /// attribute (WAI-ARIA 1.2 §9.1, presentational roles conflict resolution), else its
    /// implicit role.
    public func semanticRole(of node: Int) -> String? {
        guard tree[node].kind == .element else { return nil }
        guard let explicit = explicitRoleToken(of: node) else { return implicitRole(of: node) }
        if explicit == "none" || explicit == "presentation" {
            if isFocusable(node) || hasGlobalARIAAttribute(node) { return implicitRole(of: node) }
        }
        return explicit
    }

    /// A role that is `link` or inherits from it (the DPUB-ARIA references).
    func isLinkRole(_ role: String?) -> Bool {
        guard let role else { return false }
        return role == "link" || NamingData.linkSubclassRoles.contains(role)
    }

    /// Marked as decorative: an explicit role of `none` or `presentation`, whatever the
    /// conflict resolution makes of it (ACT's "marked as decorative").
    func isMarkedDecorative(_ node: Int) -> Bool {
        let role = explicitRoleToken(of: node)
        return role == "none" || role == "presentation"
    }

    func hasGlobalARIAAttribute(_ node: Int) -> Bool {
        tree[node].attributes.contains { NamingData.globalAttributes.contains($0.name) }
    }

    /// The summary element that is its details element's disclosure control: the first summary
    /// child of a details element.
    func isDetailsSummary(_ node: Int) -> Bool {
        guard tree[node].name == "summary", let parent = tree[node].parent, tree[parent].name == "details" else { return false }
        return tree[parent].children.first { tree[$0].kind == .element && tree[$0].name == "summary" } == node
    }

    func isLabelable(_ node: Int) -> Bool {
        let element = tree[node]
        guard element.kind == .element, NamingData.labelableElements.contains(element.name) else { return false }
        return !(element.name == "input" && element.attribute("type")?.lowercased() == "hidden")
    }

    /// HTML's rules for parsing integers: leading ASCII whitespace, a sign, digits; the rest
    /// ignored.
    static func htmlInteger(_ text: String) -> Int? {
        // ARIAData.asciiWhitespace holds "\r\n" too: Swift reads CR LF as one character.
        var rest = Substring(text).drop { ARIAData.asciiWhitespace.contains($0) }
        var sign = 1
        if let first = rest.first, first == "-" || first == "+" {
            if first == "-" { sign = -1 }
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        // A number too long for Int keeps its sign, which is all a tabindex or a span needs.
        return (Int(digits) ?? Int.max) * sign
    }

    /// The element's own markup hides it from assistive technology (its ancestors aside): the
    /// same tests as `isHiddenFromAssistiveTechnology`, for one element.
    static func hidesFromAssistiveTechnology(_ element: HTMLTree.Node) -> Bool {
        hidesRendering(element) || setsAriaHidden(element)
    }

    /// `aria-hidden="true"` on the element itself.
    static func setsAriaHidden(_ element: HTMLTree.Node) -> Bool {
        element.attribute("aria-hidden")?.trimmingCharacters(in: .whitespaces).lowercased() == "true"
    }

    /// The element's own markup keeps it from being rendered: the test `isNotRendered` applies
    /// to each ancestor, for one element.
    static func hidesRendering(_ element: HTMLTree.Node) -> Bool {
        if ["head", "template", "script", "style", "noscript"].contains(element.name) || element.has("hidden") { return true }
        guard let style = element.attribute("style") else { return false }
        let compact = style.lowercased().filter { $0 != " " }
        return compact.contains("display:none") || compact.contains("visibility:hidden")
    }

    func flatten(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// One run of the name computation: the root, and the nodes already consulted (accname:
/// "each node in the subtree is consulted only once"), which also ends every cycle through
/// aria-labelledby, label elements or content.
private struct NameWalker {
    let names: PageNames
    let rootNode: Int
    var visited: Set<Int> = []
    /// Nested references (aria-labelledby, labels, legends …) being followed; bounded so that a
    /// hostile page cannot exhaust the stack.
    var depth = 0
    static let maximumDepth = 32

    init(names: PageNames, root: Int) {
        self.names = names
        self.rootNode = root
    }

    struct Context {
        /// Inside an aria-labelledby traversal: aria-labelledby is not followed again.
        var inLabelledBy = false
        /// The traversal started at a hidden node (a hidden element referenced by
        /// aria-labelledby, a hidden label): hidden descendants count too.
        var includesHidden = false
    }

    struct Result {
        var text: String
        var isDefault = false
    }

    private var page: Page { names.page }
    private var tree: HTMLTree { names.page.tree }

    // MARK: The root

    mutating func root() -> Result {
        visited.insert(rootNode)
        if let own = authorOrNative(rootNode, Context(), isRoot: true), !own.text.isEmpty { return own }
        if allowsNameFromContent(rootNode) {
            let content = contentText(of: rootNode, Context())
            if !content.isBlank { return Result(text: content) }
        }
        return tooltip(rootNode, isRoot: true) ?? Result(text: "")
    }

    /// The root's role allows name from content (WAI-ARIA), or HTML-AAM names the element from
    /// its subtree whatever its role (summary; label-like elements).
    private func allowsNameFromContent(_ node: Int) -> Bool {
        if let role = page.semanticRole(of: node), NamingData.nameFromContentRoles.contains(role) { return true }
        return ["summary", "label", "legend", "caption", "figcaption", "option"].contains(tree[node].name)
    }

    // MARK: Steps 2B–2E

    /// The name from aria-labelledby, an embedded control's value, aria-label, or the host
    /// language's label, in that order; nil when none of them gives one (the computation goes
    /// on with content and the tooltip).
    private mutating func authorOrNative(_ node: Int, _ context: Context, isRoot: Bool) -> Result? {
        let element = tree[node]
        // 2B LabelledBy.
        if !context.inLabelledBy, let ids = element.attribute("aria-labelledby") {
            let targets = ids.split(whereSeparator: \.isWhitespace).compactMap { names.firstElementByID[String($0)] }
            if !targets.isEmpty {
                var parts: [String] = []
                for target in targets {
                    // An element may name itself by its own id (accname example 5): it is
                    // then computed without its aria-labelledby.
                    if target != rootNode && visited.contains(target) { continue }
                    visited.insert(target)
                    let hidden = page.isHiddenFromAssistiveTechnology(target)
                    parts.append(referenced(target, Context(inLabelledBy: true, includesHidden: hidden), isRoot: target == rootNode))
                }
                let text = parts.joined(separator: " ")
                if !text.isBlank { return Result(text: text) }
            }
        }
        // 2C Embedded control: inside another element's name, a control stands for its value.
        if !isRoot, let value = embeddedControlValue(node) { return Result(text: value) }
        // 2D AriaLabel.
        if let label = element.attribute("aria-label"), !label.isBlank { return Result(text: label) }
        // 2E Host language label, unless the element is presentational.
        if isPresentational(node) { return nil }
        return native(node, context)
    }

    /// What HTML (or SVG) itself offers as the element's label (HTML-AAM §4.1).
    private mutating func native(_ node: Int, _ context: Context) -> Result? {
        let element = tree[node]
        switch element.name {
        case "img", "area":
            if let alt = element.attribute("alt"), !alt.isBlank { return Result(text: alt) }
        case "input":
            let type = (element.attribute("type") ?? "text").lowercased()
            if let text = labelText(node, context) { return Result(text: text) }
            switch type {
            case "image":
                if let alt = element.attribute("alt"), !alt.isBlank { return Result(text: alt) }
            case "button", "submit", "reset":
                if let value = element.attribute("value") {
                    if !value.isBlank { return Result(text: value) }
                } else if type != "button" {
                    return Result(text: type == "submit" ? "Submit" : "Reset", isDefault: true)
                }
            default: break
            }
        case "button", "select", "textarea", "meter", "output", "progress":
            if let text = labelText(node, context) { return Result(text: text) }
        case "fieldset":
            return firstChild(named: "legend", of: node).flatMap { textAlternativeElement($0, context) }
        case "figure":
            return firstChild(named: "figcaption", of: node).flatMap { textAlternativeElement($0, context) }
        case "table":
            return firstChild(named: "caption", of: node).flatMap { textAlternativeElement($0, context) }
        case "optgroup", "option":
            if let label = element.attribute("label"), !label.isBlank { return Result(text: label) }
        default:
            break
        }
        // SVG-AAM: an SVG element is named by its title child.
        if let title = firstChild(named: "title", of: node), page.isSVGElement(node) {
            let text = tree.textContent(of: title)
            if !text.isBlank { return Result(text: text) }
        }
        return nil
    }

    /// The text of the labels of a labelable element, joined in document order.
    private mutating func labelText(_ node: Int, _ context: Context) -> String? {
        var parts: [String] = []
        for label in names.labels(of: node) where !visited.contains(label) {
            visited.insert(label)
            var labelContext = context
            labelContext.includesHidden = page.isHiddenFromAssistiveTechnology(label)
            parts.append(referenced(label, labelContext, isRoot: false))
        }
        let text = parts.joined(separator: " ")
        return text.isBlank ? nil : text
    }

    /// A legend, caption or figcaption naming its parent: its own computed text.
    private mutating func textAlternativeElement(_ node: Int, _ context: Context) -> Result? {
        guard !visited.contains(node) else { return nil }
        visited.insert(node)
        var own = context
        own.includesHidden = page.isHiddenFromAssistiveTechnology(node)
        let text = referenced(node, own, isRoot: false)
        return text.isBlank ? nil : Result(text: text)
    }

    /// The text alternative of a node reached through a reference (aria-labelledby, label,
    /// legend …): its own name if it has one, else its content (accname 2F applies to any
    /// referenced node), else its tooltip.
    private mutating func referenced(_ node: Int, _ context: Context, isRoot: Bool) -> String {
        guard depth < Self.maximumDepth else { return "" }
        depth += 1
        defer { depth -= 1 }
        if tree[node].kind == .text { return tree[node].text }
        // An SVG title or desc referenced by id is text meant for this; code is not.
        if ["script", "style", "template"].contains(tree[node].name) { return "" }
        if let own = authorOrNative(node, context, isRoot: isRoot), !own.text.isBlank { return own.text }
        let content = contentText(of: node, context)
        if !content.isBlank { return content }
        return tooltip(node, isRoot: false)?.text ?? ""
    }

    // MARK: Step 2F–2I: content

    /// The names of the node's children, joined (accname 2F.iii), without recursion on the
    /// call stack: deeply nested pages are walked with an explicit stack.
    private mutating func contentText(of node: Int, _ context: Context) -> String {
        enum Step {
            case enter(Int, parentHidden: Bool)
            case exit(Int, nonBlankBefore: Int, block: Bool)
        }
        var pieces: [String] = []
        var nonBlankPieces = 0
        func append(_ text: String) {
            pieces.append(text)
            if !text.allSatisfy(\.isWhitespace) { nonBlankPieces += 1 }
        }
        if Self.contentNotRendered.contains(tree[node].name) { return "" }
        var stack: [Step] = tree[node].children.reversed().map { .enter($0, parentHidden: false) }
        while let step = stack.popLast() {
            switch step {
            case let .exit(element, nonBlankBefore, block):
                // 2I Tooltip: only when the content gave nothing.
                if nonBlankPieces == nonBlankBefore, let title = tooltip(element, isRoot: false) { append(" \(title.text) ") }
                if block { append(" ") }
            case let .enter(child, parentHidden):
                let current = tree[child]
                if current.kind == .text {
                    if !parentHidden || context.includesHidden { append(current.text) }
                    continue
                }
                if Self.neverRendered(current, in: tree) { continue }
                let hidden = parentHidden || Page.hidesFromAssistiveTechnology(current)
                // 2A Hidden not referenced.
                if hidden && !context.includesHidden { continue }
                guard !visited.contains(child) else { continue }
                visited.insert(child)
                if let own = authorOrNative(child, context, isRoot: false) {
                    append(" \(own.text) ")
                    continue
                }
                let block = Self.blockElements.contains(current.name)
                if current.children.isEmpty || Self.contentNotRendered.contains(current.name) {
                    if let title = tooltip(child, isRoot: false) { append(" \(title.text) ") } else if block { append(" ") }
                    continue
                }
                // 2H Recursive name from content: any element inside a name contributes its
                // content, whatever its role.
                if block { append(" ") }
                stack.append(.exit(child, nonBlankBefore: nonBlankPieces, block: block))
                stack.append(contentsOf: current.children.reversed().map { .enter($0, parentHidden: hidden) })
            }
        }
        return pieces.joined()
    }

    /// accname 2I, with HTML-AAM's additions: the title attribute; for text fields the
    /// placeholder after it; for an image button the browser's "Submit Query".
    private func tooltip(_ node: Int, isRoot: Bool) -> Result? {
        let element = tree[node]
        if let title = element.attribute("title"), !title.isBlank, !page.isSVGElement(node) { return Result(text: title) }
        let type = (element.attribute("type") ?? "text").lowercased()
        let isTextField = element.name == "textarea"
            || (element.name == "input" && ["text", "search", "tel", "url", "email", "password", "number"].contains(type))
        if isTextField, let placeholder = element.attribute("placeholder") ?? element.attribute("aria-placeholder"), !placeholder.isBlank {
            return Result(text: placeholder)
        }
        if isRoot, element.name == "input", type == "image" { return Result(text: "Submit Query", isDefault: true) }
        return nil
    }

    // MARK: Embedded controls

    /// accname 2C: the value a textbox, combobox, listbox or range shows, when it sits inside
    /// another element's name; nil for anything else.
    private mutating func embeddedControlValue(_ node: Int) -> String? {
        let element = tree[node]
        // Only form controls and elements with a role can be controls; skip the role lookup
        // for everything else.
        guard ["input", "select", "textarea"].contains(element.name) || element.has("role") else { return nil }
        guard let role = page.semanticRole(of: node), NamingData.embeddedControlRoles.contains(role) else { return nil }
        switch role {
        case "textbox", "searchbox":
            if element.name == "input" { return element.attribute("value") ?? "" }
            return tree.textContent(of: node)
        case "combobox", "listbox":
            if element.name == "select" { return selectedOptions(of: node).map(optionText).joined(separator: " ") }
            if element.name == "input" { return element.attribute("value") ?? "" }
            let selected = tree.descendants(of: node).filter {
                page.semanticRole(of: $0) == "option" && tree[$0].attribute("aria-selected")?.lowercased() == "true"
            }
            return selected.map(optionText).joined(separator: " ")
        default:
            return element.attribute("aria-valuetext") ?? element.attribute("aria-valuenow") ?? element.attribute("value") ?? ""
        }
    }

    /// The options a select shows as chosen: those marked selected, else (a drop-down, which
    /// always shows one) its first option.
    private func selectedOptions(of select: Int) -> [Int] {
        let options = tree.descendants(of: select).filter { tree[$0].kind == .element && tree[$0].name == "option" }
        let selected = options.filter { tree[$0].has("selected") }
        if !selected.isEmpty { return tree[select].has("multiple") ? selected : [selected.last!] }
        let isDropDown = !tree[select].has("multiple") && (Page.htmlInteger(tree[select].attribute("size") ?? "") ?? 1) <= 1
        return isDropDown ? Array(options.prefix(1)) : []
    }

    private func optionText(_ option: Int) -> String {
        if let label = tree[option].attribute("aria-label"), !label.isBlank { return label }
        if let label = tree[option].attribute("label"), !label.isBlank { return label }
        return tree.textContent(of: option)
    }

    // MARK: Helpers

    /// Exposed as presentational: an explicit none/presentation the conflict resolution keeps,
    /// or an img with alt="" (accname 2E). Asked of every element in a name, so the role is
    /// only worked out when one of these can apply.
    private func isPresentational(_ node: Int) -> Bool {
        let element = tree[node]
        if element.name == "img", element.attribute("alt") == "", !element.has("role") { return true }
        guard element.has("role") else { return false }
        let role = page.semanticRole(of: node)
        return role == "none" || role == "presentation"
    }

    private func firstChild(named name: String, of node: Int) -> Int? {
        tree[node].children.first { tree[$0].kind == .element && tree[$0].name == name }
    }

    /// Never part of any name: scripts, styles, templates, and an SVG's title and description
    /// (they are its name and description, not its content).
    static func neverRendered(_ element: HTMLTree.Node, in tree: HTMLTree) -> Bool {
        if ["script", "style", "template", "noscript", "head"].contains(element.name) { return true }
        if element.name == "title" || element.name == "desc", let parent = element.parent {
            return tree[parent].name != "head" && tree[parent].name != "html"
        }
        return false
    }

    /// Elements whose children are fallback content a browser does not render.
    static let contentNotRendered: Set<String> = ["iframe", "video", "audio", "canvas", "select", "textarea"]

    /// Elements a browser lays out as blocks (or line breaks): their text is a separate word.
    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
        "legend", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul",
    ]
}
