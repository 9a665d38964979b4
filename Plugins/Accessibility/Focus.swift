import AllmenningCore
import Foundation

/// What an element inherits from its ancestors that decides whether it can take focus.
struct FocusInheritance: Sendable {
    /// It or an ancestor is not rendered (hidden, display: none, visibility: hidden, inside
    /// head or template, a closed dialog, the content of a closed details).
    var notRendered = false
    /// It or an ancestor is `inert`.
    var inert = false
    /// It is inside a disabled fieldset, and not inside that fieldset's first legend.
    var inDisabledFieldset = false
}

/// Focusability of every node of a page, computed in one pass.
struct FocusStates: Sendable {
    var inheritance: [FocusInheritance]
    /// Focusable (HTML: a focusable area, or a valid tabindex), per node index.
    var focusable: [Bool]
    /// In sequential focus navigation (reached with the Tab key), per node index.
    var sequential: [Bool]
}

extension Page {
    /// The element's tabindex value by HTML's rules for parsing integers ("2x" is 2, "x" is
    /// nothing); nil without a tabindex or with one that does not parse.
    public func tabindexValue(of node: Int) -> Int? {
        FocusRules.tabindexValue(tree.nodes[node])
    }

    /// The element can take focus: it is rendered, not inert and not disabled, and it is
    /// focusable by nature (a link, a form control, a summary, an iframe, an editable region,
    /// audio or video with controls) or has a tabindex.
    public func isFocusable(_ node: Int) -> Bool {
        let nodes = tree.nodes
        guard nodes[node].kind == .element else { return false }
        var state: FocusInheritance?
        for index in tree.ancestors(of: node).reversed() + [node] {
            state = FocusRules.inheritance(of: index, parent: state, in: nodes)
        }
        return FocusRules.isFocusable(node, inheriting: state ?? FocusInheritance(), in: nodes)
    }

    /// The element is focusable and reached with the Tab key: its tabindex, if any, is not
    /// negative.
    public func isInSequentialFocusNavigation(_ node: Int) -> Bool {
        isFocusable(node) && (tabindexValue(of: node) ?? 0) >= 0
    }

    /// Focusability of every node at once, in one pass over the tree (parents come before
    /// their children in it), for rules that ask about every element.
    func focusStates() -> FocusStates {
        let nodes = tree.nodes
        var inheritance: [FocusInheritance] = []
        inheritance.reserveCapacity(nodes.count)
        var focusable = [Bool](repeating: false, count: nodes.count)
        var sequential = focusable
        for node in nodes.indices {
            let state = FocusRules.inheritance(of: node, parent: nodes[node].parent.map { inheritance[$0] }, in: nodes)
            inheritance.append(state)
            guard nodes[node].kind == .element, FocusRules.isFocusable(node, inheriting: state, in: nodes) else { continue }
            focusable[node] = true
            sequential[node] = (FocusRules.tabindexValue(nodes[node]) ?? 0) >= 0
        }
        return FocusStates(inheritance: inheritance, focusable: focusable, sequential: sequential)
    }
}

/// HTML's focus rules over the flat node array (read in place: hot loops call these for every
/// node).
enum FocusRules {
    static func tabindexValue(_ element: HTMLTree.Node) -> Int? {
        element.attribute("tabindex").flatMap(Page.htmlInteger)
    }

    static func inheritance(of node: Int, parent: FocusInheritance?, in nodes: [HTMLTree.Node]) -> FocusInheritance {
        var state = parent ?? FocusInheritance()
        guard nodes[node].kind == .element else { return state }
        if rendersNothingItself(node, in: nodes) { state.notRendered = true }
        if nodes[node].has("inert") { state.inert = true }
        if let container = nodes[node].parent, nodes[container].name == "fieldset", nodes[container].has("disabled"),
           firstChild(named: "legend", of: container, in: nodes) != node {
            state.inDisabledFieldset = true
        }
        return state
    }

    static func isFocusable(_ node: Int, inheriting state: FocusInheritance, in nodes: [HTMLTree.Node]) -> Bool {
        if state.notRendered || state.inert { return false }
        if disableableElements.contains(nodes[node].name), nodes[node].has("disabled") || state.inDisabledFieldset { return false }
        return tabindexValue(nodes[node]) != nil || isFocusableByNature(node, in: nodes)
    }

    /// Elements the disabled attribute (or a disabled fieldset) takes focus from.
    private static let disableableElements: Set<String> = ["button", "input", "select", "textarea", "optgroup", "option", "fieldset"]

    private static func isFocusableByNature(_ node: Int, in nodes: [HTMLTree.Node]) -> Bool {
        if let editable = nodes[node].attribute("contenteditable"), ["", "true", "plaintext-only"].contains(editable.lowercased()) {
            return true
        }
        switch nodes[node].name {
        case "a", "area": return nodes[node].has("href")
        case "button", "select", "textarea", "iframe", "embed": return true
        case "input": return (nodes[node].attribute("type") ?? "").lowercased() != "hidden"
        case "summary":
            guard let parent = nodes[node].parent else { return false }
            return nodes[parent].name == "details" && firstChild(named: "summary", of: parent, in: nodes) == node
        case "audio", "video": return nodes[node].has("controls")
        default: return false
        }
    }

    /// The element itself is not rendered, whatever its ancestors: the same signals as
    /// `Page.isNotRendered`, a closed dialog, a hidden input, and the content of a closed
    /// details (but its summary).
    static func rendersNothingItself(_ node: Int, in nodes: [HTMLTree.Node]) -> Bool {
        guard nodes[node].kind == .element else { return false }
        let name = nodes[node].name
        if neverRendered.contains(name) || nodes[node].has("hidden") { return true }
        // The user agent style sheet hides these: dialog:not([open]), input[type=hidden].
        if name == "dialog", !nodes[node].has("open") { return true }
        if name == "input", (nodes[node].attribute("type") ?? "").lowercased() == "hidden" { return true }
        if let style = nodes[node].attribute("style") {
            let compact = style.lowercased().replacingOccurrences(of: " ", with: "")
            if compact.contains("display:none") || compact.contains("visibility:hidden") { return true }
        }
        if let container = nodes[node].parent, nodes[container].name == "details", !nodes[container].has("open"),
           firstChild(named: "summary", of: container, in: nodes) != node {
            return true
        }
        return false
    }

    private static let neverRendered: Set<String> = ["head", "template", "script", "style", "noscript"]

    private static func firstChild(named name: String, of node: Int, in nodes: [HTMLTree.Node]) -> Int? {
        nodes[node].children.first { nodes[$0].kind == .element && nodes[$0].name == name }
    }
}
