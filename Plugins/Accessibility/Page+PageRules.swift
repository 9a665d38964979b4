import AllmenningCore
import Foundation

/// What the page-level and attribute rules need to know, each computed in one pass over the
/// nodes (parents come before their children), so that deep documents cost linear time.
extension Page {
    // MARK: Language of parts

    /// The elements inside body with a non-empty `lang` from which some text takes its
    /// language (ACT's "text inheriting its programmatic language"): a text node that is
    /// rendered (visible or in the accessibility tree), or the accessible name or description
    /// of an element exposed to assistive technology, with no element in between that has a
    /// non-empty `lang` of its own.
    func elementsWhoseLanguageIsUsed(style: PageStyle) -> [Int] {
        let count = tree.nodes.count
        var owner = [Int?](repeating: nil, count: count)
        var inBody = Array(repeating: false, count: count)
        var ariaHidden = Array(repeating: false, count: count)
        var used = Array(repeating: false, count: count)
        let nodes = tree.nodes
        for index in 0..<count {
            let node = nodes[index]
            let parent = node.parent
            if node.kind == .text {
                guard let parent, let language = owner[parent] else { continue }
                if !style.notRendered[index] && !node.text.allSatisfy(\.isWhitespace) { used[language] = true }
                continue
            }
            inBody[index] = node.name == "body" || (parent.map { inBody[$0] } ?? false)
            let hasLanguage = !(node.attribute("lang") ?? "").isEmpty
            owner[index] = hasLanguage ? index : parent.flatMap { owner[$0] }
            ariaHidden[index] = (parent.map { ariaHidden[$0] } ?? false) || Page.setsAriaHidden(node)
            if let language = owner[index], !node.attributes.isEmpty, !style.notRendered[index], !ariaHidden[index], hasAccessibleText(index) {
                used[language] = true
            }
        }
        return (0..<count).filter { index in
            tree[index].kind == .element && used[index] && inBody[index] && !style.foreign[index]
                && !(tree[index].attribute("lang") ?? "").isEmpty
        }
    }

    /// The element names or describes itself with text of its own (not its content): alt,
    /// aria-label, title, aria-description, placeholder, a button's value, or the text of the
    /// elements aria-labelledby or aria-describedby point to.
    private func hasAccessibleText(_ index: Int) -> Bool {
        let element = tree.nodes[index]
        func nonEmpty(_ name: String) -> Bool {
            !(element.attribute(name) ?? "").isBlank
        }
        if nonEmpty("aria-label") || nonEmpty("title") || nonEmpty("aria-description") { return true }
        let type = (element.attribute("type") ?? "").lowercased()
        switch element.name {
        case "img", "area": if nonEmpty("alt") { return true }
        case "input":
            if type == "image" && nonEmpty("alt") { return true }
            if ["button", "submit", "reset"].contains(type) && nonEmpty("value") { return true }
            if nonEmpty("placeholder") { return true }
        case "textarea": if nonEmpty("placeholder") { return true }
        default: break
        }
        for reference in ["aria-labelledby", "aria-describedby"] {
            for id in (element.attribute(reference) ?? "").split(whereSeparator: \.isWhitespace) {
                if let target = tree.element(id: String(id)),
                   !tree.textContent(of: target).isBlank {
                    return true
                }
            }
        }
        return false
    }

    // MARK: Meta elements

    /// `meta` elements that the document processes: not inside a template (inert) or noscript
    /// (raw text when scripts run, as in browsers).
    func processedMetaElements() -> [Int] {
        var inert = Array(repeating: false, count: tree.nodes.count)
        var result: [Int] = []
        for index in tree.nodes.indices where tree[index].kind == .element {
            let name = tree[index].name
            inert[index] = (tree[index].parent.map { inert[$0] } ?? false) || name == "template" || name == "noscript"
            if name == "meta" && !inert[index] { result.append(index) }
        }
        return result
    }

    /// The first `<meta http-equiv="refresh">` whose content browsers act on, with its delay in
    /// seconds (ACT bc659a and bisz58 apply to this one only).
    func firstValidRefresh() -> (element: Int, delay: Int)? {
        for meta in processedMetaElements() {
            guard attribute("http-equiv", of: meta)?.trimmingCharacters(in: .whitespaces).lowercased() == "refresh",
                  let content = attribute("content", of: meta), let delay = Self.refreshDelay(content) else { continue }
            return (meta, delay)
        }
        return nil
    }

    private static func isASCIIWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        ["\t", "\n", "\u{0C}", "\r", " "].contains(scalar)
    }

    /// The delay of a refresh's content as HTML's "shared declarative refresh steps" read it:
    /// digits (or a dot), then a separator or the end; nil when browsers ignore the value
    /// ("", "; 30", "+5", "0: url", "-1").
    static func refreshDelay(_ content: String) -> Int? {
        let scalars = Array(content.unicodeScalars)
        var position = 0
        while position < scalars.count, isASCIIWhitespace(scalars[position]) { position += 1 }
        let start = position
        while position < scalars.count, ("0"..."9").contains(scalars[position]) { position += 1 }
        var delay = 0
        if position == start {
            guard position < scalars.count, scalars[position] == "." else { return nil }
        } else {
            // Absurdly long delays saturate: they are more than 20 hours all the same.
            delay = Int(String(String.UnicodeScalarView(scalars[start..<position]))) ?? Int.max
        }
        while position < scalars.count, ("0"..."9").contains(scalars[position]) || scalars[position] == "." { position += 1 }
        if position < scalars.count {
            let next = scalars[position]
            guard next == ";" || next == "," || isASCIIWhitespace(next) else { return nil }
        }
        return delay
    }

    /// The properties of a viewport meta's content, keys in lower case, the last of a key
    /// winning, split as CSS Device Adaptation's parsing algorithm splits them (separators are
    /// white space, commas and semicolons; `key = value`).
    static func viewportProperties(_ content: String) -> [String: String] {
        let scalars = Array(content.unicodeScalars)
        func isSeparator(_ scalar: Unicode.Scalar) -> Bool { isASCIIWhitespace(scalar) || scalar == "," || scalar == ";" }
        var properties: [String: String] = [:]
        var position = 0
        while position < scalars.count {
            while position < scalars.count, isSeparator(scalars[position]) || scalars[position] == "=" { position += 1 }
            let nameStart = position
            while position < scalars.count, !isSeparator(scalars[position]), scalars[position] != "=" { position += 1 }
            let name = String(String.UnicodeScalarView(scalars[nameStart..<position])).lowercased()
            while position < scalars.count, isASCIIWhitespace(scalars[position]) { position += 1 }
            var value = ""
            if position < scalars.count, scalars[position] == "=" {
                position += 1
                while position < scalars.count, isASCIIWhitespace(scalars[position]) { position += 1 }
                let valueStart = position
                while position < scalars.count, !isSeparator(scalars[position]), scalars[position] != "=" { position += 1 }
                value = String(String.UnicodeScalarView(scalars[valueStart..<position])).lowercased()
            }
            if !name.isEmpty { properties[name] = value }
        }
        return properties
    }

    /// The number a viewport value starts with, as C's strtod reads it ("2.0", "5abc"); nil
    /// when it starts with none.
    static func leadingNumber(_ value: String) -> Double? {
        let scalars = Array(value.unicodeScalars)
        var end = 0
        if end < scalars.count, scalars[end] == "+" || scalars[end] == "-" { end += 1 }
        var digits = 0
        while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1; digits += 1 }
        if end < scalars.count, scalars[end] == "." {
            end += 1
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1; digits += 1 }
        }
        guard digits > 0 else { return nil }
        if end < scalars.count, scalars[end] == "e" || scalars[end] == "E" {
            var exponent = end + 1
            if exponent < scalars.count, scalars[exponent] == "+" || scalars[exponent] == "-" { exponent += 1 }
            let exponentStart = exponent
            while exponent < scalars.count, ("0"..."9").contains(scalars[exponent]) { exponent += 1 }
            if exponent > exponentStart { end = exponent }
        }
        var text = String(String.UnicodeScalarView(scalars[..<end]))
        if text.hasSuffix(".") { text += "0" }
        if text.hasPrefix(".") || text.hasPrefix("+.") || text.hasPrefix("-.") { text = text.replacingOccurrences(of: ".", with: "0.") }
        return Double(text)
    }

    // MARK: Form fields

    /// Disabled as ACT defines it: `disabled` on the field or on a fieldset around it (outside
    /// that fieldset's first legend), or aria-disabled="true" on it or an ancestor.
    func isDisabled(_ node: Int) -> Bool {
        let element = tree[node]
        if ["button", "input", "select", "textarea", "optgroup", "option", "fieldset"].contains(element.name), element.has("disabled") {
            return true
        }
        var child = node
        for ancestor in tree.ancestors(of: node) {
            let current = tree[ancestor]
            if current.attribute("aria-disabled")?.trimmingCharacters(in: .whitespaces).lowercased() == "true" { return true }
            if current.name == "fieldset", current.has("disabled") {
                let firstLegend = current.children.first { tree[$0].kind == .element && tree[$0].name == "legend" }
                if child != firstLegend { return true }
            }
            child = ancestor
        }
        return element.attribute("aria-disabled")?.trimmingCharacters(in: .whitespaces).lowercased() == "true"
    }

    /// The tabindex attribute parsed as HTML's rules for integers; nil when absent or invalid.
    func tabIndex(of node: Int) -> Int? {
        guard let value = attribute("tabindex", of: node)?.trimmingCharacters(in: .whitespaces) else { return nil }
        let sign = value.hasPrefix("-") ? -1 : 1
        let digits = value.drop { $0 == "-" || $0 == "+" }.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, value.filter({ $0 == "-" || $0 == "+" }).count <= 1 else { return nil }
        return Int(digits).map { $0 * sign }
    }

    /// WAI-ARIA 1.2's widget roles, composite ones included.
    static let widgetRoles: Set<String> = [
        "button", "checkbox", "gridcell", "link", "menuitem", "menuitemcheckbox", "menuitemradio", "option", "progressbar",
        "radio", "scrollbar", "searchbox", "separator", "slider", "spinbutton", "switch", "tab", "tabpanel", "textbox",
        "treeitem", "combobox", "grid", "listbox", "menu", "menubar", "radiogroup", "tablist", "tree", "treegrid",
    ]
}
