import AllmenningCore
import Foundation

/// A page as the accessibility tree sees it, computed once for the ARIA rules: which elements
/// are hidden, each element's semantic role (presentational roles conflict resolution
/// applied), which element `aria-owns` which, and each element's children and parent in the
/// accessibility tree. Everything is computed in passes over the flat node array, never by
/// walking every element's ancestors, so that deeply nested pages stay linear.
struct ARIATree {
    let page: Page
    let focus: FocusStates
    /// The element indices, in document order.
    let elements: [Int]
    /// Programmatically hidden: not rendered, or under `aria-hidden="true"`.
    let hidden: [Bool]
    /// Inside a MathML `math` element: not an HTML or SVG element.
    let inMathML: [Bool]
    /// The explicit role per node (`Page.explicitRole`), looked up once.
    private(set) var explicitRoles: [String?]
    /// The semantic role per node; nil for text and for elements without any role.
    private(set) var roles: [String?]
    /// Element → the element whose `aria-owns` takes it (the first in document order).
    let ariaOwner: [Int: Int]
    /// Element → the elements its `aria-owns` takes, in document order.
    let ariaOwned: [Int: [Int]]

    init(page: Page) {
        self.page = page
        let nodes = page.tree.nodes
        let focus = page.focusStates()
        self.focus = focus
        elements = nodes.indices.filter { nodes[$0].kind == .element }
        var hidden = [Bool](repeating: false, count: nodes.count)
        var inMathML = hidden
        for node in nodes.indices {
            let parent = nodes[node].parent
            hidden[node] = (parent.map { hidden[$0] } ?? false) || focus.inheritance[node].notRendered
                || (nodes[node].kind == .element && ARIATree.isTrue(nodes[node].attribute("aria-hidden")))
            inMathML[node] = (parent.map { inMathML[$0] } ?? false) || nodes[node].name == "math"
        }
        self.hidden = hidden
        self.inMathML = inMathML

        var ids: [String: Int] = [:]
        for node in elements {
            if let id = nodes[node].attribute("id"), ids[id] == nil { ids[id] = node }
        }
        var owner: [Int: Int] = [:]
        for node in elements {
            guard let value = nodes[node].attribute("aria-owns") else { continue }
            for id in ARIAData.tokens(of: value) {
                // An element cannot own itself or one of its ancestors (that would be a cycle).
                guard let target = ids[id], target != node, owner[target] == nil,
                      !page.tree.ancestors(of: node).contains(target) else { continue }
                owner[target] = node
            }
        }
        ariaOwner = owner
        ariaOwned = Dictionary(grouping: owner.sorted { $0.key < $1.key }, by: \.value).mapValues { $0.map(\.key) }

        explicitRoles = [String?](repeating: nil, count: nodes.count)
        roles = explicitRoles
        for node in elements where nodes[node].has("role") {
            explicitRoles[node] = page.explicitRole(of: node)
        }
        for node in elements {
            roles[node] = computeRole(node, in: nodes)
        }
    }

    static func isTrue(_ value: String?) -> Bool {
        value?.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() == "true"
    }

    func role(of node: Int) -> String? { roles[node] }

    func explicitRole(of node: Int) -> String? { explicitRoles[node] }

    /// An HTML or SVG element (not MathML, not text).
    func isHTMLOrSVGElement(_ node: Int) -> Bool {
        page.tree.nodes[node].kind == .element && !inMathML[node]
    }

    // MARK: Semantic roles

    /// HTML elements HTML-AAM maps to the generic role (when `implicitRole` gives them none).
    static let genericElements: Set<String> = ["a", "area", "b", "bdi", "bdo", "body", "data", "div", "footer", "header", "i",
                                               "pre", "q", "samp", "small", "span", "u"]

    /// A global state or property with a value: it makes a presentational element exposed.
    func hasGlobalARIAAttribute(_ node: Int) -> Bool {
        page.tree.nodes[node].attributes.contains { attribute in
            attribute.name.hasPrefix("aria-") &&
            (ARIAData.attributes[attribute.name]?.isGlobal ?? false)
                && !attribute.value.isBlank
        }
    }

    /// The role HTML gives the element, with `generic` for the elements HTML-AAM maps to it,
    /// and `img` for an image with alt="" (its presentation role is what conflict resolution
    /// takes away).
    private func nativeRole(_ node: Int, in nodes: [HTMLTree.Node]) -> String? {
        let name = nodes[node].name
        if name == "img" { return "img" }
        if let implicit = page.implicitRole(of: node) { return implicit }
        return Self.genericElements.contains(name) ? "generic" : nil
    }

    /// Presentational roles conflict resolution (WAI-ARIA 1.2, 9.3): a focusable element, or
    /// one with a global state or property, keeps its native role whatever marks it
    /// presentational.
    private func resistsPresentation(_ node: Int) -> Bool {
        focus.focusable[node] || hasGlobalARIAAttribute(node)
    }

    private func computeRole(_ node: Int, in nodes: [HTMLTree.Node]) -> String? {
        if let explicit = explicitRoles[node] {
            if explicit == "none" || explicit == "presentation" {
                return resistsPresentation(node) ? nativeRole(node, in: nodes) : explicit
            }
            return explicit
        }
        if inheritsPresentation(node, in: nodes) { return resistsPresentation(node) ? nativeRole(node, in: nodes) : "none" }
        if nodes[node].name == "img", nodes[node].attribute("alt") == "" {
            return resistsPresentation(node) ? "img" : "presentation"
        }
        return nativeRole(node, in: nodes)
    }

    /// The owned elements of a presentational list or table (its items, rows and cells) are
    /// presentational too, unless they have a role of their own (WAI-ARIA 1.2, none role).
    private func inheritsPresentation(_ node: Int, in nodes: [HTMLTree.Node]) -> Bool {
        guard let parent = nodes[node].parent, roles[parent] == "none" || roles[parent] == "presentation" else { return false }
        switch nodes[node].name {
        case "li": return ["ul", "ol", "menu"].contains(nodes[parent].name)
        case "thead", "tbody", "tfoot", "tr", "td", "th", "caption":
            return ["table", "thead", "tbody", "tfoot", "tr"].contains(nodes[parent].name)
        default: return false
        }
    }

    // MARK: The accessibility tree

    /// The element is a node of the accessibility tree: not hidden, not presentational, and
    /// not a generic wrapper with nothing to say (no global ARIA attribute, not focusable).
    func isIncluded(_ node: Int) -> Bool {
        guard isHTMLOrSVGElement(node), !hidden[node] else { return false }
        switch roles[node] {
        case "none", "presentation": return false
        case nil, "generic": return focus.focusable[node] || hasGlobalARIAAttribute(node)
        default: return true
        }
    }

    /// The element's parent in the accessibility tree: the element that `aria-owns` it, else
    /// its nearest included ancestor (following `aria-owns` of ancestors on the way).
    func accessibilityParent(of node: Int) -> Int? {
        let nodes = page.tree.nodes
        var current = ariaOwner[node] ?? nodes[node].parent
        var steps = 0
        while let candidate = current, steps <= nodes.count {
            if isIncluded(candidate) { return candidate }
            current = ariaOwner[candidate] ?? nodes[candidate].parent
            steps += 1
        }
        return nil
    }

    /// The element's children in the accessibility tree: included elements reached through
    /// its DOM children and its `aria-owns`, looking through elements that are not included;
    /// and whether text that no included element holds sits among them.
    func accessibilityChildren(of node: Int) -> (elements: [Int], text: Bool) {
        let nodes = page.tree.nodes
        var elements: [Int] = []
        var text = false
        var stack: [Int] = []
        stack.append(contentsOf: (ariaOwned[node] ?? []).reversed())
        stack.append(contentsOf: nodes[node].children.reversed())
        var visited = Set<Int>()
        while let next = stack.popLast() {
            guard visited.insert(next).inserted else { continue }
            if nodes[next].kind == .text {
                // A label's text names its control; it is not content of its own.
                if let parent = nodes[next].parent, !hidden[parent], nodes[parent].name != "label",
                   !nodes[next].text.isBlank { text = true }
                continue
            }
            // Taken elsewhere by aria-owns, or hidden: not a child here.
            if let owner = ariaOwner[next], owner != node { continue }
            guard !hidden[next], isHTMLOrSVGElement(next) else { continue }
            if isIncluded(next) {
                elements.append(next)
            } else {
                stack.append(contentsOf: (ariaOwned[next] ?? []).reversed())
                stack.append(contentsOf: nodes[next].children.reversed())
            }
        }
        return (elements, text)
    }
}
