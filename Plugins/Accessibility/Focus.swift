import AllmenningCore
import Foundation

/// What an element inherits from its ancestors that decides whether it can take focus.
struct FocusInheritance: Sendable {
    /// It or an ancestor is not rendered (hidden, display: none, visibility: hidden, inside
    /// head or template, the content of a closed details or dialog).
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
        guard let raw = attribute("tabindex", of: node) else { return nil }
        var rest = Substring(raw).drop { ARIAData.asciiWhitespace.contains($0) }
        var sign = 1
        if rest.first == "-" {
            sign = -1
            rest = rest.dropFirst()
        } else if rest.first == "+" {
            rest = rest.dropFirst()
        }
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        // A tabindex too long for Int is still a number with a sign, which is all focus needs.
        return (Int(digits) ?? Int.max) * sign
    }

    /// The element can take focus: it is rendered, not inert and not disabled, and it is
    /// focusable by nature (a link, a form control, a summary, an iframe, an editable region,
    /// audio or video with controls) or has a tabindex.
    public func isFocusable(_ node: Int) -> Bool {
        guard tree[node].kind == .element else { return false }
        return isFocusable(node, inheriting: inheritedFocusState(of: node))
    }

    /// The element is focusable and reached with the Tab key: its tabindex, if any, is not
    /// negative.
    public func isInSequentialFocusNavigation(_ node: Int) -> Bool {
        guard isFocusable(node) else { return false }
        return (tabindexValue(of: node) ?? 0) >= 0
    }

    /// Focusability of every node at once, in one pass over the tree (parents come before
    /// their children in it), for rules that ask about every element.
    func focusStates() -> FocusStates {
        var inheritance: [FocusInheritance] = []
        inheritance.reserveCapacity(tree.nodes.count)
        var focusable = [Bool](repeating: false, count: tree.nodes.count)
        var sequential = focusable
        for node in tree.nodes.indices {
            let parentState = tree[node].parent.map { inheritance[$0] }
            let state = focusInheritance(of: node, parent: parentState)
            inheritance.append(state)
            guard tree[node].kind == .element else { continue }
            focusable[node] = isFocusable(node, inheriting: state)
            sequential[node] = focusable[node] && (tabindexValue(of: node) ?? 0) >= 0
        }
        return FocusStates(inheritance: inheritance, focusable: focusable, sequential: sequential)
    }

    // MARK: Pieces

    private func inheritedFocusState(of node: Int) -> FocusInheritance {
        var state: FocusInheritance?
        for index in tree.ancestors(of: node).reversed() + [node] {
            state = focusInheritance(of: index, parent: state)
        }
        return state ?? FocusInheritance()
    }

    private func focusInheritance(of node: Int, parent: FocusInheritance?) -> FocusInheritance {
        var state = parent ?? FocusInheritance()
        let element = tree[node]
        guard element.kind == .element else { return state }
        if rendersNothingItself(node) { state.notRendered = true }
        if element.has("inert") { state.inert = true }
        if let container = element.parent, tree[container].name == "fieldset", tree[container].has("disabled"),
           firstChild(named: "legend", of: container) != node {
            state.inDisabledFieldset = true
        }
        return state
    }

    private func isFocusable(_ node: Int, inheriting state: FocusInheritance) -> Bool {
        let element = tree[node]
        if state.notRendered || state.inert { return false }
        if Self.disableableElements.contains(element.name), element.has("disabled") || state.inDisabledFieldset { return false }
        return tabindexValue(of: node) != nil || isFocusableByNature(node)
    }

    /// Elements the disabled attribute (or a disabled fieldset) takes focus from.
    private static let disableableElements: Set<String> = ["button", "input", "select", "textarea", "optgroup", "option", "fieldset"]

    private func isFocusableByNature(_ node: Int) -> Bool {
        let element = tree[node]
        if let editable = element.attribute("contenteditable"), ["", "true", "plaintext-only"].contains(editable.lowercased()) {
            return true
        }
        switch element.name {
        case "a", "area": return element.has("href")
        case "button", "select", "textarea", "iframe", "embed": return true
        case "input": return (element.attribute("type") ?? "").lowercased() != "hidden"
        case "summary": return element.parent.map { tree[$0].name == "details" && firstChild(named: "summary", of: $0) == node } ?? false
        case "audio", "video": return element.has("controls")
        default: return false
        }
    }

    /// The element itself is not rendered, whatever its ancestors: the same signals as
    /// `isNotRendered`, and the content of a closed details (but its summary) or dialog.
    func rendersNothingItself(_ node: Int) -> Bool {
        let element = tree[node]
        guard element.kind == .element else { return false }
        if ["head", "template", "script", "style", "noscript"].contains(element.name) || element.has("hidden") { return true }
        let style = (element.attribute("style") ?? "").lowercased().replacingOccurrences(of: " ", with: "")
        if style.contains("display:none") || style.contains("visibility:hidden") { return true }
        if let container = element.parent {
            let parent = tree[container]
            if parent.name == "details", !parent.has("open"), firstChild(named: "summary", of: container) != node { return true }
            if parent.name == "dialog", !parent.has("open") { return true }
        }
        return false
    }

    private func firstChild(named name: String, of node: Int) -> Int? {
        tree[node].children.first { tree[$0].kind == .element && tree[$0].name == name }
    }
}
